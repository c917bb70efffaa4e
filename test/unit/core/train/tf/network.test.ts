// The tfjs network: seeded init in the weights.ts layout, forwardLogits shapes and state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-node';
import type { ModelConfig } from '../../../../../src/core/model/config';
import { initWeights } from '../../../../../src/core/model/initWeights';
import { forwardLogits } from '../../../../../src/core/train/tf/network';
import { weightShapes } from '../../../../../src/core/model/weights';

const config: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 6, hiddenSize: 8, layers: 2 };

test('init is seeded, fills every weight of weights.ts, and sets the LSTM forget bias to 1', () => {
  const a = initWeights(config, 1);
  const b = initWeights(config, 1);
  const c = initWeights(config, 2);
  assert.deepEqual(Object.keys(a), Object.keys(weightShapes(config)));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a['layer0.kernel'], c['layer0.kernel']);
  const H = config.hiddenSize;
  const bias = Array.from(a['layer1.bias']);
  assert.deepEqual(bias, [...Array(H).fill(0), ...Array(H).fill(1), ...Array(2 * H).fill(0)]);
  // Each recurrent gate block is orthogonal: columns of block k have unit norm and are orthogonal.
  const rec = a['layer0.recurrent'];
  for (let k = 0; k < 4; k++) {
    for (let i = 0; i < H; i++)
      for (let j = 0; j < H; j++) {
        let dot = 0;
        for (let r = 0; r < H; r++) dot += rec[r * 4 * H + k * H + i] * rec[r * 4 * H + k * H + j];
        assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-5);
      }
  }
  for (const cell of ['gru', 'rnn'] as const) assert.ok(initWeights({ ...config, cell }, 1)['layer0.bias'].every((x) => x === 0));
});

test('forwardLogits returns [B, T, 256] logits and a [B, H] state per layer, and continues from a given state', () => {
  const weights = initWeights(config, 4);
  const rows = [
    [104, 101, 108, 108, 111],
    [119, 111, 114, 108, 100],
  ];
  const full = forwardLogits(weights, config, rows);
  assert.equal(full.logits.length, 2 * 5 * 256);
  assert.equal(full.finalState.length, 2);
  assert.equal(full.finalState[0].h.length, 2 * 8);
  assert.equal(full.finalState[0].c?.length, 2 * 8);
  // Rows are independent: row 1 alone (Int32Array, B = 1) gives the same logits.
  const row1 = forwardLogits(weights, config, Int32Array.from(rows[1]));
  assert.ok(row1.logits.every((x, i) => Math.abs(x - full.logits[5 * 256 + i]) < 1e-6));
  // Splitting the sequence and passing the state on gives the same logits.
  const head = forwardLogits(
    weights,
    config,
    rows.map((r) => r.slice(0, 2)),
  );
  const tail = forwardLogits(
    weights,
    config,
    rows.map((r) => r.slice(2)),
    head.finalState,
  );
  for (let b = 0; b < 2; b++)
    for (let t = 0; t < 3; t++)
      for (let v = 0; v < 256; v += 17) {
        assert.ok(Math.abs(tail.logits[(b * 3 + t) * 256 + v] - full.logits[(b * 5 + t + 2) * 256 + v]) < 1e-5);
      }
  assert.throws(() => forwardLogits(weights, config, Int32Array.from([1, 2, 3]), undefined, 2), /\[B, T\]/);
});
