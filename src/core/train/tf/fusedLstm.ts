// An LSTM layer over all T steps of a chunk as ONE differentiable op (tf.customGrad), on
// TensorFlow's own kernels, time-major throughout.
//
// Forward: TensorFlow's BlockLSTMV2, one native op for the whole chunk (the loop over t,
// its matmul [x_t, h_{t-1}] [W; W_h] + b and the gate maths run inside TensorFlow):
//   z_t = x_t W + h_{t-1} W_h + b                    [B, 4H]   blocks i, f, g, o
//   c_t = σ(z_f) ⊙ c_{t-1} + σ(z_i) ⊙ tanh(z_g)       [B, H]
//   h_t = σ(z_o) ⊙ tanh(c_t)                          [B, H]
// It returns every step's gates, c_t, tanh c_t and h_t, which the backward pass reuses.
//
// Backward, from t = T-1 down to 0, three native ops per step:
//   dh   = dY_t + dz_{t+1} W_hᵀ                                   (AddV2, MatMul)
//   dc, dz_t from LSTMBlockCellGrad:                              (one op)
//     dc   = dh ⊙ o(1 - tanh²c_t) + dc_{t+1} ⊙ f_{t+1}
//     dz_t = [dc, dc, dc, dh] ⊙ [g i(1-i), c_{t-1} f(1-f), i(1-g²), tanh(c_t) o(1-o)]
// (LSTMBlockCellGrad orders the blocks i, g, f, o: W_hᵀ is permuted to match, and dz back
// once after the loop.) Then everything that does not depend on the recursion, over all
// steps at once, as large matmuls:
//   dW = [x_0 .. x_{T-1}]ᵀ dZ,  dW_h = [h_{-1} .. h_{T-2}]ᵀ dZ,  db = Σ dZ,  dX = dZ Wᵀ
// BlockLSTMGradV2 (TensorFlow's own backward) was measured 2-3x slower than this: it
// accumulates the weight gradients with one small matmul per step.
//
// Needs the 'tensorflow' backend (native.ts); elsewhere recurrentLayer.ts uses the
// reference cells instead.
import type { NativeOps } from './native';
import * as tf from './tf';

/**
 * Runs the layer on input x [T, B, I] from state (h0, c0). Returns [T+1, B, H]: rows
 * 0..T-1 are h_0..h_{T-1}; row T is the final cell state c_{T-1} (so both final states
 * leave through one differentiable tensor).
 */
export function fusedLstm(
  ops: NativeOps,
  x: tf.Tensor3D, // [T, B, I]
  h0: tf.Tensor2D, // [B, H]
  c0: tf.Tensor2D, // [B, H]
  kernel: tf.Tensor2D, // [I, 4H]
  recurrent: tf.Tensor2D, // [H, 4H]
  bias: tf.Tensor1D, // [4H]
): tf.Tensor3D {
  return lstmOp(ops)(x, h0, c0, kernel, recurrent, bias) as tf.Tensor3D;
}

/** The gate blocks (columns) of a [*, 4H] matrix swapped between Recur's i, f, g, o and TensorFlow's i, g, f, o (the swap is its own inverse). */
function icfo(m: tf.Tensor2D): tf.Tensor2D {
  const [i, f, g, o] = tf.split(m, 4, 1);
  return tf.concat([i, g, f, o], 1) as tf.Tensor2D;
}

const ops = new WeakMap<NativeOps, ReturnType<typeof makeOp>>();
function lstmOp(native: NativeOps) {
  let op = ops.get(native);
  if (!op) {
    op = makeOp(native);
    ops.set(native, op);
  }
  return op;
}

function makeOp(native: NativeOps) {
  return tf.customGrad((...args: unknown[]) => {
    const [x, h0, c0, kernel, recurrent, bias] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const save = args[6] as tf.GradSaveFunc;
    const [T, B] = x.shape;
    const H = h0.shape[1];
    const w = tf.concat([kernel, recurrent], 0) as tf.Tensor2D; // [I+H, 4H]
    const [i, cs, f, o, ci, co, h] = native.blockLstm(x, c0, h0, w, bias); // 7 x [T, B, H]
    const value = tf.concat([h, tf.reshape(tf.slice(cs, [T - 1, 0, 0], [1, B, H]), [1, B, H])], 0) as tf.Tensor3D; // [T+1, B, H]
    save([x, h0, c0, kernel, recurrent, i, cs, f, o, ci, co, h]); // h is also the value's first T rows: saved here, not sliced back out
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [X, H0, C0, K, Wh, I, CS, Fg, O, CI, CO, Hs] = saved as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, ...tf.Tensor3D[]];
        const I_ = X.shape[2];
        // LSTMBlockCellGrad's dz is in icfo block order: permute the (small) weights to it and
        // the (small) weight gradients back, rather than the [T*B, 4H] gradient itself.
        const whTicfo = tf.transpose(icfo(Wh)) as tf.Tensor2D; // [4H, H]
        const [is, css, fs, os, cis, cos] = [I, CS, Fg, O, CI, CO].map((t) => tf.unstack(t, 0) as tf.Tensor2D[]); // T x [B, H] each
        const dys = tf.unstack(dy, 0) as tf.Tensor2D[]; // T+1 x [B, H]
        const shapes = { w: Wh, b: tf.zeros([4 * H]) as tf.Tensor1D, x: tf.zeros([B, 0]) as tf.Tensor2D, h: H0 }; // shapes only: x [B, 0] with w = W_h
        let dcNext: tf.Tensor2D = dys[T]; // gradient into the final cell state
        let dhNext: tf.Tensor2D | undefined;
        const dzs: tf.Tensor2D[] = new Array(T);
        for (let t = T - 1; t >= 0; t--) {
          const dh = dhNext ? native.add(dys[t], dhNext) : dys[t];
          const { csPrevGrad, dicfo } = native.lstmCellGrad(t > 0 ? css[t - 1] : C0, { i: is[t], cs: css[t], f: fs[t], o: os[t], ci: cis[t], co: cos[t] }, dcNext, dh, shapes);
          dzs[t] = dicfo;
          dcNext = csPrevGrad;
          dhNext = native.matMul(dicfo, whTicfo); // [B, H]
        }
        const dZ = tf.reshape(tf.stack(dzs, 0), [T * B, 4 * H]) as tf.Tensor2D; // [T*B, 4H], blocks i, g, f, o
        const h0Row = tf.reshape(H0, [1, B, H]);
        const hPrev = T > 1 ? tf.concat([h0Row, tf.slice(Hs, [0, 0, 0], [T - 1, B, H])], 0) : h0Row; // h_{t-1}, [T, B, H]
        const dK = icfo(native.matMul(tf.reshape(X, [T * B, I_]) as tf.Tensor2D, dZ, true, false)); // [I, 4H]
        const dWh = icfo(native.matMul(tf.reshape(hPrev, [T * B, H]) as tf.Tensor2D, dZ, true, false)); // [H, 4H]
        const db = tf.reshape(icfo(native.matMul(tf.ones([1, T * B]) as tf.Tensor2D, dZ)), [4 * H]); // [4H]: a matmul sums columns far faster than tf.sum here
        const dX = tf.reshape(native.matMul(dZ, icfo(K), false, true), [T, B, I_]); // [T, B, I]
        return [dX, dhNext as tf.Tensor2D, dcNext, dK, dWh, db];
      },
    };
  });
}
