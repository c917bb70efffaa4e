// The sampling playground: prime the model with some text, then draw characters one byte at
// a time at a temperature, from a seeded generator (same prime, temperature, seed and model
// = same text). Runs in slices (slicing.ts) with progress, because 2,000 characters on the
// default model take about a second.
//
// The model first reads the file separator byte 0x00 (training joins files with it), so the
// prime is read as the start of a file, and an empty prime means "a new file". Sampling
// stops after `length` characters (counted as ../model/vocabulary.ts counts them, so the
// last one keeps all its continuation bytes), or at a 0x00 (the model ending the file).
import type { InferenceModel } from '../infer/inferenceModel';
import { argmax, seededRng, softmax } from '../infer/sampler';
import { encodeText, startsCharacter } from '../model/vocabulary';
import { advanceInSlices } from './slicedTrace';
import { type SliceControl, sliceLoop } from '../slicing';

export interface SampleRequest {
  prime: string;
  /** 0 = always the most likely byte. */
  temperature: number;
  seed: number;
  /** Characters to draw. */
  length: number;
}

export type SampleStop = 'length' | 'endOfFile' | 'cancelled';

export interface SampleResult {
  /** Sampled bytes (not the prime). */
  bytes: Uint8Array;
  /** [bytes.length] the untempered probability the model gave each sampled byte. */
  probs: Float32Array;
  stop: SampleStop;
}

export interface SampleControl extends SliceControl {
  /** Called after each slice with the bytes and probabilities so far (views: copy to keep). */
  onProgress?(bytes: Uint8Array, probs: Float32Array): void;
}

/** Draws an index from probs [256] (summing to 1) with u in [0, 1). */
function draw(probs: Float32Array, u: number): number {
  let rest = u;
  for (let i = 0; i < probs.length; i++) {
    rest -= probs[i];
    if (rest < 0) return i;
  }
  return argmax(probs); // rounding left a little mass: the most likely byte
}

export async function sampleInSlices(model: InferenceModel, request: SampleRequest, control: SampleControl): Promise<SampleResult> {
  const state = model.newState();
  const primeBytes = new Uint8Array([0, ...encodeText(request.prime)]);
  const maxBytes = request.length * 4;
  const bytes = new Uint8Array(maxBytes);
  const probs = new Float32Array(maxBytes);
  const progress = (count: number) => control.onProgress?.(bytes.subarray(0, count), probs.subarray(0, count));
  if (!(await advanceInSlices(model, state, primeBytes, control))) return { bytes: new Uint8Array(0), probs: new Float32Array(0), stop: 'cancelled' };
  const rng = seededRng(request.seed);
  const logits = new Float32Array(256);
  const plain = new Float32Array(256); // untempered probabilities
  const tempered = new Float32Array(256);
  let count = 0;
  let chars = 0; // characters as vocabulary.ts counts them: bytes that are not continuation bytes
  let endOfFile = false;
  const completed = await sliceLoop({ ...control, onSliceEnd: () => progress(count) }, () => {
    model.logits(state, logits);
    softmax(logits, plain);
    const next = request.temperature > 0 ? draw(softmax(logits, tempered, request.temperature), rng()) : argmax(logits);
    if (next === 0) {
      endOfFile = true;
      return false;
    }
    if (startsCharacter(next)) {
      if (chars === request.length) return false; // a character too many: the last one is whole
      chars++;
    }
    bytes[count] = next;
    probs[count] = plain[next];
    count++;
    model.step(state, next);
    return count < maxBytes;
  });
  progress(count);
  return { bytes: bytes.slice(0, count), probs: probs.slice(0, count), stop: !completed ? 'cancelled' : endOfFile ? 'endOfFile' : 'length' };
}
