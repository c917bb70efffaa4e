import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ByteHistory } from '../../../../src/core/predict/byteHistory';
import { Cursor } from '../../../../src/core/predict/cursor';
import { MATCH_SOURCES, PredictorStack } from '../../../../src/core/predict/predictorStack';
import { TextScorer } from '../../../../src/core/predict/textScorer';

const bytes = (text: string) => new TextEncoder().encode(text);
const small = { tableBuckets: 1 << 12, workspaceBytes: 1 << 16 };
const code = `export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport function sub(a: number, b: number): number {\n  return a - b;\n}\n`;

function trained(): PredictorStack {
  const stack = new PredictorStack(small);
  const scorer = new TextScorer(stack, undefined);
  for (let i = 0; i < 3; i++) scorer.readFile(bytes(code));
  return stack;
}

function cursorAfter(stack: PredictorStack, text: string, document: ByteHistory): Cursor {
  const cursor = new Cursor(MATCH_SOURCES);
  for (const b of bytes(text)) {
    cursor.push(b, stack.histories(document));
    document.append(b);
  }
  return cursor;
}

const tableHash = (stack: PredictorStack) => createHash('sha256').update(stack.table.bytes).digest('hex');

test('stack: the distribution sums to 1 and agrees with probability() for every byte, with and without an LSTM input', () => {
  const stack = trained();
  const document = new ByteHistory(1024, 12);
  const cursor = cursorAfter(stack, 'export function mul(a: num', document);
  const lstm = new Float32Array(256).fill(0.5 / 255);
  lstm['b'.charCodeAt(0)] = 0.5;
  for (const input of [undefined, lstm]) {
    const dist = stack.distribution(cursor, document, input, new Float32Array(256));
    const total = dist.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 1) < 1e-4, `sums to ${total}`);
    for (let b = 0; b < 256; b++) {
      const p = stack.probability(cursor, document, input, b);
      assert.ok(Math.abs(p - dist[b]) <= 1e-6 + 1e-4 * p, `byte ${b}: ${p} vs ${dist[b]}`);
    }
  }
});

test('stack: after learning some code, its continuation is the most likely byte, by far', () => {
  const stack = trained();
  const document = new ByteHistory(1024, 12);
  const cursor = cursorAfter(stack, 'export function add(a: number, b: num', document);
  const dist = stack.distribution(cursor, document, undefined, new Float32Array(256));
  assert.ok(dist['b'.charCodeAt(0)] > 0.9, `P("b") = ${dist['b'.charCodeAt(0)]}`);
});

test('stack: predicting (probability, distribution) never changes what it has learned; learnByte does', () => {
  const stack = trained();
  const before = tableHash(stack);
  const mixerBefore = stack.mixer.weights.layer1[0].slice();
  const document = new ByteHistory(1024, 12);
  const cursor = cursorAfter(stack, 'export const zeta = 1;\nexport func', document);
  stack.distribution(cursor, document, undefined, new Float32Array(256));
  stack.probability(cursor, document, undefined, 0x74);
  assert.equal(tableHash(stack), before);
  assert.deepEqual(stack.mixer.weights.layer1[0], mixerBefore);
  const p = stack.probability(cursor, document, undefined, 0x74);
  assert.equal(stack.learnByte(cursor, document, undefined, 0x74), p, 'learnByte returns what probability() said, before learning');
  assert.notEqual(tableHash(stack), before);
});

test('stack: the same text gives the same bits, to the last digit (deterministic)', () => {
  const run = () => {
    const scorer = new TextScorer(new PredictorStack(small), undefined);
    scorer.readFile(bytes(code));
    scorer.readFile(bytes(code.toUpperCase()));
    return scorer.totals.bits;
  };
  assert.equal(run(), run());
});

test('text scorer: reading is prequential: a file costs many bits the first time and few the second', () => {
  const scorer = new TextScorer(new PredictorStack(small), undefined);
  scorer.readFile(bytes(code));
  const first = scorer.totals.bits;
  scorer.readFile(bytes(code));
  const second = scorer.totals.bits - first;
  assert.equal(scorer.totals.chars, 2 * code.length);
  assert.ok(first / code.length > 2, `first read: ${first / code.length} bits/char`);
  assert.ok(second / code.length < 0.5, `second read copies it: ${second / code.length} bits/char`);
});

test('stack: topBytes finds the k most likely bytes of the full distribution, in order, with their probabilities', () => {
  const stack = trained();
  const document = new ByteHistory(1024, 12);
  for (const text of ['export function add(a: number, b: num', 'export f', '\n', 'x']) {
    const cursor = cursorAfter(stack, text, document);
    const dist = stack.distribution(cursor, document, undefined, new Float32Array(256));
    const expected = [...dist.keys()].sort((a, b) => dist[b] - dist[a]).slice(0, 5);
    const bytesOut = new Int32Array(5);
    const probsOut = new Float64Array(5);
    const found = stack.topBytes(cursor, document, undefined, 5, 0, bytesOut, probsOut);
    assert.equal(found, 5);
    assert.deepEqual([...bytesOut], expected, `after ${JSON.stringify(text)}`);
    for (let i = 0; i < 5; i++) assert.ok(Math.abs(probsOut[i] - dist[bytesOut[i]]) < 1e-5);
    const few = stack.topBytes(cursor, document, undefined, 5, 0.5, bytesOut, probsOut);
    assert.equal(few, dist[expected[0]] >= 0.5 ? 1 : 0, 'minProbability stops the search');
  }
});
