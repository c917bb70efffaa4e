// Validation / evaluation: bits per character and perplexity per character of a model on
// some bytes. Forward only, in S parallel streams carrying their state across chunks.
// With maxBytes smaller than the text, S evenly spaced windows are evaluated instead of
// the whole text, so validation during training stays cheap and still samples every part.
import { bitsPerChar, perplexityFromBpc } from '../model/metrics';
import type { ModelConfig } from '../model/config';
import { type LayerStateTensors, paramsFromWeights, runNetwork, type TfParams, totalNats, zeroState } from '../model/tf/network';
import * as tf from '../model/tf/tf';
import { countChars } from '../model/vocabulary';
import type { Weights } from '../model/weights';

export interface EvaluateOptions {
  /** Evaluate at most this many bytes (default: all). */
  maxBytes?: number;
  /** Parallel streams (default 128). */
  streams?: number;
  /** Steps per forward chunk (default 64). */
  chunkLength?: number;
  /** Polled between chunks; when it returns true the evaluation is abandoned (returns undefined). */
  shouldStop?: () => boolean;
}

export interface Evaluation {
  /** Characters (code points) predicted: the denominator of bpc. */
  chars: number;
  /** Bytes predicted. */
  bytes: number;
  totalNats: number;
  bpc: number;
  perplexity: number;
}

/** Evaluates checkpoint weights on `bytes` (for `recur eval`). NaN scores if there are fewer than 2 bytes. */
export function evaluateBytes(weights: Weights, config: ModelConfig, bytes: Uint8Array, options: EvaluateOptions = {}): { chars: number; bpc: number; perplexity: number } {
  const params = paramsFromWeights(weights, config);
  try {
    const result = evaluateParams(params, config, bytes, options);
    if (!result) throw new Error('evaluation was stopped');
    return { chars: result.chars, bpc: result.bpc, perplexity: result.perplexity };
  } finally {
    for (const p of Object.values(params)) p.dispose();
  }
}

/** Evaluates parameter tensors (the trainer's variables). Undefined if shouldStop() said so. */
export function evaluateParams(params: TfParams, config: ModelConfig, bytes: Uint8Array, options: EvaluateOptions = {}): Evaluation | undefined {
  const n = Math.min(bytes.length, options.maxBytes ?? Infinity);
  const S = Math.max(1, Math.min(options.streams ?? 128, Math.floor(n / 256))); // streams of >= 256 bytes: little of it spent warming up the state
  const L = Math.floor(n / S); // bytes per stream
  if (L < 2) return { chars: 0, bytes: 0, totalNats: 0, bpc: NaN, perplexity: NaN };
  const spacing = Math.floor(bytes.length / S); // >= L: windows spread over all the text
  const starts = Array.from({ length: S }, (_, s) => s * spacing);
  const chunkLength = options.chunkLength ?? 64;
  let state: LayerStateTensors[] = zeroState(config, S);
  let nats = 0;
  let chars = 0;
  try {
    for (let pos = 0; pos < L - 1; pos += chunkLength) {
      if (options.shouldStop?.()) return undefined;
      const T = Math.min(chunkLength, L - 1 - pos);
      const inputs = new Int32Array(S * T);
      const targets = new Int32Array(S * T);
      for (let s = 0; s < S; s++) {
        const base = starts[s] + pos;
        for (let t = 0; t < T; t++) {
          inputs[s * T + t] = bytes[base + t];
          targets[s * T + t] = bytes[base + t + 1];
        }
        chars += countChars(bytes, base + 1, base + T + 1);
      }
      const previous = state;
      const chunkNats = tf.tidy(() => {
        const result = runNetwork(params, config, tf.tensor2d(inputs, [S, T], 'int32'), previous, 'fused');
        state = result.state.map((s) => ({ h: tf.keep(s.h), c: s.c ? tf.keep(s.c) : undefined }));
        return totalNats(result.logits, tf.tensor1d(targets, 'int32'));
      });
      nats += chunkNats.dataSync()[0];
      chunkNats.dispose();
      disposeState(previous);
    }
  } finally {
    disposeState(state);
  }
  const bpc = bitsPerChar(nats, chars);
  return { chars, bytes: S * (L - 1), totalNats: nats, bpc, perplexity: perplexityFromBpc(bpc) };
}

function disposeState(state: LayerStateTensors[]): void {
  for (const s of state) {
    s.h.dispose();
    s.c?.dispose();
  }
}
