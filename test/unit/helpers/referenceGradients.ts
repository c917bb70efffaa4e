// The reference a training backend is checked against: tfjs's autodiff (on tfjs-node) of the
// reference cells (src/core/train/tf/cells.ts, through runNetwork 'reference'), for any
// model shape, batch, chunk length and initial state. Shared by the parity tests.
import * as tf from '../../../src/core/train/tf/tf';
import type { ModelConfig } from '../../../src/core/model/config';
import { initWeights } from '../../../src/core/model/initWeights';
import { seededRandom } from '../../../src/core/model/random';
import type { Weights } from '../../../src/core/model/weights';
import { type LayerStateTensors, paramsFromWeights, runNetwork, totalNats } from '../../../src/core/train/tf/network';

export interface ChunkFixture {
  config: ModelConfig;
  B: number;
  T: number;
  weights: Weights;
  inputs: Int32Array; // [B, T]
  targets: Int32Array; // [B, T]
  /** Per layer h (and c) [B, H]: the state the chunk starts from. */
  state: { h: Float32Array; c?: Float32Array }[];
}

/** Random weights (perturbed away from init so every gate works off 0.5), byte ids and initial state. */
export function chunkFixture(config: ModelConfig, B: number, T: number, seed = 3): ChunkFixture {
  const weights = initWeights(config, 7 + seed);
  const random = seededRandom(seed);
  for (const [name, w] of Object.entries(weights)) if (name !== 'embedding') for (let i = 0; i < w.length; i++) w[i] += (random() - 0.5) * 0.8;
  const ids = Int32Array.from({ length: B * (T + 1) }, () => Math.floor(random() * 20) * 13);
  const inputs = new Int32Array(B * T);
  const targets = new Int32Array(B * T);
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) {
      inputs[b * T + t] = ids[b * (T + 1) + t];
      targets[b * T + t] = ids[b * (T + 1) + t + 1];
    }
  const H = config.hiddenSize;
  const state = Array.from({ length: config.layers }, () => ({
    h: Float32Array.from({ length: B * H }, () => random() - 0.5),
    c: config.cell === 'lstm' ? Float32Array.from({ length: B * H }, () => random() - 0.5) : undefined,
  }));
  return { config, B, T, weights, inputs, targets, state };
}

/** Mean nats per position, d(mean nats)/d parameter, and the final state, by tfjs autodiff of the reference cells. */
export function referenceGradients(f: ChunkFixture): { loss: number; grads: Weights; state: { h: Float32Array; c?: Float32Array }[] } {
  const { B, T, config } = f;
  const H = config.hiddenSize;
  return tf.tidy(() => {
    const params = paramsFromWeights(f.weights, config);
    const names = Object.keys(params);
    const state = (): LayerStateTensors[] => f.state.map((s) => ({ h: tf.tensor2d(s.h, [B, H]), c: s.c ? tf.tensor2d(s.c, [B, H]) : undefined }));
    const inputs = tf.tensor2d(f.inputs, [B, T], 'int32');
    const targets = tf.tensor1d(f.targets, 'int32');
    // tfjs cannot differentiate the reference loop over one step (its unstack gradient
    // fails for a single tensor): for T = 1 the chunk is run as two steps with the loss on
    // the first alone, which is the same function of the parameters.
    const steps = Math.max(T, 2);
    const ids =
      T === 1
        ? tf.tensor2d(
            Int32Array.from({ length: B * 2 }, (_, i) => f.inputs[i >> 1]),
            [B, 2],
            'int32',
          )
        : inputs;
    const firstSteps = tf.tensor1d(
      Int32Array.from({ length: B * T }, (_, i) => Math.floor(i / T) * steps + (i % T)),
      'int32',
    ); // rows (b, t < T) of [B * steps]
    const lossFn = (...xs: tf.Tensor[]) => {
      const p = Object.fromEntries(names.map((n, i) => [n, xs[i]]));
      const { logits } = runNetwork(p, config, ids, state(), 'reference');
      return tf.div(totalNats(tf.gather(logits, firstSteps) as tf.Tensor2D, targets), B * T) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(lossFn)(names.map((n) => params[n]));
    const final = runNetwork(params, config, inputs, state(), 'reference').state;
    return {
      loss: value.dataSync()[0],
      grads: Object.fromEntries(names.map((n, i) => [n, grads[i].dataSync() as Float32Array])),
      state: final.map((s) => ({ h: s.h.dataSync() as Float32Array, c: s.c ? (s.c.dataSync() as Float32Array) : undefined })),
    };
  });
}

/** Largest |a - b| against the tolerance atol + rtol * max|b|; returns the first failing index or -1. */
export function firstMismatch(got: Float32Array, want: Float32Array, atol = 1e-5, rtol = 1e-4): number {
  if (got.length !== want.length) return 0;
  let maxAbs = 0;
  for (const v of want) maxAbs = Math.max(maxAbs, Math.abs(v));
  for (let i = 0; i < want.length; i++) if (!(Math.abs(got[i] - want[i]) <= atol + rtol * maxAbs)) return i;
  return -1;
}
