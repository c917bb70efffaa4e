// An LSTM layer over all T steps of a chunk on TensorFlow's own kernels, time-major
// throughout: lstmForward and lstmBackward work on native Handles (native.ts) and are
// shared by the trainer's whole-network step (lstmChunkGradients.ts) and by fusedLstm, the
// same layer as ONE differentiable tfjs op (tf.customGrad) for everything that runs under
// tfjs's gradient tape.
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
// LSTMBlockCellGrad orders the blocks i, g, f, o: the (small) weights are permuted to match
// and the (small) weight gradients back. Then everything that does not depend on the
// recursion, over all steps at once, as large matmuls:
//   dW = [x_0 .. x_{T-1}]ᵀ dZ,  dW_h = [h_{-1} .. h_{T-2}]ᵀ dZ,  db = Σ dZ,  dX = dZ Wᵀ
// (Why not TensorFlow's BlockLSTMGradV2: docs/decisions.md.)
//
// Needs the 'tensorflow' backend (native.ts); elsewhere recurrentLayer.ts uses the
// reference cells instead.
import type { Handle, Input, LstmGates, NativeOps } from './native';
import * as tf from './tf';

/** What the backward pass needs from the forward one. */
export interface LstmForward {
  x: Input; // [T, B, I]
  h0: Input; // [B, H]
  c0: Input; // [B, H]
  kernel: Input; // [I, 4H]
  recurrent: Input; // [H, 4H]
  gates: LstmGates<Input>; // [T, B, H] each
  h: Input; // [T, B, H]: h_0 .. h_{T-1}
  /** When x is rows of a table (x = table[ids], the embedding): the gradient then goes to the table. */
  rows?: { table: Input; ids: Input }; // [V, I], [T*B] int32
}

export interface LstmGradients {
  /** d x [T, B, I]; or, when the input is rows of a table, d table [V, I]. */
  dInput: Handle;
  dKernel: Handle; // [I, 4H]
  dRecurrent: Handle; // [H, 4H]
  dBias: Handle; // [4H]
  dh0: Handle; // [B, H]
  dc0: Handle; // [B, H]
}

/** The layer over a chunk: its gates and outputs, [T, B, H] each. */
export function lstmForward(
  native: NativeOps,
  x: Input, // [T, B, I]
  h0: Input, // [B, H]
  c0: Input, // [B, H]
  kernel: Input, // [I, 4H]
  recurrent: Input, // [H, 4H]
  bias: Input, // [4H]
): LstmGates<Handle> & { h: Handle } {
  const w = native.concat([kernel, recurrent], 0); // [I+H, 4H]
  const result = native.blockLstm(x, c0, h0, w, bias);
  native.free(w);
  return result;
}

/**
 * Gradients of the layer from the gradient into every output, dY [T, B, H], and into the
 * final cell state, dcLast [B, H] (none: zero).
 */
export function lstmBackward(native: NativeOps, f: LstmForward, dY: Input, dcLast?: Input): LstmGradients {
  const [T, B, I] = dims(f.x);
  const H = dims(f.h0)[1];
  const whT = native.transpose(swapGateBlocks(native, f.recurrent), [1, 0]); // [4H, H]: W_hᵀ, rows in icfo order
  const steps = {
    i: native.unstack(f.gates.i),
    cs: native.unstack(f.gates.cs),
    f: native.unstack(f.gates.f),
    o: native.unstack(f.gates.o),
    ci: native.unstack(f.gates.ci),
    co: native.unstack(f.gates.co),
  }; // T x [B, H] each, sharing the gates' buffers
  const dYs = native.unstack(dY); // T x [B, H]
  let dc: Input = dcLast ?? native.zeros([B, H]);
  let dhNext: Handle | undefined;
  const dz: Handle[] = new Array(T);
  for (let t = T - 1; t >= 0; t--) {
    const dh = dhNext ? native.add(dYs[t], dhNext) : dYs[t];
    const gates = { i: steps.i[t], cs: steps.cs[t], f: steps.f[t], o: steps.o[t], ci: steps.ci[t], co: steps.co[t] };
    const { csPrevGrad, dicfo } = native.lstmCellGrad(t > 0 ? steps.cs[t - 1] : f.c0, gates, dc, dh, f.recurrent, f.h0);
    if (dhNext) native.free(dhNext, dh);
    if (dc !== dcLast) native.free(dc as Handle);
    dz[t] = dicfo;
    dc = csPrevGrad;
    dhNext = native.matMul(dicfo, whT); // [B, H]
  }
  native.free(whT, ...dYs, ...Object.values(steps).flat());
  const dZ = native.reshape(native.stack(dz), [T * B, 4 * H]); // [T*B, 4H], blocks i, g, f, o
  native.free(...dz);
  const h0Row = native.reshape(f.h0, [1, B, H]);
  const hPrev = T > 1 ? native.concat([h0Row, native.slice(f.h, [0, 0, 0], [T - 1, B, H])], 0) : h0Row; // h_{t-1}, [T, B, H]
  // The weights' gradients come out in icfo block order and are permuted back (small
  // matrices: cheaper than permuting dZ), and dX needs W in icfo order.
  const kernelIcfo = swapGateBlocks(native, f.kernel); // [I, 4H]
  let input: { dInput: Handle; dKernel: Handle };
  if (f.rows) {
    // x = onehot(ids) E, so dW = xᵀ dZ = Eᵀ S and dE = onehotᵀ dZ Wᵀ = S Wᵀ with S = onehotᵀ dZ,
    // dZ summed by row id [V, 4H]: two small matmuls instead of two over all T*B positions.
    const S = native.segmentSum(dZ, f.rows.ids, dims(f.rows.table)[0]);
    input = { dInput: native.matMul(S, kernelIcfo, false, true), dKernel: swapGateBlocks(native, native.matMul(f.rows.table, S, true, false)) };
  } else {
    input = {
      dInput: native.reshape(native.matMul(dZ, kernelIcfo, false, true), [T, B, I]),
      dKernel: swapGateBlocks(native, native.matMul(native.reshape(f.x, [T * B, I]), dZ, true, false)),
    };
  }
  return {
    ...input,
    dRecurrent: swapGateBlocks(native, native.matMul(native.reshape(hPrev, [T * B, H]), dZ, true, false)),
    dBias: swapGateBlocks(native, native.columnSums(dZ)), // [4H]
    dh0: dhNext as Handle,
    dc0: dc as Handle,
  };
}

