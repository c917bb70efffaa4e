// The training path's gradients are right: the fused layers (hand-written backward) match
// central finite differences of the loss, and match tfjs's own autodiff of the reference
// cells, for LSTM, GRU and RNN, including the gradient into the initial state; and so does
// what the trainer calls, chunkGradients (for LSTM: the whole step on TensorFlow's kernels
// without the tape), with the state it carries to the next chunk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfn from '@tensorflow/tfjs-node';
import * as tf from '../../../../../src/core/train/tf/tf';
import type { CellType, ModelConfig } from '../../../../../src/core/model/config';
import { initWeights } from '../../../../../src/core/model/initWeights';
import { chunkNats, type LayerImplementation, type LayerStateTensors, paramsFromWeights, runNetwork, type TfParams, totalNats } from '../../../../../src/core/train/tf/network';
import { seededRandom } from '../../../../../src/core/model/random';
import { chunkGradients } from '../../../../../src/core/train/tf/chunkGradients';

const B = 2;
const T = 5;

function tinyConfig(cell: CellType): ModelConfig {
  return { cell, vocabSize: 256, embeddingSize: 3, hiddenSize: 4, layers: 2 };
}

function fixture(cell: CellType) {
  const config = tinyConfig(cell);
  const weights = initWeights(config, 7);
  const random = seededRandom(3);
  // Bigger biases and recurrent weights than init, so every gate is exercised away from 0.5.
  for (const [name, w] of Object.entries(weights)) if (!name.startsWith('embedding')) for (let i = 0; i < w.length; i++) w[i] += (random() - 0.5) * 0.8;
  const ids = Int32Array.from({ length: B * (T + 1) }, () => Math.floor(random() * 8) * 13);
  const inputs = new Int32Array(B * T);
  const targets = new Int32Array(B * T);
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) {
      inputs[b * T + t] = ids[b * (T + 1) + t];
      targets[b * T + t] = ids[b * (T + 1) + t + 1];
    }
  const stateValues = Array.from({ length: config.layers }, () => ({
    h: Float32Array.from({ length: B * config.hiddenSize }, () => random() - 0.5),
    c: Float32Array.from({ length: B * config.hiddenSize }, () => random() - 0.5),
  }));
  return { config, weights, inputs, targets, stateValues };
}

type Fixture = ReturnType<typeof fixture>;

function stateTensors(f: Fixture): LayerStateTensors[] {
  const H = f.config.hiddenSize;
  return f.stateValues.map((s) => ({ h: tf.tensor2d(s.h, [B, H]), c: f.config.cell === 'lstm' ? tf.tensor2d(s.c, [B, H]) : undefined }));
}

/**
 * Loss (summed nats) and its gradient w.r.t. every parameter and the initial h/c of layer 0,
 * through runNetwork + totalNats, or through chunkNats (evaluation's and GRU/RNN training's path: time-major, and
 * for 'fused' the output layer and loss as one native op).
 */
function lossAndGrads(f: Fixture, implementation: LayerImplementation, viaChunkNats = false): { loss: number; grads: Record<string, Float32Array> } {
  return tf.tidy(() => {
    const params = paramsFromWeights(f.weights, f.config);
    const names = Object.keys(params);
    const state = stateTensors(f);
    const extra: tf.Tensor[] = [state[0].h, ...(state[0].c ? [state[0].c] : [])];
    const lossFn = (...xs: tf.Tensor[]) => {
      const p: TfParams = Object.fromEntries(names.map((n, i) => [n, xs[i]]));
      const s0: LayerStateTensors = { h: xs[names.length] as tf.Tensor2D, c: xs[names.length + 1] as tf.Tensor2D | undefined };
      const inputs = tf.tensor2d(f.inputs, [B, T], 'int32');
      const targets = tf.tensor1d(f.targets, 'int32');
      if (viaChunkNats) return chunkNats(p, f.config, inputs, targets, [s0, ...state.slice(1)], implementation).nats;
      const { logits } = runNetwork(p, f.config, inputs, [s0, ...state.slice(1)], implementation);
      return totalNats(logits, targets);
    };
    const { value, grads } = tf.valueAndGrads(lossFn)([...names.map((n) => params[n]), ...extra]);
    const out: Record<string, Float32Array> = {};
    names.forEach((n, i) => (out[n] = grads[i].dataSync() as Float32Array));
    out['state.h'] = grads[names.length].dataSync() as Float32Array;
    if (extra.length > 1) out['state.c'] = grads[names.length + 1].dataSync() as Float32Array;
    return { loss: value.dataSync()[0], grads: out };
  });
}

function lossOnly(f: Fixture): number {
  return tf.tidy(() => {
    const { logits } = runNetwork(paramsFromWeights(f.weights, f.config), f.config, tf.tensor2d(f.inputs, [B, T], 'int32'), stateTensors(f), 'fused');
    return totalNats(logits, tf.tensor1d(f.targets, 'int32')).dataSync()[0];
  });
}

test('tfjs runs on the tensorflow (tfjs-node) backend through the tfjs-core the trainer imports', () => {
  assert.equal(tfn.getBackend(), 'tensorflow');
  assert.equal(tf.getBackend(), 'tensorflow');
});

