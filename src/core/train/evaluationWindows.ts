// What an evaluation reads and returns, for every training backend (no tfjs): the options,
// the windows (S evenly spaced streams, or tiling the start of the text), and the result.

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

/** The windows an evaluation of `totalBytes` bytes reads (a function of the sizes alone). */
export function evaluationWindows(totalBytes: number, options: Pick<EvaluateOptions, 'maxBytes' | 'streams' | 'contiguous'> = {}): EvalWindows {
  const n = Math.min(totalBytes, options.maxBytes ?? Infinity);
  const S = Math.max(1, Math.min(options.streams ?? 128, Math.floor(n / 256))); // streams of >= 256 bytes: little of it spent warming up the state
  const L = Math.floor(n / S); // bytes per stream
  if (L < 2) return { starts: [], length: 0 };
  const spacing = options.contiguous ? L : Math.floor(totalBytes / S); // >= L: windows spread over all the text
  return { starts: Array.from({ length: S }, (_, s) => s * spacing), length: L };
}
