// The per-document state cache: one step per typed character, and after any edit (above
// the cursor, undo, paste, another document) exactly the state a cold start would give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelConfig } from '../../../../src/core/model/config';
import { initWeights } from '../../../../src/core/model/initWeights';
import { InferenceModel, type InferenceState } from '../../../../src/core/infer/inferenceModel';
import { type PrepareOptions, StateCache } from '../../../../src/core/infer/stateCache';
import { networkWindow } from '../../../../src/core/infer/networkWindow';

const config: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 8, hiddenSize: 16, layers: 2 };
const model = new InferenceModel(config, initWeights(config, 5));
const CONTEXT = 64;

function coldState(before: string): { state: InferenceState; logits: Float32Array } {
  const prepared = new StateCache(model).prepare('k', before, CONTEXT)!;
  return { state: model.cloneState(prepared.state), logits: prepared.logits.slice() };
}

function assertSameAsCold(cache: StateCache, key: string, before: string, options: PrepareOptions = {}): void {
  const got = cache.prepare(key, before, CONTEXT, options)!;
  const cold = coldState(before);
  for (let l = 0; l < config.layers; l++) {
    assert.deepEqual(got.state.h[l], cold.state.h[l]);
    assert.deepEqual(got.state.c[l], cold.state.c[l]);
  }
  assert.deepEqual(got.logits, cold.logits);
}

const text = 'const total = values.reduce((a, b) => a + b, 0);\nfunction mean(values) {\n  return total / values.length;\n}\n'; // > 64 chars

test('the context window depends only on the text before the cursor, and holds half to all of contextLength', () => {
  for (let n = 0; n <= text.length; n++) {
    const w = networkWindow(text.slice(0, n), CONTEXT);
    assert.equal(w.text, text.slice(w.anchor, n));
    assert.ok(w.text.length <= CONTEXT && (n < CONTEXT || w.text.length >= CONTEXT / 2));
    assert.equal(w.anchor % (CONTEXT / 2), 0);
  }
  // Never splits a surrogate pair.
  const w = networkWindow('x'.repeat(31) + '🙂' + 'y'.repeat(40), CONTEXT);
  assert.equal(w.anchor, 33);
  assert.equal(networkWindow('ab\ud83d', CONTEXT).text, 'ab');
});

test('typing one more character costs one model step (two past the first S characters: one for the state tracked ahead); the same request costs none', () => {
  const cache = new StateCache(model);
  cache.prepare('doc', text.slice(0, 20), CONTEXT);
  let before = cache.steps;
  cache.prepare('doc', text.slice(0, 21), CONTEXT);
  assert.equal(cache.steps - before, 1);
  cache.prepare('doc', text.slice(0, 40), CONTEXT, { aheadSteps: Infinity }); // the state tracked ahead is up to date
  before = cache.steps;
  cache.prepare('doc', text.slice(0, 41), CONTEXT);
  assert.equal(cache.steps - before, 2);
  cache.prepare('doc', text.slice(0, 41), CONTEXT);
  assert.equal(cache.steps - before, 2);
  assertSameAsCold(cache, 'doc', text.slice(0, 41));
});

test('typing across the point where the window moves on costs no more than two steps per character', () => {
  const cache = new StateCache(model);
  cache.prepare('doc', text.slice(0, 33), CONTEXT);
  for (let n = 34; n <= 100; n++) {
    const before = cache.steps;
    assertSameAsCold(cache, 'doc', text.slice(0, n)); // the window restarts at 64 and 96
    assert.ok(cache.steps - before <= 2, `at ${n}: ${cache.steps - before} steps`);
  }
});

test('an edit above the cursor, an undo, a paste and a deletion give the cold-start state', () => {
  const cache = new StateCache(model, { snapshotEvery: 8 });
  const cursor = 60;
  cache.prepare('doc', text.slice(0, cursor), CONTEXT);
  const edited = text.slice(0, 45) + 'X' + text.slice(45, cursor);
  const stepsBefore = cache.steps;
  assertSameAsCold(cache, 'doc', edited, { aheadSteps: 0 });
  assert.equal(cache.steps - stepsBefore, edited.length - 40, 'rolled back to the snapshot at 40 (edit at 45), not to the start');
  assertSameAsCold(cache, 'doc', text.slice(0, cursor)); // undo
  assertSameAsCold(cache, 'doc', text.slice(0, cursor) + 'pasted text\n\twith tabs'); // paste
  assertSameAsCold(cache, 'doc', text.slice(0, 20)); // deleted back
  assertSameAsCold(cache, 'doc', 'é🙂' + text.slice(0, 30)); // edit at the very top, multi-byte
});

test('documents do not share state; the window moving to a new anchor gives the cold-start state', () => {
  const cache = new StateCache(model);
  cache.prepare('a', text.slice(0, 50), CONTEXT);
  cache.prepare('b', 'something else entirely', CONTEXT);
  assertSameAsCold(cache, 'a', text.slice(0, 50));
  assertSameAsCold(cache, 'b', 'something else entirely');
  for (let n = 50; n <= text.length; n++) assertSameAsCold(cache, 'a', text.slice(0, n)); // crosses anchors 32 and 64
});

test('work done in slices continues where it stopped', () => {
  const cache = new StateCache(model);
  const before = text.slice(0, 63);
  let slices = 0;
  while (!cache.prepare('doc', before, CONTEXT, { maxSteps: 10, aheadSteps: 0 })) slices++;
  assert.ok(slices >= 5);
  assert.equal(cache.steps, 63);
  assert.equal(cache.aheadReady('doc'), false);
  while (!cache.aheadReady('doc')) cache.prepare('doc', before, CONTEXT, { aheadSteps: 10 });
  assert.equal(cache.steps, 63 + (63 - 32)); // the state tracked ahead from anchor 32
  assertSameAsCold(cache, 'doc', before);
});
