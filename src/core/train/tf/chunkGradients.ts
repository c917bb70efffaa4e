// The loss of one training chunk and its gradient for every parameter: what a training step
// needs before clipping and the optimizer.
//   LSTM on the 'tensorflow' backend: written out on TensorFlow's kernels without tfjs's
//     gradient tape (lstmChunkGradients.ts), the trainer's fast path.
//   Otherwise (GRU, RNN, or another backend): tf.variableGrads over chunkNats, the fused
//     layers' hand-written backward (fusedGru.ts, fusedRnn.ts) under tfjs's tape.
// Both compute the same function; tfNetworkGradients.test.ts holds them to tfjs's autodiff
// of the reference cells.
import type { ModelConfig } from '../../model/config';
import type { ChunkGradients } from './chunkGradientTypes';
import { lstmChunkGradients } from './lstmChunkGradients';
import { nativeOps } from './native';
import { chunkNats } from './network';
import type { LayerStateTensors } from './recurrentLayer';
import * as tf from './tf';

/** Call inside tf.tidy: every tensor returned belongs to it. */
export function chunkGradients(
  params: Record<string, tf.Variable>,
  config: ModelConfig,
  inputs: Int32Array, // [B, T] byte ids, row-major
  targets: Int32Array, // [B, T]: the next byte of each input
  batch: number,
  state: readonly LayerStateTensors[],
): ChunkGradients {
  const T = inputs.length / batch;
  if (!Number.isInteger(T) || T < 1 || targets.length !== inputs.length)
    throw new Error(`inputs and targets must be [B, T] with T >= 1 (got ${inputs.length} and ${targets.length} ids for B = ${batch})`);
  const native = nativeOps();
  if (config.cell === 'lstm' && native) return lstmChunkGradients(native, params, config, inputs, targets, batch, state);
  const inputsT = tf.tensor2d(inputs, [batch, T], 'int32');
  const targetsT = tf.tensor1d(targets, 'int32');
  let next: LayerStateTensors[] = [];
  const { value: loss, grads } = tf.variableGrads(() => {
    const result = chunkNats(params, config, inputsT, targetsT, [...state], 'fused');
    next = result.state.map((s) => ({ h: tf.keep(s.h), c: s.c ? tf.keep(s.c) : undefined }));
    return tf.div(result.nats, batch * T) as tf.Scalar;
  }, Object.values(params));
  // The kept states outlive variableGrads' own tidy: hand clones (same data) to the caller's.
  const carried = next.map((s) => ({ h: tf.clone(s.h), c: s.c ? tf.clone(s.c) : undefined }));
  tf.dispose(next.flatMap((s) => (s.c ? [s.h, s.c] : [s.h])));
  // variableGrads keys gradients by tf.Variable name; key them by weight name again.
  return { loss, grads: Object.fromEntries(Object.entries(params).map(([name, p]) => [name, grads[p.name]])), state: carried };
}
