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

/** The largest |logit| a probability inside [P_MIN, 1 - P_MIN] has (ln 65535). */
export const LOGIT_LIMIT = Math.log((1 - P_MIN) / P_MIN);

const SQUASH_STEPS_PER_UNIT = 64;
const SQUASH_RANGE = 12;
/** SQUASH_TABLE[j] = squash(j / 64 - 12), j = 0 .. 1536. */
const SQUASH_TABLE: Float64Array = (() => {
  const n = 2 * SQUASH_RANGE * SQUASH_STEPS_PER_UNIT + 1;
  const table = new Float64Array(n);
  for (let j = 0; j < n; j++) table[j] = 1 / (1 + Math.exp(-(j / SQUASH_STEPS_PER_UNIT - SQUASH_RANGE)));
  return table;
})();

/** squash by interpolating a table (within 1e-5 of the exact value), kept inside [P_MIN, 1 - P_MIN]: the mixer's hot path. */
export function squashFast(x: number): number {
  let t = (x + SQUASH_RANGE) * SQUASH_STEPS_PER_UNIT;
  if (t <= 0) return P_MIN;
  if (t >= 2 * SQUASH_RANGE * SQUASH_STEPS_PER_UNIT) return 1 - P_MIN;
  const j = t | 0;
  t -= j;
  return clampProbability(SQUASH_TABLE[j] + (SQUASH_TABLE[j + 1] - SQUASH_TABLE[j]) * t);
}

/** A logit kept inside [-LOGIT_LIMIT, LOGIT_LIMIT]: stretch(squash(x)) without computing either. */
export function clampLogit(x: number): number {
  return x < -LOGIT_LIMIT ? -LOGIT_LIMIT : x > LOGIT_LIMIT ? LOGIT_LIMIT : x;
}

export function clampProbability(p: number): number {
  return p < P_MIN ? P_MIN : p > 1 - P_MIN ? 1 - P_MIN : p;
}
