// The suggestion search and its stopping rule on a tiny model with known probabilities (a
// bigram table: bigramModel.ts), through the completion engine the editor uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readCheckpoint } from '../../../../src/core/model/checkpoint';
import { InferenceModel } from '../../../../src/core/infer/inferenceModel';
import { restOfLine } from '../../../../src/core/complete/textAfterCursor';
import { CompletionEngine, DEFAULT_ENGINE_OPTIONS, type EngineOptions } from '../../../../src/core/complete/completionEngine';
import { repeatedTail } from '../../../../src/core/complete/suggest';
import { ACCEPTANCE_EXPONENT } from '../../../../src/core/complete/calibration';
import { stackFromSection } from '../../../../src/core/predict/stackState';
import { bigramModel } from '../../helpers/bigramModel';

// One line unless a test says otherwise (the default is three: multi-line has tests of its own).
const options: EngineOptions = { ...DEFAULT_ENGINE_OPTIONS, minAcceptProbability: 0, maxLines: 1 };

function suggestions(model: InferenceModel, before: string, after = '', extra: Partial<EngineOptions> = {}, explicit = false) {
  return new CompletionEngine(model, undefined).complete('doc', { before, beforeStart: 0, after }, { ...options, ...extra }, explicit);
}
const texts = (model: InferenceModel, before: string, after = '', extra: Partial<EngineOptions> = {}, explicit = false) => suggestions(model, before, after, extra, explicit).map((s) => s.text);

test('stopping rule: the suggestion ends where A_L · (L − 1) peaks, A_L = P_L ** 1.4 (hand-computed)', () => {
  // The greedy path after "x", its probabilities, and the expected savings A_L · (L − 1):
  //   L = 2 "yz"     P = 0.9 · 0.9       = 0.81     A = 0.7445   saving 0.7445
  //   L = 3 "yzw"    P = 0.81 · 0.55     = 0.4455   A = 0.3224   saving 0.6448
  //   L = 4 "yzwv"   P = 0.4455 · 1      = 0.4455   A = 0.3224   saving 0.9672   <- the maximum
  const model = bigramModel({ x: { y: 0.9, q: 0.1 }, y: { z: 0.9, q: 0.1 }, z: { w: 0.55, q: 0.45 }, w: { v: 1 }, v: { u: 0.2, t: 0.8 }, t: { s: 0.3, r: 0.7 }, r: { '\n': 1 } });
  //   L = 5 "yzwvt"  P = 0.3564   A = 0.2359   saving 0.9436   (P_L · (L − 1) would peak here: 1.4256)
  //   L = 6 "yzwvtr" P = 0.2495   A = 0.1432   saving 0.7158
  assert.equal(ACCEPTANCE_EXPONENT, 1.4);
  const [best] = suggestions(model, 'x');
  assert.equal(best.text, 'yzwv');
  assert.ok(Math.abs(best.modelProbability - 0.4455) < 1e-3, `P_L = ${best.modelProbability}`);
  assert.ok(Math.abs(best.acceptProbability - 0.3224) < 1e-3, `A_L = ${best.acceptProbability}`);
  assert.ok(Math.abs(best.expectedSaving - 0.3224 * 3) < 1e-3);
});

test('a one-character suggestion saves nothing and is never shown', () => {
  const model = bigramModel({ a: { b: 1 }, b: { '\n': 1 } });
  assert.deepEqual(texts(model, 'xa'), []);
});

test('shown only when its acceptance probability reaches the threshold', () => {
  const model = bigramModel({ x: { y: 0.7, q: 0.3 }, y: { z: 0.7, q: 0.3 } }); // "yz": P = 0.49, A = 0.49 ** 1.4 = 0.368
  assert.deepEqual(texts(model, 'x', '', { minAcceptProbability: 0.36 }), ['yz']);
  assert.deepEqual(texts(model, 'x', '', { minAcceptProbability: 0.38 }), [], 'P_L (0.49) reaches 0.38, the estimated acceptance does not');
});

