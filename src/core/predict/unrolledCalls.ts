// The stack's per-bit calls into its parts, each part called from a call site of its own:
// part k of a list from the k-th line below, so every site sees one class (monomorphic) and
// V8 can inline it. A loop would make one site see every class: a polymorphic call (past
// four classes, megamorphic) per part per bit, measured at 9% of learnByte's time with the
// default stack. Parts past the eighth share the loop at the end.
import type { Predictor } from './predictor';
import type { MixerSelector } from './mixerSelectors';

/** predictBit of every predictor: predictor k writes x[offsets[k] ..). */
export function predictAll(p: readonly Predictor[], offsets: Int32Array, c0: number, depth: number, x: Float32Array): void {
  const n = p.length;
  if (n > 0) p[0].predictBit(c0, depth, x, offsets[0]);
  if (n > 1) p[1].predictBit(c0, depth, x, offsets[1]);
  if (n > 2) p[2].predictBit(c0, depth, x, offsets[2]);
  if (n > 3) p[3].predictBit(c0, depth, x, offsets[3]);
  if (n > 4) p[4].predictBit(c0, depth, x, offsets[4]);
  if (n > 5) p[5].predictBit(c0, depth, x, offsets[5]);
  if (n > 6) p[6].predictBit(c0, depth, x, offsets[6]);
  if (n > 7) p[7].predictBit(c0, depth, x, offsets[7]);
  for (let k = 8; k < n; k++) p[k].predictBit(c0, depth, x, offsets[k]);
}

/** update of every predictor whose learning[k] is 1. */
export function updateAll(p: readonly Predictor[], learning: Uint8Array, bit: number): void {
  const n = p.length;
  if (n > 0 && learning[0]) p[0].update(bit);
  if (n > 1 && learning[1]) p[1].update(bit);
  if (n > 2 && learning[2]) p[2].update(bit);
  if (n > 3 && learning[3]) p[3].update(bit);
  if (n > 4 && learning[4]) p[4].update(bit);
  if (n > 5 && learning[5]) p[5].update(bit);
  if (n > 6 && learning[6]) p[6].update(bit);
  if (n > 7 && learning[7]) p[7].update(bit);
  for (let k = 8; k < n; k++) if (learning[k]) p[k].update(bit);
}

/** The weight set of every selector, into selected. */
export function selectAll(s: readonly MixerSelector[], c0: number, depth: number, selected: Int32Array): void {
  const n = s.length;
  if (n > 0) selected[0] = s[0].select(c0, depth);
  if (n > 1) selected[1] = s[1].select(c0, depth);
  if (n > 2) selected[2] = s[2].select(c0, depth);
  if (n > 3) selected[3] = s[3].select(c0, depth);
  if (n > 4) selected[4] = s[4].select(c0, depth);
  if (n > 5) selected[5] = s[5].select(c0, depth);
  if (n > 6) selected[6] = s[6].select(c0, depth);
  if (n > 7) selected[7] = s[7].select(c0, depth);
  for (let k = 8; k < n; k++) selected[k] = s[k].select(c0, depth);
}
