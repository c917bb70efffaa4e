// One recurrent layer over a chunk of T steps, for any cell, in two interchangeable
// implementations that compute the same function:
//   'fused'      one customGrad op per layer with a hand-written backward (fast; training)
//   'reference'  a loop of the per-step cells in cells.ts, differentiated by tfjs
// The input projection x W + b of all T steps is one matmul in both.
import type { CellType } from '../config';
import { gruStep, lstmStep, rnnStep } from './cells';
import { fusedGru } from './fusedGru';
import { fusedLstm } from './fusedLstm';
import { fusedRnn } from './fusedRnn';
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
  input: tf.Tensor3D, // [B, T, I]
  params: LayerParams,
  state: LayerStateTensors,
  implementation: LayerImplementation,
): { outputs: tf.Tensor3D; state: LayerStateTensors } {
  const [B, T, I] = input.shape;
  const GH = params.kernel.shape[1];
  const H = params.recurrent.shape[0];
  const xProj = tf.reshape(tf.add(tf.matMul(tf.reshape(input, [B * T, I]), params.kernel), params.bias), [B, T, GH]) as tf.Tensor3D; // [B, T, G*H]
  if (implementation === 'reference') return referenceLayer(cell, xProj, params, state);
  const lastStep = (seq: tf.Tensor3D, t: number) => tf.reshape(tf.slice(seq, [0, t, 0], [B, 1, H]), [B, H]) as tf.Tensor2D;
  switch (cell) {
    case 'lstm': {
      const value = fusedLstm(xProj, state.h, requireC(state), params.recurrent); // [B, T+1, H]
      const outputs = tf.slice(value, [0, 0, 0], [B, T, H]) as tf.Tensor3D;
      return { outputs, state: { h: lastStep(value, T - 1), c: lastStep(value, T) } };
    }
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
  const xps = tf.unstack(xProj, 1) as tf.Tensor2D[]; // T x [B, G*H]
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
  return { outputs: tf.stack(hs, 1) as tf.Tensor3D, state: current };
}

function requireC(state: LayerStateTensors): tf.Tensor2D {
  if (!state.c) throw new Error('LSTM layer state needs a cell state c');
  return state.c;
}
