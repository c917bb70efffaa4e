// Generates text from checkpoint weights with the tfjs forward pass (the CLI already loads
// tfjs-node): feed the prime, then sample one byte at a time at a temperature, seeded.
import type { Checkpoint } from '../core/model/checkpoint';
import { type LayerStateTensors, paramsFromWeights, runNetwork, zeroState } from '../core/train/tf/network';
import { seededRandom } from '../core/model/random';
import * as tf from '../core/train/tf/tf';
import { encodeText } from '../core/vocabulary';

export interface SampleOptions {
  prime: string;
  length: number;
  temperature: number;
  seed: number;
  /** Called after each byte with how many are done. */
  onProgress?: (done: number) => void;
}

/** Sampled bytes (not including the prime). Temperature 0 is greedy. */
export function sampleBytes(checkpoint: Checkpoint, options: SampleOptions): Uint8Array {
  const config = checkpoint.model;
  const params = paramsFromWeights(checkpoint.weights, config);
  const random = seededRandom(options.seed);
  let state: LayerStateTensors[] = zeroState(config, 1);
  const out = new Uint8Array(options.length);
  // The separator byte starts every file, so an empty prime means "start of a file".
  let input: Uint8Array = options.prime ? encodeText(options.prime) : Uint8Array.of(0);
  try {
    for (let i = 0; i < options.length; i++) {
      const previous = state;
      const logits = tf.tidy(() => {
        const result = runNetwork(params, config, tf.tensor2d(Int32Array.from(input), [1, input.length], 'int32'), previous, 'fused');
        state = result.state.map((s) => ({ h: tf.keep(s.h), c: s.c ? tf.keep(s.c) : undefined }));
        return result.logits.slice([input.length - 1, 0], [1, 256]).dataSync() as Float32Array; // [1, 256] -> last position
      });
      for (const s of previous) {
        s.h.dispose();
        s.c?.dispose();
      }
      const next = pick(logits, options.temperature, random);
      out[i] = next;
      input = Uint8Array.of(next);
      options.onProgress?.(i + 1);
    }
  } finally {
    for (const s of state) {
      s.h.dispose();
      s.c?.dispose();
    }
    for (const p of Object.values(params)) p.dispose();
  }
  return out;
}

/** Samples a byte from logits softened by the temperature (argmax at temperature 0). */
export function pick(logits: Float32Array, temperature: number, random: () => number): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  if (temperature <= 0) return best;
  const weights = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) total += weights[i] = Math.exp((logits[i] - logits[best]) / temperature);
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i]) < 0) return i;
  return best;
}
