// One recurrent layer over a chunk of T steps, for any cell, in two interchangeable
// implementations that compute the same function:
//   'fused'      one customGrad op per layer with a hand-written backward (fast: GRU/RNN
//                training, evaluation; LSTM training skips the tape, lstmChunkGradients.ts).
//                LSTM: TensorFlow's BlockLSTMV2 forward and LSTMBlockCellGrad backward
//                (fusedLstm.ts), on the 'tensorflow' backend; elsewhere the reference cells.
//   'reference'  a loop of the per-step cells in cells.ts, differentiated by tfjs
// Layers are time-major: input [T, B, I], outputs [T, B, H] (unstacking and stacking steps
// is then contiguous, and it is TensorFlow's fused kernels' layout).
import type { CellType } from '../../model/config';
import { gruStep, lstmStep, rnnStep } from './cells';
import { fusedGru } from './fusedGru';
import { fusedLstm } from './fusedLstm';
import { fusedRnn } from './fusedRnn';
import { nativeOps } from './native';
import * as tf from './tf';

export type LayerImplementation = 'fused' | 'reference';

export interface LayerParams {
  kernel: tf.Tensor2D; // [I, G*H]
  recurrent: tf.Tensor2D; // [H, G*H]
  bias: tf.Tensor1D; // [G*H]
  recurrentBias?: tf.Tensor1D; // [G*H], GRU only
}

/** The state a layer carries between chunks. */
export interface LayerStateTensors {
  h: tf.Tensor2D; // [B, H]
  c?: tf.Tensor2D; // [B, H], LSTM only
}

export function runLayer(
  cell: CellType,
  input: tf.Tensor3D, // [T, B, I]
  params: LayerParams,
  state: LayerStateTensors,
  implementation: LayerImplementation,
): { outputs: tf.Tensor3D; state: LayerStateTensors } {
  const [T, B, I] = input.shape;
  const GH = params.kernel.shape[1];
  const H = params.recurrent.shape[0];
  const lastStep = (seq: tf.Tensor3D, t: number) => tf.reshape(tf.slice(seq, [t, 0, 0], [1, B, H]), [B, H]) as tf.Tensor2D;
  const native = nativeOps();
  if (cell === 'lstm' && implementation === 'fused' && native) {
    // The input projection happens inside BlockLSTMV2.
    const value = fusedLstm(native, input, state.h, requireC(state), params.kernel, params.recurrent, params.bias); // [T+1, B, H]
    const outputs = tf.slice(value, [0, 0, 0], [T, B, H]) as tf.Tensor3D;
    return { outputs, state: { h: lastStep(value, T - 1), c: lastStep(value, T) } };
  }
  const xProj = tf.reshape(tf.add(tf.matMul(tf.reshape(input, [T * B, I]), params.kernel), params.bias), [T, B, GH]) as tf.Tensor3D; // [T, B, G*H]
  if (implementation === 'reference' || cell === 'lstm') return referenceLayer(cell, xProj, params, state);
  switch (cell) {
    case 'gru': {
      if (!params.recurrentBias) throw new Error('GRU layer needs recurrentBias');
      const outputs = fusedGru(xProj, state.h, params.recurrent, params.recurrentBias);
      return { outputs, state: { h: lastStep(outputs, T - 1) } };
    }
    case 'rnn': {
      const outputs = fusedRnn(xProj, state.h, params.recurrent);
      return { outputs, state: { h: lastStep(outputs, T - 1) } };
    }
  }
}

function referenceLayer(cell: CellType, xProj: tf.Tensor3D, params: LayerParams, state: LayerStateTensors): { outputs: tf.Tensor3D; state: LayerStateTensors } {
  const xps = tf.unstack(xProj, 0) as tf.Tensor2D[]; // T x [B, G*H]
  let current: LayerStateTensors = state;
  const hs: tf.Tensor2D[] = [];
  for (const xp of xps) {
    if (cell === 'lstm') current = lstmStep(xp, current.h, requireC(current), params.recurrent);
    else if (cell === 'gru') {
      if (!params.recurrentBias) throw new Error('GRU layer needs recurrentBias');
      current = gruStep(xp, current.h, params.recurrent, params.recurrentBias);
    } else current = rnnStep(xp, current.h, params.recurrent);
    hs.push(current.h);
  }
  return { outputs: tf.stack(hs, 0) as tf.Tensor3D, state: current };
}

function requireC(state: LayerStateTensors): tf.Tensor2D {
  if (!state.c) throw new Error('LSTM layer state needs a cell state c');
  return state.c;
}
