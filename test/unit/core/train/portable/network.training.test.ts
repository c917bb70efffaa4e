// The portable backend trains like the tfjs-node one: clipping and Adam equal
// src/core/train/tf/adam.ts on the same gradients (clipped or not, fresh and restored moments),
// a tiny model's loss falls, evaluation equals evaluateParams, and checkpoints cross over
// both ways (a portable-trained model predicts the same in the tfjs path, a tfjs-trained
// one the same in the portable path, and one more step from it gives the same weights).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-node';
import * as tf from '../../../../../src/core/train/tf/tf';
import { decodeCheckpoint, encodeCheckpoint } from '../../../../../src/core/model/checkpoint';
import { DEFAULT_TRAIN_CONFIG, type ModelConfig } from '../../../../../src/core/model/config';
import { initWeights } from '../../../../../src/core/model/initWeights';
import type { Weights } from '../../../../../src/core/model/weights';
import { emptyMetrics } from '../../../../../src/shared/metrics';
import { Adam } from '../../../../../src/core/train/tf/adam';
import { evaluateParams } from '../../../../../src/core/train/tf/evaluate';
import { forwardLogits, paramsFromWeights } from '../../../../../src/core/train/tf/network';
import { TrainableModel } from '../../../../../src/core/train/tf/trainStep';
import { PortableNetwork } from '../../../../../src/core/train/portable/network';
import { chunkFixture, firstMismatch } from '../../../helpers/referenceGradients';

const TEXT = new TextEncoder().encode('the quick brown fox jumps over the lazy dog; '.repeat(40) + 'ünïcödé ✓ '.repeat(10));

function assertClose(got: Weights, want: Weights, what: string, atol = 1e-5, rtol = 1e-4): void {
  for (const [name, w] of Object.entries(want)) {
    const i = firstMismatch(got[name], w, atol, rtol);
    assert.equal(i, -1, `${what} ${name}[${i}]: portable ${got[name]?.[i]} vs tfjs ${w[i]}`);
  }
}

/** Chunks [B, T] of TEXT, stream b reading from b * (length / B). */
function chunks(B: number, T: number, count: number): { inputs: Int32Array; targets: Int32Array }[] {
  const span = Math.floor(TEXT.length / B);
  return Array.from({ length: count }, (_, k) => {
    const inputs = new Int32Array(B * T);
    const targets = new Int32Array(B * T);
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++) {
        const at = b * span + ((k * T + t) % (span - 1));
        inputs[b * T + t] = TEXT[at];
        targets[b * T + t] = TEXT[at + 1];
      }
    return { inputs, targets };
  });
}

for (const clip of [1e9, 0.05]) {
  test(`clipping and Adam equal adam.ts on the same gradients (${clip > 1e6 ? 'unclipped' : 'clipped'}), over two steps`, () => {
    const f = chunkFixture({ cell: 'gru', vocabSize: 256, embeddingSize: 6, hiddenSize: 10, layers: 2 }, 3, 4);
    const net = new PortableNetwork(f.config, f.weights);
    const vars = Object.fromEntries(Object.entries(paramsFromWeights(f.weights, f.config)).map(([n, p]) => [n, tf.variable(p, false, `adamParity.${clip}.${n}`)]));
    const adam = new Adam(vars);
    for (let step = 1; step <= 2; step++) {
      const lr = 0.01 * step;
      const { grads } = net.gradients(f.inputs, f.targets, 3);
      let sum = 0;
      for (const g of Object.values(grads)) for (const v of g) sum += v * v;
      const result = net.step(f.inputs, f.targets, 3, lr, clip);
      assert.ok(Math.abs(result.gradNorm - Math.sqrt(sum)) <= 1e-5 * Math.sqrt(sum), `norm ${result.gradNorm} vs ${Math.sqrt(sum)}`);
      assert.equal(result.clipped, Math.sqrt(sum) > clip);
      tf.tidy(() => {
        const gradTensors = Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, tf.tensor(g, vars[n].shape)]));
        adam.applyClipped(gradTensors, lr, clip).dispose();
      });
      const want = Object.fromEntries(Object.entries(vars).map(([n, v]) => [n, v.dataSync() as Float32Array]));
      assertClose(net.weights(), want, `step ${step} weights`, 1e-6, 1e-4);
      const moments = adam.exportState();
      const mine = net.optimizerState();
      assert.equal(mine.step, moments.step);
      assertClose(mine.m, moments.m, `step ${step} m`, 1e-7, 1e-4);
      assertClose(mine.v, moments.v, `step ${step} v`, 1e-9, 1e-4);
    }
    adam.dispose();
    for (const v of Object.values(vars)) v.dispose();
  });
}

for (const cell of ['lstm', 'gru', 'rnn'] as const) {
  test(`${cell}: a tiny model trains on the portable backend: the loss halves, step for step as on tfjs-node`, () => {
    const config: ModelConfig = { cell, vocabSize: 256, embeddingSize: 8, hiddenSize: 24, layers: 1 };
    const net = new PortableNetwork(config, initWeights(config, 5));
    const reference = new TrainableModel(config, initWeights(config, 5));
    const data = chunks(4, 16, 100);
    const losses = data.map(({ inputs, targets }, k) => {
      const loss = net.step(inputs, targets, 4, 1e-2, 5).loss;
      const want = reference.step(inputs, targets, 4, 1e-2, 5).loss;
      assert.ok(Math.abs(loss - want) < 2e-3, `step ${k}: loss ${loss} vs tfjs-node ${want}`);
      return loss;
    });
    reference.dispose();
    const first = losses.slice(0, 5).reduce((a, b) => a + b) / 5;
    const last = losses.slice(-5).reduce((a, b) => a + b) / 5;
    assert.ok(last < 0.5 * first, `loss ${first.toFixed(3)} -> ${last.toFixed(3)}`);
  });
}

