// runWithTrace (../infer/trace.ts) in slices, for the extension host: a 2,000-character
// window on the default 2 x 256 LSTM takes a few hundred milliseconds, far too long to hold
// the editor's thread at once. The trace is filled a few positions at a time (traceRange),
// each continuing from the state the previous one ended with; the result is the same as one
// runWithTrace over all the bytes.
import type { InferenceModel, InferenceState } from '../infer/inferenceModel';
import { emptyTrace, type ModelTrace, traceRange } from '../infer/trace';
import { inSlices, type SliceControl } from '../slicing';

/** Bytes per traceRange call: small enough for one call to fit a slice on big models. */
const CHUNK_BYTES = 4;

/** Consumes `bytes` into `state` (no outputs). False when cancelled. */
export function advanceInSlices(model: InferenceModel, state: InferenceState, bytes: Uint8Array, control: SliceControl): Promise<boolean> {
  return inSlices(bytes.length, CHUNK_BYTES * 4, control, (from, to) => model.advance(state, bytes, from, to));
}

/** The trace of `bytes` from `initialState` (zero state when absent); undefined when cancelled. */
export async function traceInSlices(model: InferenceModel, bytes: Uint8Array, initialState: InferenceState | undefined, control: SliceControl): Promise<ModelTrace | undefined> {
  const trace = emptyTrace(model, bytes.length, initialState);
  const done = await inSlices(bytes.length, CHUNK_BYTES, control, (from, to) => traceRange(model, bytes, trace, from, to));
  return done ? trace : undefined;
}
