// Adam (with its state saved and restored) and the learning-rate schedule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-node';
import * as tf from '../../../../../src/core/train/tf/tf';
import { DEFAULT_TRAIN_CONFIG } from '../../../../../src/core/model/config';
import { Adam } from '../../../../../src/core/train/tf/adam';
import { clipByGlobalNorm } from '../../../../../src/core/train/tf/clipping';
import { budgetProgress, learningRateAt } from '../../../../../src/core/train/schedule';

const gradients = [
  [0.5, -1],
  [0.25, 2],
  [-0.75, 0.1],
  [1, 1],
];

/** Textbook Adam in float64. */
function referenceAdam(steps: number, lr: number): number[] {
  const p = [1, -2];
  const m = [0, 0];
  const v = [0, 0];
  for (let t = 1; t <= steps; t++) {
    const g = gradients[t - 1];
    for (let i = 0; i < 2; i++) {
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      p[i] -= (lr * (m[i] / (1 - 0.9 ** t))) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8);
    }
  }
  return p;
}

test('Adam matches the textbook update, and a save/restore in the middle changes nothing', () => {
  const lr = 0.1;
  const straight = { w: tf.variable(tf.tensor1d([1, -2])) };
  const adam = new Adam(straight);
  for (const g of gradients) adam.apply({ w: tf.tensor1d(g) }, lr);
  const expected = referenceAdam(4, lr);
  const got = Array.from(straight.w.dataSync());
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(got[i] - expected[i]) < 1e-5, `${got[i]} vs ${expected[i]}`);
  assert.equal(adam.step, 4);

  const first = { w: tf.variable(tf.tensor1d([1, -2])) };
  const before = new Adam(first);
  for (const g of gradients.slice(0, 2)) before.apply({ w: tf.tensor1d(g) }, lr);
  const saved = before.exportState();
  assert.equal(saved.step, 2);
  const resumed = { w: tf.variable(tf.tensor1d(first.w.dataSync() as Float32Array)) };
  const after = new Adam(resumed, saved);
  for (const g of gradients.slice(2)) after.apply({ w: tf.tensor1d(g) }, lr);
  assert.deepEqual(Array.from(resumed.w.dataSync()), got);
  // Not vacuous: starting the moments over gives a different result.
  const fresh = { w: tf.variable(tf.tensor1d(first.w.dataSync() as Float32Array)) };
  const restarted = new Adam(fresh);
  for (const g of gradients.slice(2)) restarted.apply({ w: tf.tensor1d(g) }, lr);
  assert.notDeepEqual(Array.from(fresh.w.dataSync()), got);
});

test('the learning rate warms up linearly, then decays by a cosine to the floor', () => {
  const config = { ...DEFAULT_TRAIN_CONFIG, learningRate: 1, warmupSteps: 10, minLearningRateRatio: 0.1 };
  assert.ok(Math.abs(learningRateAt(config, 0, 0) - 0.1) < 1e-12);
  assert.ok(Math.abs(learningRateAt(config, 4, 0) - 0.5) < 1e-12);
  assert.equal(learningRateAt(config, 9, 0), 1);
  assert.ok(Math.abs(learningRateAt(config, 50, 0.5) - 0.55) < 1e-12);
  assert.ok(Math.abs(learningRateAt(config, 50, 1) - 0.1) < 1e-12);
  assert.equal(budgetProgress({ ...config, maxSteps: 100, maxMinutes: 0 }, 25, 1000), 0.25);
  assert.equal(budgetProgress({ ...config, maxSteps: 100, maxMinutes: 1 }, 25, 45), 0.75);
  assert.equal(budgetProgress({ ...config, maxSteps: 0, maxMinutes: 0 }, 25, 45), 0);
});

test('applyClipped (one flat pass) equals clipByGlobalNorm followed by apply, and returns the norm before clipping', () => {
  const start = () => ({ a: tf.variable(tf.tensor2d([1, -2, 0.5, 3], [2, 2])), b: tf.variable(tf.tensor1d([0.25, -1, 2])) });
  const steps = [
    { a: [3, -4, 1, 2], b: [6, 0, -2] }, // norm 8.6: clipped to 5
    { a: [0.1, 0.2, -0.3, 0], b: [0, 0.5, 0.1] }, // below θ: unchanged
    { a: [0, 0, 0, 0], b: [0, 0, 0] }, // zero gradient: scale 1, no NaN
  ];
  const grads = (s: (typeof steps)[number]) => ({ a: tf.tensor2d(s.a, [2, 2]), b: tf.tensor1d(s.b) });
  const fused = start();
  const separate = start();
  const fusedAdam = new Adam(fused);
  const separateAdam = new Adam(separate);
  for (const s of steps) {
    const norm = fusedAdam.applyClipped(grads(s), 0.05, 5);
    const clipped = clipByGlobalNorm(grads(s), 5);
    separateAdam.apply(clipped.grads, 0.05);
    assert.ok(Math.abs(norm.dataSync()[0] - clipped.norm.dataSync()[0]) < 1e-5);
  }
  for (const name of ['a', 'b'] as const) {
    const got = fused[name].dataSync();
    const want = separate[name].dataSync();
    for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-6, `${name}[${i}]: ${got[i]} vs ${want[i]}`);
  }
  assert.deepEqual(Object.keys(fusedAdam.exportState().m), ['a', 'b']);
});
