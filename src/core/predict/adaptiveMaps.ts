// Small adaptive tables that turn a discrete context into a probability and learn it:
//
//   StateMap    P(1 | bit-history state) for one context model: 256 entries, each with
//               its own count n, updated by p += (bit - p) / (n + 1.5) with n capped at
//               `limit` (a running average that never freezes).
//   Apm         an adaptive probability map (secondary estimation): refines a probability
//               given a small context by interpolating between 33 learned points along
//               stretch(p), moving the two nearest points toward the outcome.
import { BIT_HISTORY, initialProbability } from './bitHistory';
import { clampProbability, STRETCH_LIMIT } from './logistic';

/** RECIPROCALS[n] = 1 / (n + 1.5): a state map's learning rate after n updates. */
const RECIPROCALS: Float32Array = Float32Array.from({ length: 1024 }, (_, n) => 1 / (n + 1.5));

export class StateMap {
  readonly p: Float32Array; // [256]
  readonly n: Uint16Array; // [256]

  constructor(
    readonly limit = 1023,
    p?: Float32Array,
    n?: Uint16Array,
  ) {
    this.p = p ?? Float32Array.from({ length: 256 }, (_, s) => (s < BIT_HISTORY.size ? initialProbability(s) : 0.5));
    this.n = n ?? new Uint16Array(256);
  }

  update(state: number, bit: number): void {
    const n = this.n[state];
    this.p[state] += (bit - this.p[state]) * (n < 1024 ? RECIPROCALS[n] : 1 / (n + 1.5));
    if (n < this.limit) this.n[state] = n + 1;
  }
}

/** Points along stretch(p), from -STRETCH_LIMIT to +STRETCH_LIMIT. */
const APM_POINTS = 33;
const APM_STEP = (2 * STRETCH_LIMIT) / (APM_POINTS - 1);

export class Apm {
  readonly table: Float32Array; // [contexts * 33]

  constructor(
    readonly contexts: number,
    readonly rate = 0.02,
    table?: Float32Array,
  ) {
    if (table) this.table = table;
    else {
      this.table = new Float32Array(contexts * APM_POINTS);
      for (let c = 0; c < contexts; c++) {
        for (let j = 0; j < APM_POINTS; j++) this.table[c * APM_POINTS + j] = 1 / (1 + Math.exp(-(j * APM_STEP - STRETCH_LIMIT)));
      }
    }
  }

  /** The refined probability of a prediction whose logit is `logit`, in `context`; fills `at` (for update) with where it looked. */
  refine(logit: number, context: number, at: ApmPosition): number {
    let x = (logit + STRETCH_LIMIT) / APM_STEP;
    if (x < 0) x = 0;
    else if (x > APM_POINTS - 1.001) x = APM_POINTS - 1.001;
    const j = x | 0;
    const w = x - j;
    const base = context * APM_POINTS + j;
    at.index = base;
    at.weight = w;
    return clampProbability(this.table[base] * (1 - w) + this.table[base + 1] * w);
  }

  update(at: ApmPosition, bit: number): void {
    const t = this.table;
    const r = this.rate;
    t[at.index] += (bit - t[at.index]) * r * (1 - at.weight);
    t[at.index + 1] += (bit - t[at.index + 1]) * r * at.weight;
  }
}

export interface ApmPosition {
  index: number;
  weight: number;
}