test('stops at the end of the line unless multi-line is on and the model is confident enough', () => {
  const model = bigramModel({ a: { b: 1 }, b: { c: 1 }, c: { '\n': 1 }, '\n': { d: 1 }, d: { e: 1 } });
  assert.deepEqual(texts(model, 'xa'), ['bc']);
  assert.deepEqual(texts(model, 'xa', '', { maxLines: 2 }), ['bc\nde']);
  const unsure = bigramModel({ a: { b: 1 }, b: { c: 1 }, c: { '\n': 0.6, q: 0.4 }, '\n': { d: 1 }, d: { e: 1 } });
  assert.deepEqual(texts(unsure, 'xa', '', { maxLines: 2, multiLineMinProbability: 0.8 }), ['bc'], 'P_L would fall to 0.6 at the line break');
  assert.deepEqual(texts(unsure, 'xa', '', { maxLines: 2, multiLineMinProbability: 0.5 }), ['bc\nde']);
});

test('never ends a suggestion with a line break or a blank line after one (Tab would insert what the ghost text does not show)', () => {
  // Greedy path after "a": "bc" (P 1, saving 1), "bc\n" (1, 2), "bc\n\t" (1, 3), "bc\n\te" (0.4, 1.6).
  const model = bigramModel({ a: { b: 1 }, b: { c: 1 }, c: { '\n': 1 }, '\n': { '\t': 1 }, '\t': { e: 0.4, f: 0.35, g: 0.25 }, e: { '\n': 1 } });
  assert.deepEqual(texts(model, 'xa', '', { maxLines: 2 }), ['bc\n\te']);
  const blankAfter = bigramModel({ a: { b: 1 }, b: { c: 1 }, c: { '\n': 1 }, '\n': { '\n': 1 } });
  assert.deepEqual(texts(blankAfter, 'xa', '', { maxLines: 3 }), ['bc']);
});

test('does not end a suggestion with the \\r of a CRLF line break', () => {
  const model = bigramModel({ a: { b: 1 }, b: { c: 1 }, c: { '\r': 1 }, '\r': { '\n': 1 }, '\n': { d: 1 }, d: { e: 1 } });
  assert.deepEqual(texts(model, 'a'), ['bc']);
  assert.deepEqual(texts(model, 'a', '', { maxLines: 2 }), ['bc\r\nde']);
});

test('stops after maxCharacters characters, counting a multi-byte character once, and never emits half a character', () => {
  // é is C3 A9 in UTF-8: a -> C3 -> A9 -> a ...
  const model = bigramModel({ a: { '\xc3': 1 }, '\xc3': { '\xa9': 1 }, '\xa9': { a: 1 } });
  assert.deepEqual(texts(model, 'a', '', { maxCharacters: 5 }), ['éaéaé']);
  assert.deepEqual(texts(model, 'a', '', { maxCharacters: 2 }), ['éa']);
  const broken = bigramModel({ a: { b: 1 }, b: { c: 1 }, c: { '\xc3': 1 }, '\xc3': { z: 1 } });
  assert.deepEqual(texts(broken, 'a'), ['bc']);
});

test('never suggests only what is already right of the cursor, and covers the closer it closes instead of duplicating it', () => {
  const model = bigramModel({ a: { b: 1 }, b: { c: 1 }, c: { ')': 1 }, ')': { '\n': 1 } });
  const [covering] = suggestions(model, 'f(a', ')');
  assert.deepEqual([covering.text, covering.replaceRight], ['bc)', 1]); // "bc)" replacing ")": "f(abc)", once
  const [open] = suggestions(model, 'a', ')');
  assert.deepEqual([open.text, open.replaceRight], ['bc', 0]); // nothing open for ")" to close: it stays the line's
  assert.deepEqual(texts(model, 'a', 'bc)'), []); // only repeats "bc)"
  assert.deepEqual(
    suggestions(model, 'a', '\n)').map((s) => [s.text, s.replaceRight]),
    [['bc)', 0]],
  ); // the next line does not count
  assert.equal(restOfLine('x)\r\ny'), 'x)');
});

