// The context models' memory: one table of fixed size shared by every context model, so
// the memory it takes is a number chosen up front (bucketCount * 16 bytes; any multiple of 4
// buckets, from 4 to 2^24).
//
// A bucket holds the bit histories of one context for one nibble of the next byte:
//   byte 0       check: 8 bits of the context's hash, to tell contexts apart
//   bytes 1..15  one bit-history state (bitHistory.ts) per node of the nibble's binary tree
//                (node j = 1, 2..3, 4..7, 8..15: the nibble's bits read so far, after a leading 1)
// A context's 32-bit hash picks a cache line (an aligned group of four buckets: PROBES) and
// a home bucket in it: the high 8 bits are the check, the low 24 pick the line and home:
//   a power of two of buckets   bucket = hash & (bucketCount - 1) (the line: its bits 2..,
//                               home: bits 0..1; tables saved before read the same)
//   any other count             line = floor((hash & 0xffffff) * lines / 2^24) (a multiply-high:
//                               each line gets 2^24 / lines of the hashes, give or take one),
//                               home: bits 0..1
// A context found in any of the four buckets of its line is used, otherwise the one that has
// seen least (by its first node's count) is cleared and taken. Read-only lookups (predictions that must
// not change the table, such as a suggestion's look-ahead) never take a bucket: an unknown
// context reads as state 0.
import { BIT_HISTORY } from './bitHistory';

export const BUCKET_BYTES = 16;
/** At most 2^24 buckets: a hash's low 24 bits pick the bucket, its high 8 bits are the check. */
export const MAX_BUCKETS = 1 << 24;
/** Returned by a read-only lookup that did not find the context. */
export const NOT_FOUND = -1;
/** Buckets a context may take: home ^ 0..3, the whole 64-byte line of four buckets. */
const PROBES = 4;
/** Hashes per line index step of a table whose line count is not a power of two (the low 24 bits are spread over the lines). */
const SPREAD = 2 ** 24;

export class ContextTable {
  readonly bytes: Uint8Array; // [bucketCount * 16]
  readonly bucketCount: number;
  /** bucketCount - 1 for a power of two of buckets, else 0 (the line is then a multiply-high). */
  private readonly mask: number;
  /** lines / 2^24 (exact: a power of two divides), for the multiply-high. */
  private readonly lineScale: number;

  constructor(bucketCount: number, bytes?: Uint8Array) {
    if (!Number.isInteger(bucketCount) || bucketCount < 4 || bucketCount % PROBES !== 0 || bucketCount > MAX_BUCKETS)
      throw new Error(`context table: bucket count must be a multiple of 4 from 4 to 2^24, not ${bucketCount}`);
    if (bytes && bytes.length !== bucketCount * BUCKET_BYTES) throw new Error(`context table: ${bytes.length} bytes for ${bucketCount} buckets`);
    this.bucketCount = bucketCount;
    this.mask = (bucketCount & (bucketCount - 1)) === 0 ? bucketCount - 1 : 0;
    this.lineScale = bucketCount / PROBES / SPREAD;
    this.bytes = bytes ?? new Uint8Array(bucketCount * BUCKET_BYTES);
  }

  /** Offset of the bucket for `hash` (taking one if needed): its states are at offset + 1 .. offset + 15. */
  bucket(hash: number): number {
    const check = hash >>> 24 || 1; // 0 marks an empty bucket
    const t = this.bytes;
    const line = this.lineOf(hash);
    let victim = -1;
    let victimSeen = 256;
    for (let k = 0; k < PROBES; k++) {
      const offset = (line + ((hash ^ k) & 3)) * BUCKET_BYTES;
      if (t[offset] === check) return offset;
      const seen = t[offset] === 0 ? -1 : BIT_HISTORY.total[t[offset + 1]];
      if (seen < victimSeen) {
        victimSeen = seen;
        victim = offset;
      }
    }
    // A loop, not fill(): a builtin call per taken bucket costs more than the 16 stores.
    t[victim] = check;
    for (let j = 1; j < BUCKET_BYTES; j++) t[victim + j] = 0;
    return victim;
  }

  /**
   * Index of the first bucket of the cache line that `hash`'s buckets are in (its home and
   * the three others of its aligned group of 4), for reading ahead: reading it early lets
   * the memory fetch run while other work goes on. Changes nothing.
   */
  lineOf(hash: number): number {
    return this.mask !== 0 ? hash & this.mask & ~3 : Math.floor((hash & 0xffffff) * this.lineScale) * PROBES;
  }

  /** Offset of the bucket for `hash`, or NOT_FOUND; never changes the table. */
  find(hash: number): number {
    const check = hash >>> 24 || 1;
    const t = this.bytes;
    const line = this.lineOf(hash);
    for (let k = 0; k < PROBES; k++) {
      const offset = (line + ((hash ^ k) & 3)) * BUCKET_BYTES;
      if (t[offset] === check) return offset;
    }
    return NOT_FOUND;
  }

  /** Share of buckets in use (for reports). */
  occupancy(): number {
    let used = 0;
    for (let offset = 0; offset < this.bytes.length; offset += BUCKET_BYTES) if (this.bytes[offset] !== 0) used++;
    return used / this.bucketCount;
  }
}

/** A 32-bit hash of a and b (both 32-bit integers): a multiply-xorshift finaliser. */
export function hashPair(a: number, b: number): number {
  let h = Math.imul(a ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 16;
  return h | 0;
}
