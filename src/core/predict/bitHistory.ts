// Bit histories: what a context has seen of one bit, in one byte per context and node.
//
// A state stands for a pair of counts (n0, n1) of zeros and ones seen in this context, and,
// when both are non-zero, which bit came last. Counts are bounded so that every state fits
// in a byte (251 states), and they are non-stationary: seeing a bit discounts the evidence
// for the other one (n_other > 2 becomes n_other / 2 + 1), so a context that changes its
// mind is believed quickly. What a state predicts is not fixed here: an adaptive map per
// context model (stateMap.ts) learns the probability of a 1 in each state from data.
//
// Allowed pairs, with m = min(n0, n1) and M = max(n0, n1):  m <= 5 and M <= MAX_COUNT[m].

const MAX_COUNT = [40, 24, 12, 8, 6, 5];

export interface BitHistoryTable {
  /** Number of states; state 0 is "nothing seen". */
  readonly size: number;
  /** next[2 * s + bit]: the state after seeing `bit` in state s. */
  readonly next: Uint8Array;
  /** The counts each state stands for. */
  readonly n0: Uint8Array;
  readonly n1: Uint8Array;
  /** n0 + n1, capped at 255: how much a context has been seen (for replacement). */
  readonly total: Uint8Array;
}

function allowed(n0: number, n1: number): boolean {
  const m = Math.min(n0, n1);
  return m < MAX_COUNT.length && Math.max(n0, n1) <= MAX_COUNT[m];
}

/** Counts after seeing `bit`, discounted and brought back inside the allowed set. */
function successor(n0: number, n1: number, bit: number): [number, number] {
  let seen = bit ? n1 : n0;
  let other = bit ? n0 : n1;
  seen++;
  if (other > 2) other = (other >> 1) + 1;
  const ok = () => (bit ? allowed(other, seen) : allowed(seen, other));
  while (!ok() && other > 0) other--;
  while (!ok()) seen--;
  return bit ? [other, seen] : [seen, other];
}

function buildTable(): BitHistoryTable {
  const keys: string[] = [];
  const counts: [number, number, number][] = []; // n0, n1, last bit (-1 when implied)
  const key = (n0: number, n1: number, last: number) => `${n0},${n1},${n0 > 0 && n1 > 0 ? last : -1}`;
  const add = (n0: number, n1: number, last: number) => {
    const k = key(n0, n1, last);
    if (keys.includes(k)) return;
    keys.push(k);
    counts.push([n0, n1, n0 > 0 && n1 > 0 ? last : -1]);
  };
  add(0, 0, -1);
  for (let n0 = 0; n0 <= MAX_COUNT[0]; n0++) {
    for (let n1 = 0; n1 <= MAX_COUNT[0]; n1++) {
      if (!allowed(n0, n1) || (n0 === 0 && n1 === 0)) continue;
      if (n0 > 0 && n1 > 0) {
        add(n0, n1, 0);
        add(n0, n1, 1);
      } else add(n0, n1, -1);
    }
  }
  const size = counts.length;
  if (size > 256) throw new Error(`bit history needs ${size} states, more than a byte holds`);
  const index = new Map(keys.map((k, i) => [k, i]));
  const next = new Uint8Array(2 * size);
  const n0 = new Uint8Array(size);
  const n1 = new Uint8Array(size);
  const total = new Uint8Array(size);
  counts.forEach(([a, b], s) => {
    n0[s] = a;
    n1[s] = b;
    total[s] = Math.min(255, a + b);
    for (const bit of [0, 1]) {
      const [c0, c1] = successor(a, b, bit);
      next[2 * s + bit] = index.get(key(c0, c1, bit))!;
    }
  });
  return { size, next, n0, n1, total };
}

/** The one table every context model shares. */
export const BIT_HISTORY: BitHistoryTable = buildTable();

/** A first guess of P(1) in state s, before any data: (n1 + 0.4) / (n0 + n1 + 0.8), leaning on the last bit. */
export function initialProbability(s: number): number {
  const a = BIT_HISTORY.n0[s];
  const b = BIT_HISTORY.n1[s];
  return (b + 0.4) / (a + b + 0.8);
}