test('in the middle of a line, a suggestion ends where it joins the rest of the line; one that never does is not shown', () => {
  const model = bigramModel({ x: { y: 1 }, y: { z: 1 }, z: { F: 1 }, F: { a: 1 }, a: { b: 1 }, b: { '(': 1 }, '(': { '2': 1 } });
  // After "x": "yzFab(2" runs into "Fab(1);" at "Fab(": the suggestion is "yz".
  assert.deepEqual(texts(model, 'x', 'Fab(1);'), ['yz']);
  assert.deepEqual(texts(model, 'x', 'Fa;'), [], '"Fab" is another word than "Fa"');
  assert.deepEqual(texts(model, 'x', 'Bar(1);'), []);
  assert.equal(texts(model, 'x', 'Bar(1);', { midLine: 'any' }).length, 1);
  assert.deepEqual(texts(model, 'x', 'Fab(1);', { midLine: 'never' }), []);
});

test('a loop stops the search: at most two copies of a repeated chunk are suggested', () => {
  const model = bigramModel({ x: { a: 1 }, a: { b: 1 }, b: { c: 1 }, c: { d: 1 }, d: { a: 1 } });
  assert.deepEqual(texts(model, 'x'), ['abcdabcd']);
  assert.equal(repeatedTail(Array.from(new TextEncoder().encode('q: string): string): string)'))), ': string)'.length);
  assert.equal(repeatedTail(Array.from(new TextEncoder().encode('        '))), 0, 'indentation (a 1-byte chunk) is not a loop');
});

test('explicit invoke (candidateSource firstCharacter) offers candidates that differ from their first character, best first', () => {
  const model = bigramModel({ x: { a: 0.5, b: 0.3, c: 0.2 }, a: { a: 1 }, b: { b: 1 }, c: { c: 1 } });
  const found = suggestions(model, 'x', '', { maxCharacters: 4, candidateSource: 'firstCharacter' }, true);
  assert.deepEqual(
    found.map((s) => s.text),
    ['aaaa', 'bbbb', 'cccc'],
  );
  assert.deepEqual(texts(model, 'x', '', { maxCharacters: 4 }), ['aaaa'], 'an automatic trigger gets one');
});

test('typing the start of a shown suggestion keeps the rest of it', () => {
  const model = bigramModel({ x: { y: 0.9, q: 0.1 }, y: { z: 0.9, q: 0.1 }, z: { w: 0.55, q: 0.45 }, w: { v: 1 }, v: { u: 0.2, t: 0.8 }, t: { s: 0.3, r: 0.7 }, r: { '\n': 1 } });
  const engine = new CompletionEngine(model, undefined);
  assert.equal(engine.complete('doc', { before: 'x', beforeStart: 0, after: '' }, options)[0].text, 'yzwv');
  const kept = engine.complete('doc', { before: 'xy', beforeStart: 0, after: '' }, options)[0];
  assert.equal(kept.text, 'zwv');
  assert.equal(kept.typedThrough, true);
  assert.equal(engine.complete('doc', { before: 'xq', beforeStart: 0, after: '' }, options).length, 0, 'typing something else drops it');
  engine.complete('doc', { before: 'x', beforeStart: 0, after: '' }, options);
  const fresh = engine.complete('doc', { before: 'xyzw', beforeStart: 0, after: '' }, options);
  assert.equal(fresh[0]?.typedThrough, undefined, 'one character left of it ("v") saves nothing: a fresh search instead');
});

test('deterministic without dynamic evaluation: a warm cache after an edit gives what a cold start gives (a format-1 checkpoint: the network alone)', () => {
  const fixture = readCheckpoint(path.join(__dirname, '..', '..', '..', 'fixtures', 'models', 'tiny-lstm.recur'));
  assert.equal(fixture.integrity, 'unchecked');
  const tiny = new InferenceModel(fixture.model, fixture.weights);
  const before = 'export function add(a: number, b: number): number {\n  return a';
  const engine = new CompletionEngine(tiny, undefined, undefined, undefined, false);
  engine.complete('doc', { before, beforeStart: 0, after: '' }, options);
  const edited = `// edited\n${before}`;
  const warm = engine.complete('doc', { before: edited, beforeStart: 0, after: '' }, options);
  assert.deepEqual(warm, new CompletionEngine(tiny, undefined, undefined, undefined, false).complete('doc', { before: edited, beforeStart: 0, after: '' }, options));
  // The network alone gives " + b;" only 0.065 (0.39 · 0.727 · 0.914 · 0.379 · 0.661): the
  // expected saving peaks at " + " (P 0.259, saving 0.52).
  assert.equal(warm[0].text, ' + ');
});

