// The completion path: stopping rules, the right-of-cursor rule, ranking, reproducibility.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readCheckpoint } from '../../../src/core/model/checkpoint';
import { completeText, DEFAULT_COMPLETION_OPTIONS, type CompletionOptions } from '../../../src/core/infer/complete';
import { InferenceModel } from '../../../src/core/infer/inferenceModel';
import { restOfLine, trimRightOverlap } from '../../../src/core/infer/rightContext';
import { bigramModel } from './bigramModel';

const greedy: CompletionOptions = { ...DEFAULT_COMPLETION_OPTIONS, sampling: 'greedy', candidates: 1 };
const texts = (model: InferenceModel, before: string, after = '', options: Partial<CompletionOptions> = {}) =>
  completeText(model, before, after, { ...greedy, ...options }).map((c) => c.text);

test('stops at the end of the line by default, and after maxLines lines otherwise', () => {
  const model = bigramModel({ a: { b: 1 }, b: { '\n': 1 }, '\n': { c: 1 }, c: { '\n': 1 } });
  assert.deepEqual(texts(model, 'xa'), ['b']);
  assert.deepEqual(texts(model, 'xa', '', { maxLines: 2 }), ['b\nc']);
  assert.deepEqual(texts(model, 'xa', '', { maxLines: 3 }), ['b\nc\nc']);
});

test('does not end a suggestion with the \\r of a CRLF line break', () => {
  const model = bigramModel({ a: { b: 1 }, b: { '\r': 1 }, '\r': { '\n': 1 }, '\n': { c: 1 } });
  assert.deepEqual(texts(model, 'a'), ['b']);
  assert.deepEqual(texts(model, 'a', '', { maxLines: 2 }), ['b\r\nc']);
});

test('stops after maxCharacters characters, counting a multi-byte character once', () => {
  // é is C3 A9 in UTF-8: a -> C3 -> A9 -> a ...
  const model = bigramModel({ a: { '\xc3': 1 }, '\xc3': { '\xa9': 1 }, '\xa9': { a: 1 } });
  assert.deepEqual(texts(model, 'a', '', { maxCharacters: 5 }), ['éaéaé']);
  assert.deepEqual(texts(model, 'a', '', { maxCharacters: 2 }), ['éa']);
  // A lead byte followed by a non-continuation byte is not a character: stop before it.
  const broken = bigramModel({ a: { b: 1 }, b: { '\xc3': 1 }, '\xc3': { z: 1 } });
  assert.deepEqual(texts(broken, 'a'), ['b']);
});

test('shows nothing when the first character is below minConfidence, and stops where confidence drops', () => {
  const model = bigramModel({ x: { y: 0.5, z: 0.5 }, a: { b: 0.95, q: 0.05 }, b: { c: 0.5, d: 0.5 } });
  assert.deepEqual(texts(model, 'x', '', { minConfidence: 0.6 }), []);
  assert.equal(texts(model, 'x', '', { minConfidence: 0.4 }).length, 1);
  assert.deepEqual(texts(model, 'a', '', { minConfidence: 0.6 }), ['b']);
  assert.deepEqual(texts(model, 'a', '', { minConfidence: 0.4 }).map((t) => t.slice(0, 2)), ['bc']);
});

test('never suggests only what is already right of the cursor, and does not duplicate it', () => {
  const model = bigramModel({ a: { b: 1 }, b: { ')': 1 }, ')': { '\n': 1 } });
  assert.deepEqual(texts(model, 'a', ')'), ['b']); // "b)" before ")" -> "b"
  assert.deepEqual(texts(model, 'a', 'b)'), []); // "b)" only repeats "b)"
  assert.deepEqual(texts(model, 'a', 'b) + 1\nmore'), []);
  assert.deepEqual(texts(model, 'a', '\n)'), ['b)']); // the next line does not count
  assert.equal(restOfLine('x)\r\ny'), 'x)');
  assert.equal(trimRightOverlap('foo)', ');'), 'foo');
  assert.equal(trimRightOverlap('foo', 'bar'), 'foo');
});

const fixture = readCheckpoint(path.join(__dirname, '..', '..', 'fixtures', 'models', 'tiny-lstm.recur'));
const tiny = new InferenceModel(fixture.model, fixture.weights);

test('the fixture model continues its training text', () => {
  const [first] = completeText(tiny, 'export function add(a: number, b: number): number {\n  return a', '', { ...greedy });
  assert.equal(first.text, ' + b;');
});

test('sampling is reproducible with a seed; candidates are distinct and ranked by mean log-probability', () => {
  const before = 'export function clamp(';
  const options = { ...DEFAULT_COMPLETION_OPTIONS, candidates: 5, temperature: 1, minConfidence: 0.05 };
  const a = completeText(tiny, before, '', { ...options, seed: 11 });
  assert.deepEqual(completeText(tiny, before, '', { ...options, seed: 11 }), a);
  const others = [12, 13, 14, 15].map((seed) => completeText(tiny, before, '', { ...options, seed }));
  assert.ok(others.some((o) => JSON.stringify(o) !== JSON.stringify(a)), 'another seed draws something else');
  assert.equal(new Set(a.map((c) => c.text)).size, a.length);
  for (let i = 1; i < a.length; i++) assert.ok(a[i - 1].meanLogProb >= a[i].meanLogProb);
  assert.ok(a.length >= 2);
});
