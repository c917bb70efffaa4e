// From logits [256] to probabilities (softmax, with a temperature that divides the logits
// first: < 1 sharpens, > 1 flattens, 0 puts all mass on the argmax), and the seeded
// generator the playground samples with (the same seed draws the same text). Suggestions
// do not sample: they search for the most probable continuation (../complete/suggest.ts).

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
