// The vanilla tanh RNN layer over all T steps as one op (tf.customGrad) with a hand-written
// backward, time-major (see fusedGru.ts).
//   h_t = tanh(xp_t + h_{t-1} W_h)                     xp_t = x_t W + b, precomputed
//   backward: dh = dY_t + dz_{t+1} W_hᵀ;  dz_t = dh ⊙ (1 - h_t²)
//   dW_h = [h_{-1} .. h_{T-2}]ᵀ [dz_0 .. dz_{T-1}]
import * as tf from './tf';

/** Returns the outputs h_0..h_{T-1}, [T, B, H] (time-major, as the input). */
export function fusedRnn(
  xProj: tf.Tensor3D, // [T, B, H]
  h0: tf.Tensor2D, // [B, H]
  recurrent: tf.Tensor2D, // [H, H]
): tf.Tensor3D {
  return rnnOp(xProj, h0, recurrent) as tf.Tensor3D;
}

const rnnOp = tf.customGrad((...args: unknown[]) => {
  const [xProj, h0, recurrent] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D];
  const save = args[3] as tf.GradSaveFunc;
  const [T, B, H] = xProj.shape;
  const xps = tf.unstack(xProj, 0) as tf.Tensor2D[]; // T x [B, H]
  const hs: tf.Tensor2D[] = [];
  let h = h0;
  for (let t = 0; t < T; t++) {
    h = tf.tanh(tf.add(xps[t], tf.matMul(h, recurrent))) as tf.Tensor2D; // [B, H]
    hs.push(h);
  }
  const value = tf.stack(hs, 0) as tf.Tensor3D; // [T, B, H]
  save([value, tf.stack([h0, ...hs.slice(0, T - 1)], 0), recurrent]); // [T,B,H], [T,B,H], [H,H]
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [Hs, Hprev, Wh] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor2D];
      const WhT = tf.transpose(Wh); // [G*H, H]: a plain matmul per step is faster than transposeB
      const scales = tf.unstack(tf.sub(tf.scalar(1), tf.square(Hs)), 0) as tf.Tensor2D[]; // T x [B, H]
      const dys = tf.unstack(dy, 0) as tf.Tensor2D[]; // T x [B, H]
      let dhNext: tf.Tensor2D | undefined;
      const dzs: tf.Tensor2D[] = new Array(T);
      for (let t = T - 1; t >= 0; t--) {
        const dh = dhNext ? tf.add(dys[t], dhNext) : dys[t]; // [B, H]
        const dz = tf.mul(dh, scales[t]) as tf.Tensor2D; // [B, H]
        dzs[t] = dz;
        dhNext = tf.matMul(dz, WhT) as tf.Tensor2D; // [B, H]
      }
      const dZ = tf.stack(dzs, 0) as tf.Tensor3D; // [T, B, H]
      const dWh = tf.matMul(tf.reshape(Hprev, [T * B, H]), tf.reshape(dZ, [T * B, H]), true, false); // [H, H]
      return [dZ, dhNext as tf.Tensor2D, dWh];
    },
  };
});
