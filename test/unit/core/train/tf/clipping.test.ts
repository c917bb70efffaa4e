import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-node';
import * as tf from '../../../../../src/core/train/tf/tf';
import { clipByGlobalNorm } from '../../../../../src/core/train/tf/clipping';

function grads(values: Record<string, number[]>): Record<string, tf.Tensor> {
  return Object.fromEntries(Object.entries(values).map(([n, v]) => [n, tf.tensor1d(v)]));
}

test('clipping scales every gradient by theta / global norm when the norm is above theta', () => {
  // Global norm over both tensors: sqrt(3² + 4² + 12²) = 13.
  const g = grads({ a: [3, 4], b: [12] });
  const { grads: clipped, norm } = clipByGlobalNorm(g, 5);
  assert.ok(Math.abs(norm.dataSync()[0] - 13) < 1e-5);
  const scale = 5 / 13;
  const a = clipped.a.dataSync();
  const b = clipped.b.dataSync();
  for (const [got, want] of [
    [a[0], 3 * scale],
    [a[1], 4 * scale],
    [b[0], 12 * scale],
  ])
    assert.ok(Math.abs(got - want) < 1e-6, `${got} vs ${want}`);
  let after = 0;
  for (const x of [...a, ...b]) after += x * x;
  assert.ok(Math.abs(Math.sqrt(after) - 5) < 1e-5, 'the clipped global norm is theta');
});

test('clipping leaves gradients below the threshold (and zero gradients) unchanged', () => {
  const { grads: clipped, norm } = clipByGlobalNorm(grads({ a: [0.3, -0.4], b: [1.2] }), 5);
  assert.ok(Math.abs(norm.dataSync()[0] - 1.3) < 1e-6);
  assert.deepEqual(Array.from(clipped.a.dataSync()), Array.from(Float32Array.from([0.3, -0.4])));
  assert.deepEqual(Array.from(clipped.b.dataSync()), Array.from(Float32Array.from([1.2])));
  const zero = clipByGlobalNorm(grads({ a: [0, 0] }), 5);
  assert.equal(zero.norm.dataSync()[0], 0);
  assert.deepEqual(Array.from(zero.grads.a.dataSync()), [0, 0]);
});
