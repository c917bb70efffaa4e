// Run information per context (the "run model" of the PAQ family): beside each first-nibble
// bucket of the context table, the last byte seen in that context, the byte seen before it
// and how many times in a row the last one came. The context models turn it into one mixer
// input per context: while the last byte agrees with the bits read so far, ±stretch(P(its
// next bit is right)), + when that bit is 1; else 0. The probability is learned per context
// from the run's length (1-15) and whether the two bytes differed.
//
//   state     tensor  dtype  shape            what
//             runs    uint8  [buckets * 4]    per bucket: last byte, the one before, run length (≤ 255), 1 once set
//             runs.p  f32    [C, 256]         P(the run's bit is right) per (length, differed); 64 in use
//             runs.n  u16    [C, 256]         the maps' counts
import { StateMap } from '../adaptiveMaps';
import { BUCKET_BYTES, NOT_FOUND } from '../contextTable';
import { stretchQuantized } from '../logistic';

/** Bytes of run information per bucket of the context table. */
export const RUN_BYTES = 4;
/** A young run's confidence: its byte comes again three times in four. */
const INITIAL_CONFIDENCE = 0.75;

export function newRunMap(): StateMap {
  return new StateMap(1023, new Float32Array(256).fill(INITIAL_CONFIDENCE));
}

export class RunInfo {
  private readonly at: Int32Array; // [C] offset into runs of the context's bucket, or -1
  private readonly fresh: Uint8Array; // [C] 1: the bucket was just taken (nothing learned in it yet)
  private readonly ctx: Int32Array; // [C] the map entry the last node used, or -1
  private readonly bit: Int8Array; // [C] the bit the run predicted at the last node

  /** runs [buckets * RUN_BYTES]; maps: one per context. */
  constructor(
    readonly runs: Uint8Array,
    readonly maps: StateMap[],
  ) {
    const contexts = maps.length;
    this.at = new Int32Array(contexts);
    this.fresh = new Uint8Array(contexts);
    this.ctx = new Int32Array(contexts).fill(-1);
    this.bit = new Int8Array(contexts);
  }

  /** Where each context's run is, from the offsets of its first-nibble buckets (slots[first + i]) in `table`. */
  locate(slots: Int32Array, first: number, table: Uint8Array): void {
    for (let i = 0; i < this.at.length; i++) {
      const slot = slots[first + i];
      this.at[i] = slot === NOT_FOUND ? -1 : (slot / BUCKET_BYTES) * RUN_BYTES;
      this.fresh[i] = slot !== NOT_FOUND && table[slot + 1] === 0 ? 1 : 0;
      this.ctx[i] = -1;
    }
  }

  /** Context i's input at node c0 (depth bits read); remembers what it used, for learnBit. */
  input(i: number, c0: number, depth: number): number {
    const runs = this.runs;
    const at = this.at[i];
    this.ctx[i] = -1;
    if (at < 0 || runs[at + 3] === 0) return 0;
    const last = runs[at];
    if ((last | 256) >> (8 - depth) !== c0) return 0;
    const bit = (last >> (7 - depth)) & 1;
    const ctx = (Math.min(runs[at + 2], 15) << 2) | (runs[at + 1] !== last ? 2 : 0);
    this.ctx[i] = ctx;
    this.bit[i] = bit;
    const confidence = stretchQuantized(this.maps[i].p[ctx]);
    return bit ? confidence : -confidence;
  }

  /** The maps learn whether each run that had a say at the last node was right. */
  learnBit(bit: number): void {
    for (let i = 0; i < this.at.length; i++) {
      const ctx = this.ctx[i];
      if (ctx >= 0) this.maps[i].update(ctx, this.bit[i] === bit ? 1 : 0);
      this.ctx[i] = -1;
    }
  }

  /** Each located run learns the byte that came. */
  learnByte(byte: number): void {
    const runs = this.runs;
    for (let i = 0; i < this.at.length; i++) {
      const at = this.at[i];
      if (at < 0) continue;
      if (runs[at + 3] === 0 || this.fresh[i]) {
        runs[at] = byte;
        runs[at + 1] = byte;
        runs[at + 2] = 1;
        runs[at + 3] = 1;
      } else if (runs[at] === byte) {
        if (runs[at + 2] < 255) runs[at + 2]++;
      } else {
        runs[at + 1] = runs[at];
        runs[at] = byte;
        runs[at + 2] = 1;
      }
    }
  }
}