for (const cell of ['lstm', 'gru', 'rnn'] as const) {
  for (const viaChunkNats of [false, true]) {
    test(`${cell}: fused backward equals tfjs autodiff of the reference cells${viaChunkNats ? ', through chunkNats (fused output layer and loss)' : ''}`, () => {
      const f = fixture(cell);
      const fused = lossAndGrads(f, 'fused', viaChunkNats);
      const reference = lossAndGrads(f, 'reference');
      assert.ok(Math.abs(fused.loss - reference.loss) < 1e-4, `loss ${fused.loss} vs ${reference.loss}`);
      for (const [name, g] of Object.entries(reference.grads)) {
        const got = fused.grads[name];
        let maxAbs = 0;
        for (const v of g) maxAbs = Math.max(maxAbs, Math.abs(v));
        for (let i = 0; i < g.length; i++) assert.ok(Math.abs(got[i] - g[i]) <= 1e-5 + 1e-4 * maxAbs, `${name}[${i}]: fused ${got[i]} vs autodiff ${g[i]}`);
      }
    });
  }

  test(`${cell}: fused gradients match central finite differences`, () => {
    const f = fixture(cell);
    const { grads } = lossAndGrads(f, 'fused');
    const random = seededRandom(11);
    const eps = 1e-2;
    let checked = 0;
    for (const name of Object.keys(f.weights)) {
      const w = f.weights[name];
      const g = grads[name];
      // The largest-gradient entry plus a few random ones (most embedding rows are unused: 0).
      let largest = 0;
      for (let i = 1; i < g.length; i++) if (Math.abs(g[i]) > Math.abs(g[largest])) largest = i;
      const picks = [largest, ...Array.from({ length: 4 }, () => Math.floor(random() * w.length))];
      for (const i of picks) {
        const saved = w[i];
        w[i] = saved + eps;
        const plus = lossOnly(f);
        w[i] = saved - eps;
        const minus = lossOnly(f);
        w[i] = saved;
        const numeric = (plus - minus) / (2 * eps);
        assert.ok(Math.abs(numeric - g[i]) <= 2e-3 + 2e-2 * Math.abs(g[i]), `${cell} ${name}[${i}]: analytic ${g[i]} vs numeric ${numeric}`);
        checked++;
      }
    }
    assert.ok(checked >= 30);
  });
}

for (const cell of ['lstm', 'gru', 'rnn'] as const) {
  test(`${cell}: the trainer's chunkGradients equal tfjs autodiff of the reference cells, and carry the reference's final state`, () => {
    const f = fixture(cell);
    const reference = lossAndGrads(f, 'reference'); // summed nats, from the initial state of every layer
    const N = B * T;
    const expectedState = tf.tidy(() => {
      const { state } = runNetwork(paramsFromWeights(f.weights, f.config), f.config, tf.tensor2d(f.inputs, [B, T], 'int32'), stateTensors(f), 'reference');
      return state.map((s) => ({ h: s.h.dataSync() as Float32Array, c: s.c?.dataSync() as Float32Array | undefined }));
    });
    const got = tf.tidy(() => {
      const params = Object.fromEntries(Object.entries(paramsFromWeights(f.weights, f.config)).map(([name, p]) => [name, tf.variable(p, true, `chunkGradients.${cell}.${name}`)]));
      const result = chunkGradients(params, f.config, f.inputs, f.targets, B, stateTensors(f));
      const out = {
        loss: result.loss.dataSync()[0],
        grads: Object.fromEntries(Object.entries(result.grads).map(([name, g]) => [name, g.dataSync() as Float32Array])),
        state: result.state.map((s) => ({ h: s.h.dataSync() as Float32Array, c: s.c?.dataSync() as Float32Array | undefined })),
      };
      for (const p of Object.values(params)) p.dispose();
      return out;
    });
    assert.ok(Math.abs(got.loss * N - reference.loss) < 1e-4, `loss ${got.loss * N} vs ${reference.loss}`);
    const names = Object.keys(f.weights);
    assert.deepEqual(Object.keys(got.grads).sort(), [...names].sort());
    for (const name of names) {
      const g = reference.grads[name];
      let maxAbs = 0;
      for (const v of g) maxAbs = Math.max(maxAbs, Math.abs(v));
      for (let i = 0; i < g.length; i++) assert.ok(Math.abs(got.grads[name][i] * N - g[i]) <= 1e-5 + 1e-4 * maxAbs, `${name}[${i}]: ${got.grads[name][i] * N} vs autodiff ${g[i]}`);
    }
    got.state.forEach((s, l) => {
      for (const key of ['h', 'c'] as const) {
        const want = expectedState[l][key];
        if (!want) continue;
        const have = s[key];
        assert.ok(have, `layer ${l} ${key} missing`);
        for (let i = 0; i < want.length; i++) assert.ok(Math.abs(have[i] - want[i]) < 1e-5, `layer ${l} ${key}[${i}]: ${have[i]} vs ${want[i]}`);
      }
    });
  });
}
