// runWithTrace (../infer/trace.ts) in slices, for the extension host: a 2,000-character
// window on the default 2 x 256 LSTM takes about a second of pure TypeScript, far too long
// to hold the editor's thread. The trace is built from short runs, each continuing from the
// state the previous one ended with, copied into the full arrays; the result is the same
// as one runWithTrace over all the bytes.
import type { InferenceModel, InferenceState } from '../infer/inferenceModel';
import { type ModelTrace, runWithTrace } from '../infer/trace';
import { inSlices, type SliceControl } from './slicing';

/** Bytes per runWithTrace call: small enough for one call to fit a slice on big models. */
const CHUNK_BYTES = 4;

/** Consumes `bytes` into `state` (no outputs). False when cancelled. */
export function advanceInSlices(model: InferenceModel, state: InferenceState, bytes: Uint8Array, control: SliceControl): Promise<boolean> {
  return inSlices(bytes.length, CHUNK_BYTES * 4, control, (from, to) => model.advance(state, bytes, from, to));
}

/** The trace of `bytes` from `initialState` (zero state when absent); undefined when cancelled. */
export async function traceInSlices(model: InferenceModel, bytes: Uint8Array, initialState: InferenceState | undefined, control: SliceControl): Promise<ModelTrace | undefined> {
  const T = bytes.length;
  const L = model.layers;
  const H = model.hiddenSize;
  const G = model.gates;
  const full: ModelTrace = {
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
  const done = await inSlices(T, CHUNK_BYTES, control, (from, to) => {
    const part = runWithTrace(model, bytes.subarray(from, to), full.finalState);
    full.prob.set(part.prob, from);
    for (let l = 0; l < L; l++) {
      full.h[l].set(part.h[l], from * H);
      if (full.c.length) full.c[l].set(part.c[l], from * H);
      full.gates[l].set(part.gates[l], from * G * H);
    }
    full.finalState = part.finalState;
  });
  return done ? full : undefined;
}
