// Softmax with temperature and the seeded generator (what the playground samples with).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argmax, seededRng, softmax } from '../../../../src/core/infer/sampler';

/** logits whose softmax is `probs` (at temperature 1); the rest of the 256 bytes get ~0. */
function logitsFor(probs: Record<number, number>): Float32Array {
  const logits = new Float32Array(256).fill(-40);
  for (const [byte, p] of Object.entries(probs)) logits[Number(byte)] = Math.log(p);
  return logits;
}

const dist = logitsFor({ 65: 0.5, 66: 0.3, 67: 0.15, 68: 0.05 });

test('the same seed draws the same sequence; another seed a different one', () => {
  const seq = (seed: number) => {
    const rng = seededRng(seed);
    return Array.from({ length: 50 }, () => rng());
  };
  assert.deepEqual(seq(42), seq(42));
  assert.notDeepEqual(seq(42), seq(43));
});

test('softmax recovers the distribution at temperature 1; temperature 0 is the argmax', () => {
  const p = softmax(dist, new Float32Array(256));
  assert.ok(Math.abs(p[65] - 0.5) < 1e-5 && Math.abs(p[68] - 0.05) < 1e-5);
  const zero = softmax(dist, new Float32Array(256), 0);
  assert.equal(zero[65], 1);
  assert.equal(argmax(dist), 65);
});

test('lower temperature sharpens, higher flattens', () => {
  const cold = softmax(dist, new Float32Array(256), 0.5);
  const hot = softmax(dist, new Float32Array(256), 2);
  assert.ok(cold[65] > 0.5 && hot[65] < 0.5);
  // At temperature T, p_T(a) / p_T(b) = (p(a) / p(b))^(1/T).
  assert.ok(Math.abs(cold[65] / cold[66] - (0.5 / 0.3) ** 2) < 1e-3);
});
