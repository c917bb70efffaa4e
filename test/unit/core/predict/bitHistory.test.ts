import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BIT_HISTORY, initialProbability } from '../../../../src/core/predict/bitHistory';

const { next, n0, n1 } = BIT_HISTORY;
const after = (bits: number[]) => bits.reduce((s, b) => next[2 * s + b], 0);

test('bit histories: state 0 has seen nothing; counts follow the bits seen', () => {
  assert.equal(n0[0] + n1[0], 0);
  const s = after([1, 1, 1]);
  assert.deepEqual([n0[s], n1[s]], [0, 3]);
  const t = after([0, 0, 1]);
  assert.deepEqual([n0[t], n1[t]], [2, 1]);
});

test('bit histories: seeing a bit discounts a count above 2 of the other (n -> n/2 + 1)', () => {
  const s = after([0, 0, 0, 0, 0, 0, 0, 0]); // n0 = 8
  assert.deepEqual([n0[s], n1[s]], [8, 0]);
  const t = next[2 * s + 1];
  assert.deepEqual([n0[t], n1[t]], [5, 1]);
});

test('bit histories: every state fits a byte, every transition stays inside the table, counts are bounded', () => {
  assert.ok(BIT_HISTORY.size <= 256);
  for (let s = 0; s < BIT_HISTORY.size; s++) {
    for (const b of [0, 1]) assert.ok(next[2 * s + b] < BIT_HISTORY.size);
  }
  const long = after(Array(500).fill(1));
  assert.deepEqual([n0[long], n1[long]], [0, 40]);
  assert.equal(next[2 * long + 1], long, 'a saturated state stays put');
});

test('bit histories: the first guess leans toward what was seen', () => {
  assert.equal(initialProbability(0), 0.5);
  assert.ok(initialProbability(after([1, 1])) > 0.8);
  assert.ok(initialProbability(after([0, 0])) < 0.2);
});
