// The logistic domain the context models and the mixer work in:
//   stretch(p) = ln(p / (1 - p))        probability -> logit
//   squash(x)  = 1 / (1 + e^-x)         logit -> probability
// Probabilities that go into a mixer are first quantised to 12 bits so stretch is one table
// read (STRETCH_TABLE[4096]); the mixer's own output is squashed exactly. Every probability
// that leaves the stack is kept inside [P_MIN, 1 - P_MIN], so no byte ever costs more than
// 8 * log2(1 / P_MIN) bits and no log is ever taken of 0.

/** Smallest probability of a bit (2^-16): a wrong bit costs at most 16 bits. */
export const P_MIN = 1 / 65536;

/** Largest |logit| a model input may have (about ln(4095)). */
export const STRETCH_LIMIT = 8.3;

/** STRETCH_TABLE[i] = stretch((i + 0.5) / 4096). */
export const STRETCH_TABLE: Float32Array = (() => {
  const table = new Float32Array(4096);
  for (let i = 0; i < 4096; i++) {
    const p = (i + 0.5) / 4096;
    table[i] = Math.log(p / (1 - p));
  }
  return table;
})();

/** stretch(p) through the 12-bit table: for model inputs. */
export function stretchQuantized(p: number): number {
  const i = (p * 4096) | 0;
  return STRETCH_TABLE[i < 0 ? 0 : i > 4095 ? 4095 : i];
}

/** Exact stretch, with p kept inside [P_MIN, 1 - P_MIN]. */
export function stretch(p: number): number {
  const q = clampProbability(p);
  return Math.log(q / (1 - q));
}

/** Exact squash, kept inside [P_MIN, 1 - P_MIN]. */
export function squash(x: number): number {
  return clampProbability(1 / (1 + Math.exp(-x)));
}

export function clampProbability(p: number): number {
  return p < P_MIN ? P_MIN : p > 1 - P_MIN ? 1 - P_MIN : p;
}
