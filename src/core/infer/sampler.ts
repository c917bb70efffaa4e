// Choosing the next byte from logits [256]: temperature, then greedy / top-k / top-p
// (nucleus), drawn with a seeded generator so a suggestion can be reproduced.
//   greedy       the most likely byte (also what temperature 0 means)
//   topK         sample among the k most likely bytes, renormalised
//   topP         sample among the smallest set of most likely bytes whose mass reaches p
// Temperature divides the logits before the softmax: < 1 sharpens, > 1 flattens.

export type SamplingMode = 'greedy' | 'topK' | 'topP';

export interface SamplingOptions {
  temperature: number;
  sampling: SamplingMode;
  topK: number;
  topP: number;
}

/** Uniform floats in [0, 1) determined by a seed: the project's one generator (../model/random.ts). */
import type { Random } from '../model/random';
export { seededRandom as seededRng } from '../model/random';
export type Rng = Random;

/** out = softmax(logits / temperature); temperature <= 0 puts all mass on the argmax. */
export function softmax(logits: Float32Array, out: Float32Array, temperature = 1): Float32Array {
  const n = logits.length;
  if (!(temperature > 0)) {
    out.fill(0);
    out[argmax(logits)] = 1;
    return out;
  }
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (logits[i] > max) max = logits[i];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp((logits[i] - max) / temperature);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < n; i++) out[i] /= sum;
  return out;
}

export function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Samples bytes; owns its scratch buffers so sampling allocates nothing per call. */
export class Sampler {
  private readonly probs = new Float32Array(256);
  private readonly order = new Int32Array(256);

  constructor(readonly options: SamplingOptions) {}

  /** The next byte for `logits` [256], drawn with `rng`. */
  sample(logits: Float32Array, rng: Rng): number {
    const { temperature, sampling } = this.options;
    if (sampling === 'greedy' || !(temperature > 0)) return argmax(logits);
    const probs = softmax(logits, this.probs, temperature);
    const kept = sampling === 'topK' ? this.topK(probs) : this.topP(probs);
    // Draw from the kept bytes (order[0..kept)), renormalised.
    let mass = 0;
    for (let i = 0; i < kept; i++) mass += probs[this.order[i]];
    let u = rng() * mass;
    for (let i = 0; i < kept; i++) {
      u -= probs[this.order[i]];
      if (u < 0) return this.order[i];
    }
    return this.order[kept - 1];
  }

  /** Puts the k most likely bytes first in `order` (by repeated selection: k is small). */
  private topK(probs: Float32Array): number {
    const k = Math.max(1, Math.min(probs.length, Math.round(this.options.topK)));
    return this.selectUntil(probs, (count) => count >= k);
  }

  /** Puts the smallest most-likely set with mass >= p first in `order`. */
  private topP(probs: Float32Array): number {
    const p = Math.min(1, Math.max(1e-9, this.options.topP));
    let mass = 0;
    return this.selectUntil(probs, (count, last) => {
      mass += last;
      return mass >= p - 1e-7 || count >= probs.length;
    });
  }

  /** Selection sort, most likely first, until `done(count, probOfLastPicked)` says so. */
  private selectUntil(probs: Float32Array, done: (count: number, last: number) => boolean): number {
    const n = probs.length;
    const order = this.order;
    for (let i = 0; i < n; i++) order[i] = i;
    for (let count = 0; count < n; ) {
      let best = count;
      for (let i = count + 1; i < n; i++) if (probs[order[i]] > probs[order[best]]) best = i;
      const chosen = order[best];
      order[best] = order[count];
      order[count] = chosen;
      count++;
      if (done(count, probs[chosen])) return count;
    }
    return n;
  }
}