test('with context models the fixture continues its text confidently, even where the network alone is unsure', () => {
  const fixture = readCheckpoint(path.join(__dirname, '..', '..', '..', 'fixtures', 'models', 'tiny-mix.recur'));
  const engine = new CompletionEngine(new InferenceModel(fixture.model, fixture.weights), stackFromSection(fixture.context!));
  const [best] = engine.complete('doc', { before: 'export function add(a: number, b: number): number {\n  return a', beforeStart: 0, after: '' }, DEFAULT_ENGINE_OPTIONS);
  assert.equal(best.text, ' + b;');
  assert.ok(best.acceptProbability > 0.5, `${best.acceptProbability}`);
});

test("explicit invoke (candidateSource sample): the search's best first, then sampled continuations by expected saving, deduplicated, the same for the same seed", () => {
  // After "x": "ab..." is the best path; "q" starts a second likely continuation and "z" a rare one.
  const model = bigramModel({ x: { a: 0.6, q: 0.35, z: 0.05 }, a: { b: 1 }, b: { c: 1 }, c: { d: 1 }, q: { r: 1 }, r: { s: 1 }, s: { t: 1 }, z: { y: 1 } });
  const options = { maxCharacters: 4, candidateSource: 'sample' as const, samples: 16, sampleTemperature: 1, sampleSeed: 7 };
  const found = suggestions(model, 'x', '', options, true);
  assert.deepEqual(
    found.map((s) => s.text),
    ['abcd', 'qrst', 'zy'],
  );
  assert.deepEqual(suggestions(model, 'x', '', options, true), found, 'the same seed gives the same candidates');
  // A low temperature rarely leaves the best path: only it remains after deduplication.
  assert.deepEqual(
    suggestions(model, 'x', '', { ...options, sampleTemperature: 0.05 }, true).map((s) => s.text),
    ['abcd'],
  );
  // Below the acceptance threshold nothing is offered (estimated acceptance: "abcd" 0.6 ** 1.4 = 0.49, "qrst" 0.23, "zy" 0.015).
  assert.deepEqual(
    suggestions(model, 'x', '', { ...options, minAcceptProbability: 0.2 }, true).map((s) => s.text),
    ['abcd', 'qrst'],
  );
});

test("a new stack on the same network keeps the documents' network states: no steps, the same suggestion as a fresh engine", () => {
  const file = path.join(__dirname, '..', '..', '..', 'fixtures', 'models', 'tiny-mix.recur');
  const fixture = readCheckpoint(file);
  // A stack per engine, each read anew: a stack learns in the arrays of the section it was built from.
  const stack = () => stackFromSection(readCheckpoint(file).context!);
  const model = new InferenceModel(fixture.model, fixture.weights);
  const request = { before: 'export function add(a: number, b: number): number {\n  return a', beforeStart: 0, after: '' };
  const first = new CompletionEngine(model, stack());
  first.complete('doc', request, DEFAULT_ENGINE_OPTIONS);
  const stepsBefore = first.states.steps;
  const next = new CompletionEngine(model, stack(), undefined, first.states);
  const kept = next.complete('doc', request, DEFAULT_ENGINE_OPTIONS);
  assert.equal(next.states.steps, stepsBefore, 'the kept document needed no network step');
  assert.deepEqual(kept, new CompletionEngine(model, stack()).complete('doc', request, DEFAULT_ENGINE_OPTIONS));
  const otherModel = new InferenceModel(fixture.model, fixture.weights);
  assert.throws(() => new CompletionEngine(otherModel, undefined, undefined, first.states), /another model/);
});
