import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Apm, StateMap } from '../../../../src/core/predict/adaptiveMaps';
import { squash, squashFast, stretch, STRETCH_LIMIT } from '../../../../src/core/predict/logistic';

test('state map: p moves toward the bit by 1/(n + 1.5), n counting updates up to the limit', () => {
  const map = new StateMap(2);
  map.p[5] = 0.5;
  map.update(5, 1); // n = 0: p += 0.5 / 1.5
  assert.ok(Math.abs(map.p[5] - (0.5 + 0.5 / 1.5)) < 1e-6);
  const p1 = map.p[5];
  map.update(5, 0); // n = 1: p -= p / 2.5
  assert.ok(Math.abs(map.p[5] - (p1 - p1 / 2.5)) < 1e-6);
  const p2 = map.p[5];
  map.update(5, 1); // n = 2 (the limit): p += (1 - p) / 3.5
  map.update(5, 1); // still n = 2
  const p3 = p2 + (1 - p2) / 3.5;
  assert.ok(Math.abs(map.p[5] - (p3 + (1 - p3) / 3.5)) < 1e-6);
});

test('apm: starts as the identity, interpolates between its two nearest points, and learns toward the outcome', () => {
  const apm = new Apm(2, 0.5);
  const at = { index: 0, weight: 0 };
  for (const p of [0.1, 0.5, 0.73, 0.99]) assert.ok(Math.abs(apm.refine(stretch(p), 1, at) - p) < 0.01, `identity at ${p}`);
  // p = 0.5 (logit 0) sits exactly on the middle point (16 of 0..32) of context 1.
  apm.refine(0, 1, at);
  assert.equal(at.index, 33 + 16);
  assert.ok(at.weight < 1e-6);
  apm.update(at, 1);
  assert.ok(Math.abs(apm.table[33 + 16] - 0.75) < 1e-6, 'the point moved half way to 1');
  assert.ok(Math.abs(apm.refine(0, 1, at) - 0.75) < 1e-6);
  assert.ok(Math.abs(apm.refine(0, 0, at) - 0.5) < 1e-6, 'another context is untouched');
  assert.ok(STRETCH_LIMIT > 8);
});

test('the fast squash is within 1e-5 of the exact one, and both stay inside [P_MIN, 1 - P_MIN]', () => {
  for (let x = -20; x <= 20; x += 0.0137) assert.ok(Math.abs(squashFast(x) - squash(x)) < 1e-5, `at ${x}`);
  assert.equal(squashFast(-100), squash(-100));
  assert.equal(squashFast(100), squash(100));
});
