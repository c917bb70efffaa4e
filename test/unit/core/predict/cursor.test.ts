import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTEXT_COUNT, CONTEXT_NAMES, Cursor } from '../../../../src/core/predict/cursor';
import { classOf } from '../../../../src/core/predict/charClasses';
import { ContextTable } from '../../../../src/core/predict/contextTable';
import { ByteFollowers } from '../../../../src/core/predict/predictors/byteFollowers';
import { newRunMap, RUN_BYTES, RunInfo } from '../../../../src/core/predict/predictors/runInfo';

const bytes = (text: string) => new TextEncoder().encode(text);

function cursorAfter(text: string): Cursor {
  const cursor = new Cursor(0);
  for (const b of bytes(text)) cursor.push(b, []);
  return cursor;
}

/** The hash of the identifier `word` as the cursor computes it (the word's bytes read, then a space). */
function wordHash(word: string): number {
  return cursorAfter(`${word} `).lastWord;
}

test("cursor: the line head is the line's first identifier, counted words follow it, a new line clears both", () => {
  const cursor = cursorAfter('x = 1\n  return value + other');
  assert.equal(cursor.lineHead, wordHash('return'));
  assert.equal(cursor.lineWords, 2, 'return and value completed; other is being typed');
  cursor.push(0x0a, []);
  assert.equal(cursor.lineHead, 0);
  assert.equal(cursor.lineWords, 0);
});

test('cursor: the bracket word is the identifier before the innermost open bracket, restored as brackets close', () => {
  const inner = cursorAfter('if (check(a, b');
  assert.equal(inner.bracketWord, wordHash('check'));
  const outer = cursorAfter('if (check(a, b)');
  assert.equal(outer.bracketWord, wordHash('if'));
  const closed = cursorAfter('if (check(a, b)) ');
  assert.equal(closed.bracketWord, 0);
  const copy = inner.clone();
  copy.push(0x29, []);
  assert.equal(copy.bracketWord, wordHash('if'), 'a clone keeps the stack of bracket words');
  assert.equal(inner.bracketWord, wordHash('check'), 'and the original is unchanged');
});

test('byte followers: the indirect context after two bytes is what followed them before', () => {
  const followers = new ByteFollowers();
  const [a, b] = bytes('ab');
  const before = followers.hash(b, a);
  followers.learn(b, a, 'c'.charCodeAt(0));
  const afterC = followers.hash(b, a);
  assert.notEqual(afterC, before);
  followers.learn(b, a, 'd'.charCodeAt(0));
  assert.notEqual(followers.hash(b, a), afterC, 'the last two followers make the context');
  assert.equal(followers.followers[b | (a << 8)], ('c'.charCodeAt(0) << 8) | 'd'.charCodeAt(0));
});

test('run information: a byte seen again and again in a context pushes toward its bits, harder as the run keeps being right, and nowhere else', () => {
  const table = new ContextTable(16);
  const slots = Int32Array.of(table.bucket(12345));
  const runs = new RunInfo(new Uint8Array(16 * RUN_BYTES), [newRunMap()]);
  const x = 'x'.charCodeAt(0); // 0b01111000
  const push: number[] = [];
  for (let seen = 0; seen < 30; seen++) {
    runs.locate(slots, 0, table.bytes);
    push.push(runs.input(0, 1, 0));
    runs.learnBit(0);
    runs.learnByte(x);
    table.bytes[slots[0] + 1] = 1; // the bucket has learned something: not fresh any more
  }
  assert.equal(push[0], 0, 'nothing seen: no input');
  assert.ok(push[1] < 0, `x's first bit is 0: a push toward 0 (${push[1]})`);
  assert.ok(push[29] < push[1] - 0.5, `a long run that was always right pushes harder (${push[29]} vs ${push[1]})`);
  runs.locate(slots, 0, table.bytes);
  assert.equal(runs.input(0, 3, 1), 0, 'where the bits read so far differ from x (1 then 1), the run has no say');
});

/** The hash of context `name` after `text`. */
function contextHash(text: string, name: (typeof CONTEXT_NAMES)[number]): number {
  const out = new Int32Array(CONTEXT_COUNT);
  cursorAfter(text).contextHashes(out);
  return out[CONTEXT_NAMES.indexOf(name)];
}

test('cursor: the char-class context sees the shape of the last runs of bytes and the last byte', () => {
  const [lower, dot, paren] = ['a', '.', '('].map((c) => classOf(c.charCodeAt(0)));
  const cursor = cursorAfter('foo.bar(');
  assert.equal(cursor.classRuns, (((lower << 5) | dot) << 10) | (lower << 5) | paren, 'runs of one class count once');
  assert.equal(cursor.clone().classRuns, cursor.classRuns);
  assert.equal(contextHash('x = foo.bar(', 'char classes'), contextHash('x = quux.z(', 'char classes'));
  assert.notEqual(contextHash('x = foo.bar(', 'char classes'), contextHash('x = foo.Bar(', 'char classes'));
  assert.notEqual(contextHash('x = foo.bar(', 'char classes'), contextHash('x = foo.bar[', 'char classes'));
});
