// Dynamic evaluation of the output layer on a real (fixture) model: the head learns what it
// reads and predicts repeated code better; the guard falls back to the trained head where
// adapting hurts; restore() gives the trained head back; the documents' heads are bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readCheckpoint } from '../../../../src/core/model/checkpoint';
import { InferenceModel, type InferenceState } from '../../../../src/core/infer/inferenceModel';
import { AdaptiveLstm } from '../../../../src/core/infer/adaptiveLstm';
import { SteppedLstm } from '../../../../src/core/infer/steppedLstm';
import { DEFAULT_DYNAMIC_EVAL, type DynamicEvalOptions } from '../../../../src/core/infer/adaptedHead';
import { DocumentHeads } from '../../../../src/core/infer/documentHeads';
import type { LstmSource } from '../../../../src/core/predict/lstmSource';

const fixture = readCheckpoint(path.join(__dirname, '..', '..', '..', 'fixtures', 'models', 'tiny-lstm.recur'));
const model = new InferenceModel(fixture.model, fixture.weights);
const code = Buffer.from('export function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(6));

function bitsPerByte(source: LstmSource, text: Uint8Array): number {
  source.reset();
  let bits = 0;
  for (const byte of text) {
    bits -= Math.log2(source.distribution()![byte]);
    source.advance(byte);
  }
  return bits / text.length;
}

function stateAfter(text: string): InferenceState {
  const state = model.newState();
  model.advance(state, Buffer.from(text));
  return state;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

test('the adapted head learns what it reads: its logits move, repeated code costs fewer bits, restore() gives the trained head back', () => {
  const trained = bitsPerByte(new SteppedLstm(model), code);
  const adaptive = new AdaptiveLstm(model, DEFAULT_DYNAMIC_EVAL);
  const adapted = bitsPerByte(adaptive, code);
  assert.ok(adapted < 0.9 * trained, `adapted ${adapted} vs trained ${trained} bits/byte`);
  assert.equal(adaptive.head.bytesLearned, code.length);
  assert.ok(adaptive.head.usesAdapted);
  const state = stateAfter('export function add(a: number, b: number): number {\n  return ');
  const trainedLogits = model.logits(state, new Float32Array(256));
  assert.ok(maxAbsDiff(adaptive.head.logitsAt(state, new Float32Array(256)), trainedLogits) > 0.05, 'the head changed');
  adaptive.head.restore();
  assert.deepEqual(adaptive.head.logitsAt(state, new Float32Array(256)), trainedLogits);
});

test('the guard falls back to the trained head where adapting hurts (a learning rate far too high), and costs nothing where it helps', () => {
  const tooHigh: DynamicEvalOptions = { ...DEFAULT_DYNAMIC_EVAL, learningRate: 1, decay: 0 };
  const trained = bitsPerByte(new SteppedLstm(model), code);
  const unguarded = bitsPerByte(new AdaptiveLstm(model, { ...tooHigh, guard: false }), code);
  assert.ok(unguarded > 2 * trained, `adapting at lr 1 hurts: ${unguarded} vs ${trained} bits/byte`);
  const guarded = new AdaptiveLstm(model, tooHigh);
  const bits = bitsPerByte(guarded, code);
  // The guard compares the heads on one byte in four: a few bytes pass before it falls back.
  assert.ok(bits < 1.05 * trained, `guarded ${bits} vs trained ${trained} bits/byte`);
  assert.equal(guarded.head.usesAdapted, false);
  const state = stateAfter('export function ');
  guarded.head.evaluate(state);
  assert.deepEqual(guarded.head.logits(), model.logits(state, new Float32Array(256)), 'predictions are the trained head exactly');
  assert.ok(guarded.head.bytesLearned === code.length, 'the adapted head kept learning meanwhile');
  // Where adapting helps, the guard uses the adapted head once it has learned 256 bytes: far below the trained head, a little above no guard.
  const longer = Buffer.from(code.toString().repeat(5));
  const helped = bitsPerByte(new AdaptiveLstm(model, DEFAULT_DYNAMIC_EVAL), longer);
  const helpedUnguarded = bitsPerByte(new AdaptiveLstm(model, { ...DEFAULT_DYNAMIC_EVAL, guard: false }), longer);
  assert.ok(helped < 1.06 * helpedUnguarded && helped < 0.9 * bitsPerByte(new SteppedLstm(model), longer), `${helped} vs ${helpedUnguarded}`);
});

test("the documents' heads are bounded: the least recently used one is restored and serves the next document", () => {
  const heads = new DocumentHeads(model, { ...DEFAULT_DYNAMIC_EVAL, maxDocuments: 2 });
  const state = stateAfter('return ');
  const learn = (key: string) => {
    const head = heads.get(key);
    head.evaluate(state);
    head.learn(0x61);
    return head;
  };
  const a = learn('a');
  learn('b');
  assert.equal(heads.get('a'), a, 'a is remembered (and now the most recently used)');
  const c = learn('c'); // b goes
  assert.equal(heads.size, 2);
  assert.equal(heads.made, 2, 'no third head was made');
  assert.equal(heads.peek('b'), undefined);
  assert.equal(heads.get('a').bytesLearned, 1);
  assert.equal(c.bytesLearned, 1, 'the reused head started from the trained one');
  heads.forget('a');
  assert.equal(heads.peek('a'), undefined);
  assert.equal(heads.get('d').bytesLearned, 0, "a forgotten document's head is restored before reuse");
  assert.equal(heads.made, 2);
});
