// The whole network in tfjs:
//   bytes [B, T] -> gather rows of embedding [256, E] -> L recurrent layers -> linear [H, 256]
//   -> logits [B, T, 256] (softmax over the 256 byte values)
// Parameter names, shapes and gate orders are those of ../weights.ts, so checkpoints are
// shared with the pure-TypeScript inference path.
//
// forwardLogits() is the plain-arrays entry point (parity tests, tools); runNetwork() (logits)
// and chunkNats() (the loss only: evaluation, and GRU/RNN training under the tape) work on
// tensors.
import type { ModelConfig } from '../../model/config';
import { type Weights, weightShapes } from '../../model/weights';
import { nativeOps } from './native';
import { fusedHeadNats } from './outputHead';
import { type LayerImplementation, type LayerParams, type LayerStateTensors, runLayer } from './recurrentLayer';
import * as tf from './tf';

export type { LayerImplementation, LayerStateTensors } from './recurrentLayer';

/** Parameters as tensors (or tf.Variables while training), keyed like Weights. */
export type TfParams = Record<string, tf.Tensor>;

/** One layer's state as plain arrays. */
export interface LayerState {
  h: Float32Array; // [B, H] row-major
  c?: Float32Array; // [B, H], LSTM only
}

export function paramsFromWeights(weights: Weights, config: ModelConfig): TfParams {
  const params: TfParams = {};
  for (const [name, shape] of Object.entries(weightShapes(config))) {
    const data = weights[name];
    if (!data) throw new Error(`weights are missing ${name}`);
    params[name] = tf.tensor(data, shape, 'float32');
  }
  return params;
}

export function zeroState(config: ModelConfig, batch: number): LayerStateTensors[] {
  return Array.from({ length: config.layers }, () => ({
    h: tf.zeros([batch, config.hiddenSize]) as tf.Tensor2D,
    c: config.cell === 'lstm' ? (tf.zeros([batch, config.hiddenSize]) as tf.Tensor2D) : undefined,
  }));
}

function layerParams(params: TfParams, l: number): LayerParams {
  return {
    kernel: params[`layer${l}.kernel`] as tf.Tensor2D,
    recurrent: params[`layer${l}.recurrent`] as tf.Tensor2D,
    bias: params[`layer${l}.bias`] as tf.Tensor1D,
    recurrentBias: params[`layer${l}.recurrentBias`] as tf.Tensor1D | undefined,
  };
}

/** Logits for every position of a chunk ([B*T, 256], row b*T + t), and the state after its last step. */
export function runNetwork(
  params: TfParams,
  config: ModelConfig,
  inputs: tf.Tensor2D, // [B, T] int32 byte ids
  state: LayerStateTensors[],
  implementation: LayerImplementation = 'fused',
): { logits: tf.Tensor2D; state: LayerStateTensors[] } {
  const [B, T] = inputs.shape;
  const result = runLayers(params, config, inputs, state, implementation);
  const top = tf.reshape(tf.transpose(result.top, [1, 0, 2]), [B * T, config.hiddenSize]); // [B*T, H]
  const logits = tf.add(tf.matMul(top, params['output.kernel']), params['output.bias']) as tf.Tensor2D; // [B*T, 256]
  return { logits, state: result.state };
}

/**
 * The summed nats of a chunk (what training and validation need), and the state after its
 * last step. The same value as totalNats(runNetwork(...).logits, targets), computed
 * time-major throughout (no transposes) and, for 'fused' on the tensorflow backend, with
 * the output layer and the loss as one native op (outputHead.ts).
 */
export function chunkNats(
  params: TfParams,
  config: ModelConfig,
  inputs: tf.Tensor2D, // [B, T] int32 byte ids
  targets: tf.Tensor1D, // [B*T] int32, row-major like inputs
  state: LayerStateTensors[],
  implementation: LayerImplementation = 'fused',
): { nats: tf.Scalar; state: LayerStateTensors[] } {
  const [B, T] = inputs.shape;
  const result = runLayers(params, config, inputs, state, implementation);
  const top = tf.reshape(result.top, [T * B, config.hiddenSize]); // [T*B, H], row t*B + b
  const targetsTB = tf.reshape(tf.transpose(tf.reshape(targets, [B, T])), [T * B]) as tf.Tensor1D; // the same order
  const native = implementation === 'fused' ? nativeOps() : undefined;
  const nats = native
    ? fusedHeadNats(native, top as tf.Tensor2D, params['output.kernel'] as tf.Tensor2D, params['output.bias'] as tf.Tensor1D, targetsTB)
    : totalNats(tf.add(tf.matMul(top, params['output.kernel']), params['output.bias']) as tf.Tensor2D, targetsTB);
  return { nats, state: result.state };
}

/** The recurrent layers, time-major: the top layer's outputs [T, B, H] and the final state. */
function runLayers(
  params: TfParams,
  config: ModelConfig,
  inputs: tf.Tensor2D, // [B, T] int32
  state: LayerStateTensors[],
  implementation: LayerImplementation,
): { top: tf.Tensor3D; state: LayerStateTensors[] } {
  let x = tf.gather(params.embedding, tf.transpose(inputs)) as tf.Tensor3D; // [T, B, E]
  const finalState: LayerStateTensors[] = [];
  for (let l = 0; l < config.layers; l++) {
    const result = runLayer(config.cell, x, layerParams(params, l), state[l], implementation);
    x = result.outputs; // [T, B, H]
    finalState.push(result.state);
  }
  return { top: x, state: finalState };
}

/** Summed negative log-likelihood in nats of `targets` under `logits`. */
export function totalNats(
  logits: tf.Tensor2D, // [N, 256]
  targets: tf.Tensor1D, // [N] int32
): tf.Scalar {
  const logProbs = tf.logSoftmax(logits); // [N, 256]
  return tf.neg(tf.sum(tf.mul(logProbs, tf.oneHot(targets, logits.shape[1])))) as tf.Scalar;
}

/**
 * The network's logits for `inputs` (plain arrays). inputs: number[][] is [B][T]; an
 * Int32Array is one sequence (B = 1) unless `batch` says how many rows of T it holds.
 * initialState: one LayerState per layer ([B, H] each); zeros when absent.
 * Returns logits [B, T, 256] row-major and the state after the last step.
 */
export function forwardLogits(weights: Weights, config: ModelConfig, inputs: Int32Array | number[][], initialState?: LayerState[], batch = 1): { logits: Float32Array; finalState: LayerState[] } {
  const B = Array.isArray(inputs) ? inputs.length : batch;
  const flat = Array.isArray(inputs) ? Int32Array.from(inputs.flat()) : inputs;
  const T = flat.length / B;
  if (!Number.isInteger(T) || T < 1) throw new Error(`inputs must be [B, T] with T >= 1 (got ${flat.length} ids for B = ${B})`);
  const H = config.hiddenSize;
  return tf.tidy(() => {
    const params = paramsFromWeights(weights, config);
    const state = initialState ? initialState.map((s) => ({ h: tf.tensor2d(s.h, [B, H]), c: s.c ? tf.tensor2d(s.c, [B, H]) : undefined })) : zeroState(config, B);
    const result = runNetwork(params, config, tf.tensor2d(flat, [B, T], 'int32'), state, 'reference');
    return {
      logits: result.logits.dataSync() as Float32Array,
      finalState: result.state.map((s) => ({ h: s.h.dataSync() as Float32Array, c: s.c ? (s.c.dataSync() as Float32Array) : undefined })),
    };
  });
}
