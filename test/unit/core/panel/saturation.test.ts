// Gate saturation against hand-computed fractions on tiny traces. Gates are laid out as
// ../infer/trace.ts gives them: [T*G*H], row t = G blocks of H values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateSaturation } from '../../../../src/core/panel/saturation';

/** [T*G*H] from per-step blocks: steps[t][g] = H values. */
function gates(steps: number[][][]): Float32Array {
  return Float32Array.from(steps.flat(2));
}

test('LSTM: input, forget and output gates (not the candidate), thresholds strict', () => {
  // T = 4, G = 4 (i, f, g, o), H = 2.
  const g = gates([
    [
      [0.05, 0.5],
      [0.95, 0.95],
      [-1, -1],
      [0.1, 0.2],
    ],
    [
      [0.5, 0.95],
      [0.95, 0.05],
      [1, 1],
      [0.9, 0.91],
    ],
    [
      [0.05, 0.5],
      [0.95, 0.5],
      [-1, -1],
      [0.09, 0.5],
    ],
    [
      [0.99, 0.5],
      [0.5, 0.5],
      [1, 1],
      [0.5, 0.5],
    ],
  ]);
  const series = gateSaturation('lstm', g, 4, 4, 2);
  assert.deepEqual(
    series.map((s) => s.gate),
    ['input', 'forget', 'output'],
  );
  const [input, forget, output] = series;
  // input unit 0: 0.05, 0.5, 0.05, 0.99 -> low 2/4, high 1/4; unit 1: 0.5, 0.95, 0.5, 0.5 -> low 0, high 1/4
  assert.deepEqual([...input.low], [0.5, 0]);
  assert.deepEqual([...input.high], [0.25, 0.25]);
  // forget unit 0: .95 .95 .95 .5 -> high 3/4; unit 1: .95 .05 .5 .5 -> low 1/4, high 1/4
  assert.deepEqual([...forget.low], [0, 0.25]);
  assert.deepEqual([...forget.high], [0.75, 0.25]);
  // output unit 0: 0.1 (not below 0.1), 0.9 (not above 0.9), 0.09, 0.5 -> low 1/4, high 0; unit 1: .2 .91 .5 .5 -> high 1/4
  assert.deepEqual([...output.low], [0.25, 0]);
  assert.deepEqual([...output.high], [0, 0.25]);
  assert.equal(input.lowLabel, '< 0.1');
  assert.equal(input.highLabel, '> 0.9');
});

test('GRU: reset and update gates', () => {
  // T = 2, G = 3 (r, z, n), H = 1.
  const series = gateSaturation(
    'gru',
    gates([
      [[0.01], [0.99], [0.99]],
      [[0.5], [0.99], [-0.99]],
    ]),
    2,
    3,
    1,
  );
  assert.deepEqual(
    series.map((s) => s.gate),
    ['reset', 'update'],
  );
  assert.deepEqual([...series[0].low, ...series[0].high], [0.5, 0]);
  assert.deepEqual([...series[1].low, ...series[1].high], [0, 1]);
});

test('RNN: the share of steps where tanh h is saturated (below -0.9 or above 0.9)', () => {
  // T = 5, G = 1, H = 2: unit 0 = -0.95, 0.95, 0.5, -0.9, 0.99; unit 1 = 0 always.
  const series = gateSaturation('rnn', gates([[[-0.95, 0]], [[0.95, 0]], [[0.5, 0]], [[-0.9, 0]], [[0.99, 0]]]), 5, 1, 2);
  assert.equal(series.length, 1);
  assert.equal(series[0].gate, 'tanh h');
  assert.ok(Math.abs(series[0].low[0] - 0.2) < 1e-7 && Math.abs(series[0].high[0] - 0.4) < 1e-7);
  assert.deepEqual([...series[0].low, ...series[0].high].slice(1, 2), [0]);
  assert.equal(series[0].high[1], 0);
  assert.equal(series[0].lowLabel, '< -0.9');
});

test('an empty window gives zero fractions, not NaN', () => {
  const [input] = gateSaturation('lstm', new Float32Array(0), 0, 4, 3);
  assert.deepEqual([...input.low, ...input.high], [0, 0, 0, 0, 0, 0]);
});
