// The sampler: seeded reproducibility, greedy / top-k / top-p semantics, temperature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sampler, seededRng, softmax, type SamplingOptions } from '../../../src/core/infer/sampler';

/** logits whose softmax is `probs` (at temperature 1); the rest of the 256 bytes get ~0. */
function logitsFor(probs: Record<number, number>): Float32Array {
  const logits = new Float32Array(256).fill(-40);
  for (const [byte, p] of Object.entries(probs)) logits[Number(byte)] = Math.log(p);
  return logits;
}

function counts(logits: Float32Array, options: SamplingOptions, draws: number, seed = 1): Map<number, number> {
  const sampler = new Sampler(options);
  const rng = seededRng(seed);
  const out = new Map<number, number>();
  for (let i = 0; i < draws; i++) {
    const b = sampler.sample(logits, rng);
    out.set(b, (out.get(b) ?? 0) + 1);
  }
  return out;
}

const base: SamplingOptions = { temperature: 1, sampling: 'topP', topK: 10, topP: 1 };
const dist = logitsFor({ 65: 0.5, 66: 0.3, 67: 0.15, 68: 0.05 });

test('the same seed draws the same sequence; another seed a different one', () => {
  const sampler = new Sampler(base);
  const seq = (seed: number) => {
    const rng = seededRng(seed);
    return Array.from({ length: 50 }, () => sampler.sample(dist, rng));
  };
  assert.deepEqual(seq(42), seq(42));
  assert.notDeepEqual(seq(42), seq(43));
});

test('greedy (and temperature 0) always picks the most likely byte', () => {
  assert.deepEqual([...counts(dist, { ...base, sampling: 'greedy' }, 200)], [[65, 200]]);
  assert.deepEqual([...counts(dist, { ...base, temperature: 0 }, 200)], [[65, 200]]);
});

test('sampling at temperature 1 follows the model distribution', () => {
  const c = counts(dist, base, 20000);
  for (const [byte, p] of [[65, 0.5], [66, 0.3], [67, 0.15], [68, 0.05]]) {
    assert.ok(Math.abs((c.get(byte) ?? 0) / 20000 - p) < 0.015, `byte ${byte}: ${(c.get(byte) ?? 0) / 20000} vs ${p}`);
  }
});

test('top-k keeps only the k most likely bytes', () => {
  const c = counts(dist, { ...base, sampling: 'topK', topK: 2 }, 5000);
  assert.deepEqual([...c.keys()].sort(), [65, 66]);
  // renormalised: 0.5 / 0.8 = 0.625
  assert.ok(Math.abs(c.get(65)! / 5000 - 0.625) < 0.03);
});

test('top-p keeps the smallest set reaching p', () => {
  assert.deepEqual([...counts(dist, { ...base, topP: 0.75 }, 5000).keys()].sort(), [65, 66]); // 0.5 + 0.3 >= 0.75
  assert.deepEqual([...counts(dist, { ...base, topP: 0.81 }, 5000).keys()].sort(), [65, 66, 67]);
  assert.deepEqual([...counts(dist, { ...base, topP: 0.4 }, 500).keys()], [65]);
});

test('lower temperature sharpens, higher flattens', () => {
  const p = (t: number) => softmax(dist, new Float32Array(256), t)[65];
  assert.ok(p(0.5) > p(1) && p(1) > p(2));
  assert.ok(Math.abs(p(1) - 0.5) < 1e-5);
  const cold = counts(dist, { ...base, temperature: 0.3 }, 3000).get(65)! / 3000;
  const hot = counts(dist, { ...base, temperature: 1.5 }, 3000).get(65)! / 3000;
  assert.ok(cold > 0.8 && hot < 0.45, `cold ${cold}, hot ${hot}`);
});
