// The context models' memory: one table of fixed size shared by every context model, so
// the memory it takes is a number chosen up front (bucketCount * 16 bytes).
//
// A bucket holds the bit histories of one context for one nibble of the next byte:
//   byte 0       check: 8 bits of the context's hash, to tell contexts apart
//   bytes 1..15  one bit-history state (bitHistory.ts) per node of the nibble's binary tree
//                (node j = 1, 2..3, 4..7, 8..15: the nibble's bits read so far, after a leading 1)
// A context's hash picks a bucket and the three others of its aligned group of four (one
// cache line: PROBES); a context found there is used, otherwise the one that has seen least
// (by its first node's count) is cleared and taken. Read-only lookups (predictions that must
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

export class ContextTable {
  readonly bytes: Uint8Array; // [bucketCount * 16]
  readonly bucketCount: number;
  private readonly mask: number;

  constructor(bucketCount: number, bytes?: Uint8Array) {
    if (!Number.isInteger(Math.log2(bucketCount)) || bucketCount < 4 || bucketCount > MAX_BUCKETS)
      throw new Error(`context table: bucket count must be a power of two from 4 to 2^24, not ${bucketCount}`);
    if (bytes && bytes.length !== bucketCount * BUCKET_BYTES) throw new Error(`context table: ${bytes.length} bytes for ${bucketCount} buckets`);
    this.bucketCount = bucketCount;
    this.mask = bucketCount - 1;
    this.bytes = bytes ?? new Uint8Array(bucketCount * BUCKET_BYTES);
  }

  /** Offset of the bucket for `hash` (taking one if needed): its states are at offset + 1 .. offset + 15. */
  bucket(hash: number): number {
    const check = hash >>> 24 || 1; // 0 marks an empty bucket
    const t = this.bytes;
    const home = hash & this.mask;
    let victim = -1;
    let victimSeen = 256;
    for (let k = 0; k < PROBES; k++) {
      const offset = ((home ^ k) & this.mask) * BUCKET_BYTES;
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
   * neighbours: home ^ 1..3, an aligned group of 4), for reading ahead: reading it
   * early lets the memory fetch run while other work goes on. Changes nothing.
   */
  lineOf(hash: number): number {
    return hash & this.mask & ~3;
  }

  /** Offset of the bucket for `hash`, or NOT_FOUND; never changes the table. */
  find(hash: number): number {
    const check = hash >>> 24 || 1;
    const t = this.bytes;
    const home = hash & this.mask;
    for (let k = 0; k < PROBES; k++) {
      const offset = ((home ^ k) & this.mask) * BUCKET_BYTES;
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
