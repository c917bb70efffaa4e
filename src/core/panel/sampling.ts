// The sampling playground: prime the model with some text, then draw characters one byte at
// a time at a temperature, from a seeded generator (same prime, temperature, seed and model
// = same text). Runs in slices (slicing.ts) with progress, because 2,000 characters on the
// default model take about a second.
//
// The model first reads the file separator byte 0x00 (training joins files with it), so the
// prime is read as the start of a file, and an empty prime means "a new file". Sampling
// stops after `length` characters (counted as ../vocabulary.ts counts them, so the
// last one keeps all its continuation bytes), or at a 0x00 (the model ending the file).
//
// Repetition: a small model at a low temperature falls into loops ("tone tone tone...", or
// hundreds of spaces). Two guards:
//   - a penalty (repetitionPenalty > 1): when the text so far ends with a pattern of period
//     L (2..MAX_PERIOD bytes) that has repeated at least once, the byte that would continue
//     it has its odds divided by repetitionPenalty per repeat so far (for L = 1, runs of one
//     byte, only beyond LONG_RUN bytes, so indentation is left alone);
//   - a stop (stopAtRepetition): sampling ends ('repetition') once the text ends with the
//     same chunk repeated REPEATS_TO_STOP times in a row and at least MIN_LOOP_BYTES in all
//     (a single byte: STOP_RUN times), and the repeats beyond the first two are dropped (of a run of one byte, all but LONG_RUN).
import type { InferenceModel } from '../infer/inferenceModel';
import { argmax, seededRng, softmax } from '../infer/sampler';
import { encodeText, startsCharacter } from '../vocabulary';
import { advanceInSlices } from './slicedTrace';
import { type SliceControl, sliceLoop } from '../slicing';

export interface SampleRequest {
  prime: string;
  /** 0 = always the most likely byte. */
  temperature: number;
  seed: number;
  /** Characters to draw. */
  length: number;
  /** Divides the odds of continuing a repeating pattern by this per repeat (1 or absent: off). */
  repetitionPenalty?: number;
  /** Stop when the text goes round in a loop (the playground does). */
  stopAtRepetition?: boolean;
}

export const MAX_PERIOD = 32;
const LONG_RUN = 16;
const STOP_RUN = 48;
const REPEATS_TO_STOP = 4;
/** A loop shorter than this in all (repeats x period) does not stop sampling ("ababab" may be real text). */
const MIN_LOOP_BYTES = 24;

/**
 * The length of the longest suffix of bytes[0..n) that is periodic with period L
 * (bytes[n-i] === bytes[n-i-L] for i = 1..m).
 */
function periodicRun(bytes: Uint8Array, n: number, L: number, limit: number): number {
  let m = 0;
  while (m < limit && n - m - 1 - L >= 0 && bytes[n - m - 1] === bytes[n - m - 1 - L]) m++;
  return m;
}

/** Lowers the logits of bytes that would continue a repeating pattern at the end of bytes[0..n). */
export function penaliseRepetition(logits: Float32Array, bytes: Uint8Array, n: number, penalty: number): void {
  if (!(penalty > 1)) return;
  const log = Math.log(penalty);
  const sameByteRun = periodicRun(bytes, n, 1, MAX_PERIOD);
  for (let L = 1; L <= MAX_PERIOD && L <= n; L++) {
    if (L > 1 && sameByteRun >= L - 1) continue; // a run of one byte is period 1, not L
    const m = periodicRun(bytes, n, L, 8 * MAX_PERIOD);
    const repeats = L === 1 ? Math.max(0, (m - LONG_RUN) / 8) : m >= L ? m / L : 0;
    if (repeats > 0) logits[bytes[n - L]] -= repeats * log;
  }
}

/** Bytes to keep when bytes[0..n) ends in a loop worth stopping (the loop's repeats beyond two dropped), else -1. */
export function repetitionCut(bytes: Uint8Array, n: number): number {
  if (periodicRun(bytes, n, 1, STOP_RUN) >= STOP_RUN) return n - STOP_RUN + LONG_RUN; // the run kept as long as indentation may be
  const sameByteRun = periodicRun(bytes, n, 1, MAX_PERIOD);
  for (let L = 2; L <= MAX_PERIOD; L++) {
    if (sameByteRun >= L - 1) continue; // a run of one byte is period 1, not L
    const repeats = Math.max(REPEATS_TO_STOP, Math.ceil(MIN_LOOP_BYTES / L));
    const m = periodicRun(bytes, n, L, (repeats - 1) * L);
    if (m >= (repeats - 1) * L) return n - (repeats - 2) * L;
  }
  return -1;
}

export type SampleStop = 'length' | 'endOfFile' | 'repetition' | 'cancelled';

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
  // The prime's end, then the sampled bytes: repetition is looked for across both.
  const keep = Math.min(primeBytes.length - 1, 8 * MAX_PERIOD);
  const recent = new Uint8Array(keep + maxBytes);
  recent.set(primeBytes.subarray(primeBytes.length - keep), 0);
  const penalty = request.repetitionPenalty ?? 1;
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
  let repeated = false;
  const completed = await sliceLoop({ ...control, onSliceEnd: () => progress(count) }, () => {
    model.logits(state, logits);
    softmax(logits, plain);
    penaliseRepetition(logits, recent, keep + count, penalty);
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
    recent[keep + count] = next;
    probs[count] = plain[next];
    count++;
    model.step(state, next);
    if (request.stopAtRepetition && (startsCharacter(next) || count === maxBytes)) {
      const cut = repetitionCut(recent, keep + count) - keep;
      if (cut >= 0) {
        // Never cut inside a character.
        let end = cut;
        while (end > 0 && end < count && !startsCharacter(bytes[end])) end--;
        count = end;
        repeated = true;
        return false;
      }
    }
    return count < maxBytes;
  });
  progress(count);
  const stop: SampleStop = !completed ? 'cancelled' : endOfFile ? 'endOfFile' : repeated ? 'repetition' : 'length';
  return { bytes: bytes.slice(0, count), probs: probs.slice(0, count), stop };
}
