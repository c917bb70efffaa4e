// The tfjs evaluation (TrainableNetwork.evaluate, ../backend.ts): bits and perplexity per
// character of parameter tensors on some bytes, as ../../evaluate/evaluation.ts defines them.
// Forward only, in S parallel streams carrying their state across chunks.
import { bitsPerChar, perplexityFromBpc } from '../../../shared/metrics';
import type { ModelConfig } from '../../model/config';
import { chunkNats, type LayerStateTensors, runNetwork, type TfParams, totalNats, zeroState } from './network';
import * as tf from './tf';
import { type EvaluateOptions, type Evaluation, evaluationWindows, windowChunk } from '../../evaluate/evaluation';

/** Evaluates parameter tensors (a network's variables). Undefined if shouldStop() said so. */
export function evaluateParams(params: TfParams, config: ModelConfig, bytes: Uint8Array, options: EvaluateOptions = {}): Evaluation | undefined {
  const windows = evaluationWindows(bytes.length, options);
  const { starts, length: L } = windows;
  const S = starts.length;
  if (L < 2) return { chars: 0, bytes: 0, totalNats: 0, bpc: NaN, perplexity: NaN, windows };
  const probs = options.collectProbs ? new Float32Array(S * (L - 1) * 256) : undefined;
  const chunkLength = options.chunkLength ?? 64;
  let state: LayerStateTensors[] = zeroState(config, S);
  let nats = 0;
  let chars = 0;
  try {
    for (let pos = 0; pos < L - 1; pos += chunkLength) {
      if (options.shouldStop?.()) return undefined;
      const T = Math.min(chunkLength, L - 1 - pos);
      const chunk = windowChunk(bytes, starts, pos, T);
      const { inputs, targets } = chunk;
      chars += chunk.chars;
      const previous = state;
      const natsOfChunk = tf.tidy(() => {
        const inputsT = tf.tensor2d(inputs, [S, T], 'int32');
        const targetsT = tf.tensor1d(targets, 'int32');
        if (probs) {
          // The distributions too: logits in [S, T] order (runNetwork).
          const result = runNetwork(params, config, inputsT, previous, 'fused');
          state = result.state.map((s) => ({ h: tf.keep(s.h), c: s.c ? tf.keep(s.c) : undefined }));
          const chunkProbs = tf.softmax(result.logits).dataSync() as Float32Array; // [S*T, 256]
          for (let s = 0; s < S; s++) probs.set(chunkProbs.subarray(s * T * 256, (s + 1) * T * 256), (s * (L - 1) + pos) * 256);
          return totalNats(result.logits, targetsT);
        }
        const result = chunkNats(params, config, inputsT, targetsT, previous, 'fused'); // the loss only: time-major, fused output layer and loss
        state = result.state.map((s) => ({ h: tf.keep(s.h), c: s.c ? tf.keep(s.c) : undefined }));
        return result.nats;
      });
      nats += natsOfChunk.dataSync()[0];
      natsOfChunk.dispose();
      disposeState(previous);
      options.onProgress?.(Math.min(1, (pos + T) / (L - 1)));
    }
  } finally {
    disposeState(state);
  }
  const bpc = bitsPerChar(nats, chars);
  return { chars, bytes: S * (L - 1), totalNats: nats, bpc, perplexity: perplexityFromBpc(bpc), windows, probs };
}

function disposeState(state: LayerStateTensors[]): void {
  for (const s of state) {
    s.h.dispose();
    s.c?.dispose();
  }
}
