// An LSTM layer over all T steps of a chunk as ONE differentiable op, with a hand-written
// backward pass (tf.customGrad). Much cheaper than letting tfjs record and replay the ~12
// small ops of every step: the backward loop does 7 ops per step, and the weight gradient
// is a single matmul over all steps after the loop.
//
// Forward, per step t (xp_t = x_t W + b is computed for all steps at once, outside):
//   z_t = xp_t + h_{t-1} W_h                         [B, 4H]   blocks i, f, g, o
//   c_t = σ(z_f) ⊙ c_{t-1} + σ(z_i) ⊙ tanh(z_g)       [B, H]
//   h_t = σ(z_o) ⊙ tanh(c_t)                          [B, H]
// Backward, from t = T-1 down to 0 (dh, dc carried from step t+1):
//   dh   = dY_t + dz_{t+1} W_hᵀ
//   dc   = dh ⊙ o(1 - tanh²c_t) + dc_{t+1} ⊙ f_{t+1}
//   dz_t = [dc, dc, dc, dh] ⊙ [g i(1-i), c_{t-1} f(1-f), i(1-g²), tanh(c_t) o(1-o)]
// then dW_h = [h_{-1} .. h_{T-2}]ᵀ [dz_0 .. dz_{T-1}] as one [H, B*T] @ [B*T, 4H] matmul.
import * as tf from './tf';

/**
 * Runs the layer. Returns [B, T+1, H]: rows 0..T-1 are h_0..h_{T-1}; row T is the final
 * cell state c_{T-1} (so both final states leave through one differentiable tensor).
 */
export function fusedLstm(
  xProj: tf.Tensor3D, // [B, T, 4H]
  h0: tf.Tensor2D, // [B, H]
  c0: tf.Tensor2D, // [B, H]
  recurrent: tf.Tensor2D, // [H, 4H]
): tf.Tensor3D {
  return lstmOp(xProj, h0, c0, recurrent) as tf.Tensor3D;
}

const lstmOp = tf.customGrad((...args: unknown[]) => {
  const [xProj, h0, c0, recurrent] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const save = args[4] as tf.GradSaveFunc;
  const [B, T] = xProj.shape;
  const H = h0.shape[1];
  const xps = tf.unstack(xProj, 1) as tf.Tensor2D[]; // T x [B, 4H]
  const zs: tf.Tensor2D[] = [];
  const hs: tf.Tensor2D[] = [];
  const cs: tf.Tensor2D[] = [c0];
  let h = h0;
  let c = c0;
  for (let t = 0; t < T; t++) {
    const z = tf.add(xps[t], tf.matMul(h, recurrent)) as tf.Tensor2D; // [B, 4H]
    const [zi, zf, zg, zo] = tf.split(z, 4, 1); // 4 x [B, H]
    c = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zg))) as tf.Tensor2D; // [B, H]
    h = tf.mul(tf.sigmoid(zo), tf.tanh(c)) as tf.Tensor2D; // [B, H]
    zs.push(z);
    hs.push(h);
    cs.push(c);
  }
  const value = tf.stack([...hs, c], 1) as tf.Tensor3D; // [B, T+1, H]
  const prevH = tf.stack([h0, ...hs.slice(0, T - 1)], 1); // [B, T, H]  h_{t-1}
  save([tf.stack(zs, 1), tf.stack(cs, 1), prevH, recurrent]); // [B,T,4H], [B,T+1,H], [B,T,H], [H,4H]
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [Z, C, Hprev, Wh] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor2D];
      // Everything that does not depend on the backward recursion, over all steps at once.
      const [zi, zf, zg, zo] = tf.split(Z, 4, 2); // 4 x [B, T, H]
      const i = tf.sigmoid(zi);
      const f = tf.sigmoid(zf);
      const g = tf.tanh(zg);
      const o = tf.sigmoid(zo);
      const cPrev = tf.slice(C, [0, 0, 0], [B, T, H]); // c_{t-1}
      const tanhC = tf.tanh(tf.slice(C, [0, 1, 0], [B, T, H])); // tanh(c_t)
      const one = tf.scalar(1);
      const dcFromDh = tf.mul(o, tf.sub(one, tf.square(tanhC))); // [B, T, H]
      const gateScale = tf.concat(
        [
          tf.mul(g, tf.mul(i, tf.sub(one, i))),
          tf.mul(cPrev, tf.mul(f, tf.sub(one, f))),
          tf.mul(i, tf.sub(one, tf.square(g))),
          tf.mul(tanhC, tf.mul(o, tf.sub(one, o))),
        ],
        2,
      ); // [B, T, 4H]
      const WhT = tf.transpose(Wh); // [G*H, H]: a plain matmul per step is faster than transposeB
      const dcFromDhs = tf.unstack(dcFromDh, 1) as tf.Tensor2D[]; // T x [B, H]
      const fs = tf.unstack(f, 1) as tf.Tensor2D[]; // T x [B, H]
      const scales = tf.unstack(gateScale, 1) as tf.Tensor2D[]; // T x [B, 4H]
      const dys = tf.unstack(dy, 1) as tf.Tensor2D[]; // T+1 x [B, H]
      let dcNext: tf.Tensor2D = dys[T]; // gradient into the final cell state
      let dhNext: tf.Tensor2D | undefined;
      const dzs: tf.Tensor2D[] = new Array(T);
      for (let t = T - 1; t >= 0; t--) {
        const dh = dhNext ? (tf.add(dys[t], dhNext) as tf.Tensor2D) : dys[t]; // [B, H]
        const dc = tf.add(tf.mul(dh, dcFromDhs[t]), dcNext) as tf.Tensor2D; // [B, H]
        const dz = tf.mul(tf.concat([dc, dc, dc, dh], 1), scales[t]) as tf.Tensor2D; // [B, 4H]
        dzs[t] = dz;
        dcNext = tf.mul(dc, fs[t]) as tf.Tensor2D;
        dhNext = tf.matMul(dz, WhT) as tf.Tensor2D; // [B, H]
      }
      const dZ = tf.stack(dzs, 1) as tf.Tensor3D; // [B, T, 4H]
      const dWh = tf.matMul(tf.reshape(Hprev, [B * T, H]), tf.reshape(dZ, [B * T, 4 * H]), true, false); // [H, 4H]
      return [dZ, dhNext as tf.Tensor2D, dcNext, dWh];
    },
  };
});
