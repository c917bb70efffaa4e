// Stateful truncated BPTT: the state a step starts from is the state the previous step
// ended with, and the gradient of a step stops at the chunk boundary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-node';
import * as tf from '../../../../../src/core/train/tf/tf';
import type { ModelConfig } from '../../../../../src/core/model/config';
import { initWeights } from '../../../../../src/core/model/initWeights';
import { forwardLogits, type LayerStateTensors, paramsFromWeights, runNetwork, type TfParams, totalNats, zeroState } from '../../../../../src/core/train/tf/network';
import { StreamBatcher } from '../../../../../src/core/train/batcher';
import { TrainableModel } from '../../../../../src/core/train/tf/trainStep';

const config: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 4, hiddenSize: 6, layers: 2 };
const B = 2;
const T = 5;
const text = Uint8Array.from('the cat sat on the mat; the dog sat on the log!', (ch) => ch.charCodeAt(0));

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

test('the state carried into chunk k+1 is the state at the end of chunk k', () => {
  const weights = initWeights(config, 5);
  const batcher = new StreamBatcher(text, B, T);
  const model = new TrainableModel(config, weights);
  try {
    const first = batcher.chunk(0);
    model.step(first.inputs, first.targets, B, 0, 5); // learning rate 0: weights stay put
    const carried = model.carriedState!.map((s) => ({ h: s.h.dataSync(), c: s.c!.dataSync() }));
    const expected = forwardLogits(weights, config, first.inputs, undefined, B).finalState;
    for (let l = 0; l < config.layers; l++) {
      assert.ok(maxDiff(carried[l].h, expected[l].h) < 1e-6);
      assert.ok(maxDiff(carried[l].c, expected[l].c!) < 1e-6);
    }
    // Running chunk k+1 from that state is the same as running both chunks in one go.
    const second = batcher.chunk(1);
    const both = new Int32Array(B * 2 * T);
    for (let b = 0; b < B; b++) {
      both.set(first.inputs.subarray(b * T, (b + 1) * T), b * 2 * T);
      both.set(second.inputs.subarray(b * T, (b + 1) * T), b * 2 * T + T);
    }
    const whole = forwardLogits(weights, config, both, undefined, B).logits; // [B, 2T, 256]
    const continued = forwardLogits(weights, config, second.inputs, expected, B).logits; // [B, T, 256]
    for (let b = 0; b < B; b++) {
      assert.ok(maxDiff(whole.subarray((b * 2 * T + T) * 256, (b + 1) * 2 * T * 256), continued.subarray(b * T * 256, (b + 1) * T * 256)) < 1e-5);
    }
  } finally {
    model.dispose();
  }
});

test('no gradient crosses the chunk boundary: step k+1 sees its initial state as a constant', () => {
  const weights = initWeights(config, 5);
  const batcher = new StreamBatcher(text, B, T);
  const first = batcher.chunk(0);
  const second = batcher.chunk(1);
  const model = new TrainableModel(config, weights);
  let reported: number;
  let carried: { h: Float32Array; c: Float32Array }[];
  try {
    model.step(first.inputs, first.targets, B, 0, 1e9);
    carried = model.carriedState!.map((s) => ({ h: s.h.dataSync() as Float32Array, c: s.c!.dataSync() as Float32Array }));
    reported = model.step(second.inputs, second.targets, B, 0, 1e9).gradNorm;
  } finally {
    model.dispose();
  }
  const names = Object.keys(weights);
  const gradNorm = (lossOf: (p: TfParams) => tf.Scalar) =>
    tf.tidy(() => {
      const params = paramsFromWeights(weights, config);
      const { grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => lossOf(Object.fromEntries(names.map((n, i) => [n, xs[i]]))))(names.map((n) => params[n]));
      return Math.sqrt(grads.reduce((sum, g) => sum + tf.sum(tf.square(g)).dataSync()[0], 0));
    });
  const chunkLoss = (p: TfParams, inputs: Int32Array, targets: Int32Array, state: LayerStateTensors[]) => {
    const result = runNetwork(p, config, tf.tensor2d(inputs, [B, T], 'int32'), state, 'fused');
    return { loss: tf.div(totalNats(result.logits, tf.tensor1d(targets, 'int32')), B * T) as tf.Scalar, state: result.state };
  };
  // Truncated: chunk 2's loss with the carried state as fixed numbers.
  const truncated = gradNorm(
    (p) =>
      chunkLoss(
        p,
        second.inputs,
        second.targets,
        carried.map((s) => ({ h: tf.tensor2d(s.h, [B, config.hiddenSize]), c: tf.tensor2d(s.c, [B, config.hiddenSize]) })),
      ).loss,
  );
  // Full BPTT: chunk 2's loss as a function of the weights through chunk 1 as well.
  const full = gradNorm((p) => chunkLoss(p, second.inputs, second.targets, chunkLoss(p, first.inputs, first.targets, zeroState(config, B)).state).loss);
  assert.ok(Math.abs(reported - truncated) < 1e-5 * truncated, `step reported ${reported}, truncated gradient ${truncated}`);
  assert.ok(Math.abs(full - truncated) > 1e-3 * truncated, `full BPTT (${full}) must differ from truncated (${truncated}) for this test to mean anything`);
});

test('training steps leave no tensors behind, in tfjs or in TensorFlow (native handles are freed)', () => {
  const binding = (tf.backend() as unknown as { binding: { getNumOfTensors(): number } }).binding;
  const batcher = new StreamBatcher(text, B, T);
  for (const cell of ['lstm', 'gru'] as const) {
    const model = new TrainableModel({ ...config, cell }, initWeights({ ...config, cell }, 5));
    try {
      const chunk = batcher.chunk(0);
      model.step(chunk.inputs, chunk.targets, B, 1e-3, 5);
      const before = { tfjs: tf.memory().numTensors, native: binding.getNumOfTensors() };
      for (let k = 0; k < 5; k++) model.step(chunk.inputs, chunk.targets, B, 1e-3, 5);
      assert.deepEqual({ tfjs: tf.memory().numTensors, native: binding.getNumOfTensors() }, before, cell);
    } finally {
      model.dispose();
    }
  }
});
