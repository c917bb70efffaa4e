// Evaluation on the portable backend: forward only over evaluationWindows' S streams,
// carrying the state from chunk to chunk (../evaluate.ts's contract: the same windows,
// characters, nats and probabilities). Chunks hold at most MAX_ROWS rows (streams x steps),
// which bounds the activations' memory; how the text is cut into chunks does not change
// the result, since the state is carried exactly.
import { bitsPerChar, perplexityFromBpc } from '../../../shared/metrics';
import { type Evaluation, type EvaluateOptions, evaluationWindows, windowChunk } from '../../evaluate/evaluation';

const MAX_ROWS = 2048;

/** Runs the network forward. */
export interface ForwardRunner {
  /** Summed nats of inputs/targets [S, T] from the carried state (zeros when `fresh`); carries the final state. */
  forward(inputs: Int32Array, targets: Int32Array, S: number, fresh: boolean): number;
  /** The last chunk's distributions, rows t S + s (time-major), 256 each. */
  probs(): Float32Array;
}

export function evaluateNetwork(bytes: Uint8Array, options: EvaluateOptions, runner: ForwardRunner): Evaluation | undefined {
  const windows = evaluationWindows(bytes.length, options);
  const { starts, length: L } = windows;
  const S = starts.length;
  if (L < 2) return { chars: 0, bytes: 0, totalNats: 0, bpc: NaN, perplexity: NaN, windows };
  const probs = options.collectProbs ? new Float32Array(S * (L - 1) * 256) : undefined;
  const chunkLength = Math.max(1, Math.min(options.chunkLength ?? 64, Math.floor(MAX_ROWS / S)));
  let nats = 0;
  let chars = 0;
  for (let pos = 0; pos < L - 1; pos += chunkLength) {
    if (options.shouldStop?.()) return undefined;
    const T = Math.min(chunkLength, L - 1 - pos);
    const chunk = windowChunk(bytes, starts, pos, T);
    const { inputs, targets } = chunk;
    chars += chunk.chars;
    nats += runner.forward(inputs, targets, S, pos === 0);
    if (probs) {
      const chunkProbs = runner.probs();
      for (let t = 0; t < T; t++) for (let s = 0; s < S; s++) probs.set(chunkProbs.subarray((t * S + s) * 256, (t * S + s + 1) * 256), (s * (L - 1) + pos + t) * 256);
    }
    options.onProgress?.(Math.min(1, (pos + T) / (L - 1)));
  }
  const bpc = bitsPerChar(nats, chars);
  return { chars, bytes: S * (L - 1), totalNats: nats, bpc, perplexity: perplexityFromBpc(bpc), windows, probs };
}