/**
 * The layer as one tfjs op, on input x [T, B, I] from state (h0, c0). Returns [T+1, B, H]:
 * rows 0..T-1 are h_0..h_{T-1}; row T is the final cell state c_{T-1} (so both final states
 * leave through one differentiable tensor).
 */
export function fusedLstm(
  native: NativeOps,
  x: tf.Tensor3D, // [T, B, I]
  h0: tf.Tensor2D, // [B, H]
  c0: tf.Tensor2D, // [B, H]
  kernel: tf.Tensor2D, // [I, 4H]
  recurrent: tf.Tensor2D, // [H, 4H]
  bias: tf.Tensor1D, // [4H]
): tf.Tensor3D {
  return lstmOp(native)(x, h0, c0, kernel, recurrent, bias) as tf.Tensor3D;
}

/** The shape of a tfjs tensor or a Handle as plain numbers (a tfjs tensor's is typed by its rank). */
function dims(x: Input): number[] {
  return x.shape;
}

/** m [R, 4H] (or a bias [4H]) with its column blocks f and g swapped: Recur's i, f, g, o <-> TensorFlow's i, g, f, o (its own inverse). */
function swapGateBlocks(native: NativeOps, m: Input): Handle {
  const shape = dims(m);
  const G = shape[shape.length - 1];
  const R = shape.length > 1 ? shape[0] : 1;
  return native.reshape(native.gather(native.reshape(m, [R, 4, G / 4]), native.ints([0, 2, 1, 3]), 1), shape);
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
    return native.handleScope(() => {
      const out = lstmForward(native, x, h0, c0, kernel, recurrent, bias);
      const lastC = native.slice(out.cs, [T - 1, 0, 0], [1, B, H]);
      const value = native.adopt<tf.Tensor3D>(native.concat([out.h, lastC], 0)); // [T+1, B, H]
      const [i, cs, f, o, ci, co, h] = [out.i, out.cs, out.f, out.o, out.ci, out.co, out.h].map((g) => native.adopt(g));
      save([x, h0, c0, kernel, recurrent, i, cs, f, o, ci, co, h]);
      return {
        value,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [X, H0, C0, K, Wh, I, CS, Fg, O, CI, CO, Hs] = saved;
          return native.handleScope(() => {
            const dY = native.slice(dy, [0, 0, 0], [T, B, H]);
            const dcLast = native.reshape(native.slice(dy, [T, 0, 0], [1, B, H]), [B, H]);
            const g = lstmBackward(native, { x: X, h0: H0, c0: C0, kernel: K, recurrent: Wh, gates: { i: I, cs: CS, f: Fg, o: O, ci: CI, co: CO }, h: Hs }, dY, dcLast);
            return [g.dInput, g.dh0, g.dc0, g.dKernel, g.dRecurrent, g.dBias].map((d) => native.adopt(d));
          });
        },
      };
    });
  });
}
