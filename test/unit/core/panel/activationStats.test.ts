// Per-unit statistics against hand-computed values on a 3-character, 2-unit window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankUnits, rowsAt, unitMaxAbs, unitVariance } from '../../../../src/core/panel/activationStats';

// values [C=3, H=2]: unit 0 = 1, 3, 2; unit 1 = 0, 0.5, -0.5
const values = Float32Array.from([1, 0, 3, 0.5, 2, -0.5]);

function close(actual: ArrayLike<number>, expected: number[], tolerance = 1e-6): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) < tolerance, `[${i}] ${actual[i]} vs ${expected[i]}`);
}

test('variance per unit is the population variance over the characters', () => {
  // unit 0: mean 2, deviations -1, 1, 0 -> 2/3; unit 1: mean 0, deviations 0, .5, -.5 -> 0.5/3
  close(unitVariance(values, 3, 2), [2 / 3, 0.5 / 3]);
  close(unitVariance(new Float32Array(0), 0, 2), [0, 0]);
  close(unitVariance(Float32Array.from([5, -5]), 1, 2), [0, 0]);
});

test('largest absolute value per unit', () => {
  close(unitMaxAbs(values, 3, 2), [3, 0.5]);
  close(unitMaxAbs(Float32Array.from([-4, 1, 2, -3]), 2, 2), [4, 3]);
});

test('units ranked by descending score, ties by id, NaN last', () => {
  assert.deepEqual([...rankUnits(Float32Array.from([0.1, 0.5, 0.3]))], [1, 2, 0]);
  assert.deepEqual([...rankUnits(Float32Array.from([0.2, NaN, 0.2, 0.9]))], [3, 0, 2, 1]);
  assert.deepEqual([...rankUnits(unitVariance(values, 3, 2))], [0, 1]);
});

test('per-character rows are the rows of each character’s last byte', () => {
  // 4 bytes x H=2; characters end at bytes 0 and 3 (a 1-byte then a 3-byte character).
  const perByte = Float32Array.from([10, 11, 20, 21, 30, 31, 40, 41]);
  assert.deepEqual([...rowsAt(perByte, 2, Int32Array.from([0, 3]))], [10, 11, 40, 41]);
});
