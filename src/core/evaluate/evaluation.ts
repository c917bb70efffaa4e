// What evaluating a network on some text means, whatever computes it: the options, the
// windows read (S streams of L bytes, each carrying its state from chunk to chunk; with
// maxBytes smaller than the text, S evenly spaced windows instead of the whole text, so
// validation during training stays cheap and still samples every part) and the result, in
// bits and perplexity per character. A training backend's network computes it
// (../train/backend.ts; tfjs: ../train/tf/evaluate.ts); the trainer's validation, the stack's
// scoring (../index/contextStack.ts) and `recur eval` (evaluateStack.ts) read it.
import { countChars } from '../vocabulary';

export interface EvaluateOptions {
  /** Evaluate at most this many bytes (default: all). */
  maxBytes?: number;
  /** Parallel streams (default 128). */
  streams?: number;
  /** Steps per forward chunk (default 64). */
  chunkLength?: number;
  /** Polled between chunks; when it returns true the evaluation is abandoned (returns undefined). */
  shouldStop?: () => boolean;
  /** Also return the network's distribution at every scored position (for the prediction stack). */
  collectProbs?: boolean;
  /** Windows that tile the start of the text (the first S * L bytes) instead of being spread over all of it. */
  contiguous?: boolean;
  /** Called after each chunk with the share of the work done, 0..1. */
  onProgress?: (fraction: number) => void;
}

/** The windows an evaluation read: S streams of `length` bytes starting at `starts`; position 0 of each is context only. */
export interface EvalWindows {
  starts: number[];
  length: number;
}

export interface Evaluation {
  /** Characters (code points) predicted: the denominator of bpc. */
  chars: number;
  /** Bytes predicted. */
  bytes: number;
  totalNats: number;
  bpc: number;
  perplexity: number;
  windows: EvalWindows;
  /** With collectProbs: [S, length - 1, 256], row (s, t) = P(byte starts[s] + t + 1 | the window before it). */
  probs?: Float32Array;
}

/** What scores a network on text: a training backend's network (../train/backend.ts). */
export interface NetworkEvaluator {
  /** Forward only over the windows evaluationWindows(bytes.length, options) gives; undefined when options.shouldStop() said so. */
  evaluate(bytes: Uint8Array, options: EvaluateOptions): Evaluation | undefined;
}

/** The windows an evaluation of `totalBytes` bytes reads (a function of the sizes alone). */
export function evaluationWindows(totalBytes: number, options: Pick<EvaluateOptions, 'maxBytes' | 'streams' | 'contiguous'> = {}): EvalWindows {
  const n = Math.min(totalBytes, options.maxBytes ?? Infinity);
  const S = Math.max(1, Math.min(options.streams ?? 128, Math.floor(n / 256))); // streams of >= 256 bytes: little of it spent warming up the state
  const L = Math.floor(n / S); // bytes per stream
  if (L < 2) return { starts: [], length: 0 };
  const spacing = options.contiguous ? L : Math.floor(totalBytes / S); // >= L: windows spread over all the text
  return { starts: Array.from({ length: S }, (_, s) => s * spacing), length: L };
}

/**
 * One chunk of every evaluation window: inputs and targets [S*T] (row s holds window s's bytes
 * pos..pos+T-1 and their successors) and the characters the targets count.
 */
export function windowChunk(bytes: Uint8Array, starts: readonly number[], pos: number, T: number): { inputs: Int32Array; targets: Int32Array; chars: number } {
  const S = starts.length;
  const inputs = new Int32Array(S * T);
  const targets = new Int32Array(S * T);
  let chars = 0;
  for (let s = 0; s < S; s++) {
    const base = starts[s] + pos;
    for (let t = 0; t < T; t++) {
      inputs[s * T + t] = bytes[base + t];
      targets[s * T + t] = bytes[base + t + 1];
    }
    chars += countChars(bytes, base + 1, base + T + 1);
  }
  return { inputs, targets, chars };
}
