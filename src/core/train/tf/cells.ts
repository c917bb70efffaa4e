// One time step of each recurrent cell, written with plain tfjs ops (tfjs differentiates
// them). This is the reference definition of the cells, used by forwardLogits, by
// evaluation and (through autodiff) by the gradient tests that check the fused layers.
// Gate layout follows weights.ts: LSTM i,f,g,o; GRU r,z,n; RNN one block.
import * as tf from './tf';

/** Input-side pre-activations x W + b for one step are passed in as `xp` [B, G*H]. */
export interface CellStepResult {
  h: tf.Tensor2D; // [B, H]
  c?: tf.Tensor2D; // [B, H], LSTM only
}

export function lstmStep(xp: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, recurrent: tf.Tensor2D): CellStepResult {
  const z = tf.add(xp, tf.matMul(h, recurrent)) as tf.Tensor2D; // [B, 4H]
  const [zi, zf, zg, zo] = tf.split(z, 4, 1); // 4 x [B, H]
  const cNext = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zg))) as tf.Tensor2D; // [B, H]
  const hNext = tf.mul(tf.sigmoid(zo), tf.tanh(cNext)) as tf.Tensor2D; // [B, H]
  return { h: hNext, c: cNext };
}

/** PyTorch's GRU: n = tanh(x W_n + b_n + r ⊙ (h W_hn + b_hn)), h' = (1-z) ⊙ n + z ⊙ h. */
export function gruStep(xp: tf.Tensor2D, h: tf.Tensor2D, recurrent: tf.Tensor2D, recurrentBias: tf.Tensor1D): CellStepResult {
  const hp = tf.add(tf.matMul(h, recurrent), recurrentBias) as tf.Tensor2D; // [B, 3H]
  const [xr, xz, xn] = tf.split(xp, 3, 1); // 3 x [B, H]
  const [hr, hz, hn] = tf.split(hp, 3, 1); // 3 x [B, H]
  const r = tf.sigmoid(tf.add(xr, hr));
  const z = tf.sigmoid(tf.add(xz, hz));
  const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
  const hNext = tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D; // (1-z)n + zh
  return { h: hNext };
}

export function rnnStep(xp: tf.Tensor2D, h: tf.Tensor2D, recurrent: tf.Tensor2D): CellStepResult {
  return { h: tf.tanh(tf.add(xp, tf.matMul(h, recurrent))) as tf.Tensor2D };
}
