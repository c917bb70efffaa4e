// The GRU layer (PyTorch formulation) over all T steps as one op (tf.customGrad) with a
// hand-written backward, time-major: tfjs records one op instead of the ~12 of every step,
// and the recurrent weight gradient is one matmul over all steps. (TensorFlow's GRUBlockCell
// computes the other GRU, with the reset gate before the matmul, so it is not used here.)
//   hp_t = h_{t-1} W_h + b_h                           [B, 3H]  blocks r, z, n
//   r = σ(xr + hr),  z = σ(xz + hz),  n = tanh(xn + r ⊙ hn),  h_t = n + z ⊙ (h_{t-1} - n)
// Backward, with dh = dY_t + (carry from step t+1):
//   dan = dh ⊙ (1-z)(1-n²)      (pre-activation of n)
//   daz = dh ⊙ (h_{t-1}-n) z(1-z)
//   dar = dan ⊙ hn r(1-r)
//   dxp_t = [dar, daz, dan],  dhp_t = [dar, daz, dan ⊙ r]
//   carry = dh ⊙ z + dhp_t W_hᵀ
//   dW_h = [h_{-1} .. h_{T-2}]ᵀ [dhp_0 .. dhp_{T-1}],  db_h = Σ dhp
import * as tf from './tf';

/** Returns the outputs h_0..h_{T-1}, [T, B, H] (time-major, as the input). */
export function fusedGru(
  xProj: tf.Tensor3D, // [T, B, 3H]
  h0: tf.Tensor2D, // [B, H]
  recurrent: tf.Tensor2D, // [H, 3H]
  recurrentBias: tf.Tensor1D, // [3H]
): tf.Tensor3D {
  return gruOp(xProj, h0, recurrent, recurrentBias) as tf.Tensor3D;
}

const gruOp = tf.customGrad((...args: unknown[]) => {
  const [xProj, h0, recurrent, recurrentBias] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  const save = args[4] as tf.GradSaveFunc;
  const [T, B] = xProj.shape;
  const H = h0.shape[1];
  const [xr, xz, xn] = tf.split(xProj, 3, 2).map((x) => tf.unstack(x, 0) as tf.Tensor2D[]); // 3 x T x [B, H]
  const rs: tf.Tensor2D[] = [];
  const zs: tf.Tensor2D[] = [];
  const ns: tf.Tensor2D[] = [];
  const hns: tf.Tensor2D[] = [];
  const hs: tf.Tensor2D[] = [];
  let h = h0;
  for (let t = 0; t < T; t++) {
    const hp = tf.add(tf.matMul(h, recurrent), recurrentBias); // [B, 3H]
    const [hr, hz, hn] = tf.split(hp, 3, 1) as tf.Tensor2D[]; // 3 x [B, H]
    const r = tf.sigmoid(tf.add(xr[t], hr)) as tf.Tensor2D;
    const z = tf.sigmoid(tf.add(xz[t], hz)) as tf.Tensor2D;
    const n = tf.tanh(tf.add(xn[t], tf.mul(r, hn))) as tf.Tensor2D;
    h = tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D; // [B, H]
    rs.push(r);
    zs.push(z);
    ns.push(n);
    hns.push(hn);
    hs.push(h);
  }
  const value = tf.stack(hs, 0) as tf.Tensor3D; // [T, B, H]
  const prevH = tf.stack([h0, ...hs.slice(0, T - 1)], 0); // [T, B, H]
  save([tf.stack(rs, 0), tf.stack(zs, 0), tf.stack(ns, 0), tf.stack(hns, 0), prevH, recurrent]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [R, Z, N, Hn, Hprev, Wh] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor2D];
      const one = tf.scalar(1);
      const WhT = tf.transpose(Wh); // [G*H, H]: a plain matmul per step is faster than transposeB
      const nScale = tf.unstack(tf.mul(tf.sub(one, Z), tf.sub(one, tf.square(N))), 0) as tf.Tensor2D[]; // T x [B, H]
      const zScale = tf.unstack(tf.mul(tf.sub(Hprev, N), tf.mul(Z, tf.sub(one, Z))), 0) as tf.Tensor2D[];
      const rScale = tf.unstack(tf.mul(Hn, tf.mul(R, tf.sub(one, R))), 0) as tf.Tensor2D[];
      const rs = tf.unstack(R, 0) as tf.Tensor2D[];
      const zs = tf.unstack(Z, 0) as tf.Tensor2D[];
      const dys = tf.unstack(dy, 0) as tf.Tensor2D[]; // T x [B, H]
      let carry: tf.Tensor2D | undefined;
      const dxps: tf.Tensor2D[] = new Array(T);
      const dhps: tf.Tensor2D[] = new Array(T);
      for (let t = T - 1; t >= 0; t--) {
        const dh = carry ? tf.add(dys[t], carry) : dys[t]; // [B, H]
        const dan = tf.mul(dh, nScale[t]);
        const daz = tf.mul(dh, zScale[t]);
        const dar = tf.mul(dan, rScale[t]);
        dxps[t] = tf.concat([dar, daz, dan], 1) as tf.Tensor2D; // [B, 3H]
        dhps[t] = tf.concat([dar, daz, tf.mul(dan, rs[t])], 1) as tf.Tensor2D; // [B, 3H]
        carry = tf.add(tf.mul(dh, zs[t]), tf.matMul(dhps[t], WhT)) as tf.Tensor2D; // [B, H]
      }
      const dHp = tf.reshape(tf.stack(dhps, 0), [T * B, 3 * H]); // [T*B, 3H]
      const dWh = tf.matMul(tf.reshape(Hprev, [T * B, H]), dHp, true, false); // [H, 3H]
      const dbh = tf.sum(dHp, 0); // [3H]
      return [tf.stack(dxps, 0), carry as tf.Tensor2D, dWh, dbh];
    },
  };
});
