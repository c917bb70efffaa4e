// The model's insides over a piece of text, for the panel (activations, gate saturation,
// surprisal). One forward pass over `bytes`; for every position t (0 <= t < T):
//
//   prob[t]          P(bytes[t] | initial state, bytes[0..t))   the probability the model gave
//                    the byte that actually came (surprisal = -log2 prob[t]); position 0
//                    uses the logits of the initial state
//   h[l]   [T*H]     layer l's hidden state after consuming bytes[t]   (row t = h_t)
//   c[l]   [T*H]     LSTM only: layer l's cell state after bytes[t]
//   gates[l] [T*G*H] layer l's gate activations at step t, after their nonlinearity, in the
//                    order of weights.ts: LSTM i,f,g,o (σ,σ,tanh,σ); GRU r,z,n (σ,σ,tanh);
//                    RNN: one block, the new h (tanh)
//   finalState       the state after the last byte (to continue from)
//
// Row-major Float32Arrays, so the panel can post them to the webview as they are.
import type { InferenceModel, InferenceState } from './inferenceModel';
import { softmax } from './sampler';

export interface ModelTrace {
  length: number; // T
  layers: number; // L
  hiddenSize: number; // H
  gatesPerCell: number; // G
  prob: Float32Array; // [T]
  h: Float32Array[]; // L x [T*H]
  c: Float32Array[]; // L x [T*H], empty unless LSTM
  gates: Float32Array[]; // L x [T*G*H]
  finalState: InferenceState;
}

export function runWithTrace(model: InferenceModel, bytes: Uint8Array, initialState?: InferenceState): ModelTrace {
  const trace = emptyTrace(model, bytes.length, initialState);
  traceRange(model, bytes, trace, 0, bytes.length);
  return trace;
}

/** A trace of T positions with every array allocated (zeros), finalState = the initial state (copied). */
export function emptyTrace(model: InferenceModel, T: number, initialState?: InferenceState): ModelTrace {
  const L = model.layers;
  const H = model.hiddenSize;
  const G = model.gates;
  return {
    length: T,
    layers: L,
    hiddenSize: H,
    gatesPerCell: G,
    prob: new Float32Array(T),
    h: Array.from({ length: L }, () => new Float32Array(T * H)),
    c: model.cell === 'lstm' ? Array.from({ length: L }, () => new Float32Array(T * H)) : [],
    gates: Array.from({ length: L }, () => new Float32Array(T * G * H)),
    finalState: initialState ? model.cloneState(initialState) : model.newState(),
  };
}

/**
 * Fills positions from..to of `trace` from bytes[from..to), continuing from trace.finalState
 * (the state after position from-1), which it advances. Filling 0..a then a..T gives what
 * one pass over 0..T gives, so long texts can be traced in slices.
 */
export function traceRange(model: InferenceModel, bytes: Uint8Array, trace: ModelTrace, from: number, to: number): void {
  const { layers: L, hiddenSize: H, gatesPerCell: G } = trace;
  const state = trace.finalState;
  const logits = scratch.logits;
  const probs = scratch.probs;
  if (scratch.gates.length !== L || scratch.gates[0]?.length !== G * H) scratch.gates = Array.from({ length: L }, () => new Float32Array(G * H));
  const stepGates = { gates: scratch.gates };
  for (let t = from; t < to; t++) {
    softmax(model.logits(state, logits), probs);
    trace.prob[t] = probs[bytes[t]];
    model.step(state, bytes[t], stepGates);
    for (let l = 0; l < L; l++) {
      trace.h[l].set(state.h[l], t * H);
      if (trace.c.length) trace.c[l].set(state.c[l], t * H);
      trace.gates[l].set(stepGates.gates[l], t * G * H);
    }
  }
}

/** Per-step buffers, reused across calls (one thread). */
const scratch = { logits: new Float32Array(256), probs: new Float32Array(256), gates: [] as Float32Array[] };