test('evaluate equals evaluateParams (tfjs): windows, characters, nats and every probability', () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 5, hiddenSize: 11, layers: 2 };
  const weights = chunkFixture(config, 1, 1, 9).weights;
  const options = { streams: 3, chunkLength: 7, collectProbs: true, maxBytes: 900 };
  const net = new PortableNetwork(config, weights);
  const got = net.evaluate(TEXT, options);
  const params = paramsFromWeights(weights, config);
  const want = evaluateParams(params, config, TEXT, options);
  tf.dispose(Object.values(params));
  assert.ok(got && want);
  assert.deepEqual(got.windows, want.windows);
  assert.equal(got.chars, want.chars);
  assert.equal(got.bytes, want.bytes);
  assert.ok(Math.abs(got.totalNats - want.totalNats) < 1e-4 * want.totalNats, `nats ${got.totalNats} vs ${want.totalNats}`);
  assert.equal(firstMismatch(got.probs as Float32Array, want.probs as Float32Array, 1e-6, 1e-4), -1);
  let stops = 0;
  assert.equal(net.evaluate(TEXT, { ...options, shouldStop: () => ++stops > 1 }), undefined);
});

test('evaluation leaves the training state alone', () => {
  const config: ModelConfig = { cell: 'rnn', vocabSize: 256, embeddingSize: 4, hiddenSize: 9, layers: 1 };
  const net = new PortableNetwork(config, initWeights(config, 3));
  const [a] = chunks(2, 8, 1);
  net.step(a.inputs, a.targets, 2, 1e-3, 5);
  const before = net.carriedState();
  net.evaluate(TEXT, { streams: 4 });
  assert.deepEqual(net.carriedState(), before);
});

/** Softmax of tfjs's logits for `text` from zero state: [T, 256]. */
function tfjsProbs(weights: Weights, config: ModelConfig, text: Uint8Array): Float32Array {
  const { logits } = forwardLogits(weights, config, [Array.from(text)]);
  return tf.tidy(() => tf.softmax(tf.tensor2d(logits, [text.length, 256])).dataSync() as Float32Array);
}

/** The portable network's distributions for `text` (one window, from zero state): [T, 256]. */
function portableProbs(net: PortableNetwork, text: Uint8Array): Float32Array {
  const bytes = new Uint8Array([...text, 32]);
  const result = net.evaluate(bytes, { streams: 1, collectProbs: true });
  return result?.probs as Float32Array;
}

test('a checkpoint of a portable-trained model loads in the tfjs path and predicts the same', () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 6, hiddenSize: 12, layers: 2 };
  const net = new PortableNetwork(config, initWeights(config, 2));
  for (const { inputs, targets } of chunks(3, 12, 15)) net.step(inputs, targets, 3, 1e-2, 5);
  const bytes = encodeCheckpoint({ model: config, train: { ...DEFAULT_TRAIN_CONFIG }, step: 15, charsSeen: 540, weights: net.weights(), optimizer: net.optimizerState(), metrics: emptyMetrics() });
  const loaded = decodeCheckpoint(bytes);
  const text = TEXT.subarray(0, 40);
  const want = tfjsProbs(loaded.weights, config, text);
  assert.equal(firstMismatch(portableProbs(net, text), want, 1e-6, 1e-4), -1);
  assert.notEqual(firstMismatch(tfjsProbs(initWeights(config, 2), config, text), want, 1e-6, 1e-4), -1, 'training changed the predictions');
  assert.equal(loaded.optimizer?.step, 15);
});

test('a checkpoint of a tfjs-trained model loads in the portable path: same predictions, and one more step gives the same weights', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    const config: ModelConfig = { cell, vocabSize: 256, embeddingSize: 7, hiddenSize: 9, layers: 2 };
    const model = new TrainableModel(config, initWeights(config, 4));
    const data = chunks(2, 10, 13);
    for (const { inputs, targets } of data.slice(0, 12)) model.step(inputs, targets, 2, 1e-2, 5);
    const loaded = decodeCheckpoint(
      encodeCheckpoint({ model: config, train: { ...DEFAULT_TRAIN_CONFIG }, step: 12, charsSeen: 240, weights: model.weights(), optimizer: model.optimizer.exportState(), metrics: emptyMetrics() }),
    );
    const net = new PortableNetwork(loaded.model, loaded.weights, loaded.optimizer);
    const text = TEXT.subarray(3, 50);
    assert.equal(firstMismatch(portableProbs(net, text), tfjsProbs(loaded.weights, config, text), 1e-6, 1e-4), -1, `${cell} predictions`);
    // Both continue from zero state with the restored moments.
    model.resetState();
    const last = data[12];
    model.step(last.inputs, last.targets, 2, 1e-2, 5);
    net.step(last.inputs, last.targets, 2, 1e-2, 5);
    assertClose(net.weights(), model.weights(), `${cell} weights after a resumed step`, 1e-5, 1e-3);
    assert.equal(net.optimizerState().step, 13);
    model.dispose();
  }
});
