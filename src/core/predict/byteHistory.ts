// Text a match model can copy from: a byte buffer of bounded capacity and an index from
// every MIN_MATCH-byte string in it to where it last ended, and from the first 2 to 5 bytes
// of every word (identifier) to where that word prefix last ended, so that typing the
// start of an identifier finds it whatever came before it. Appending is O(1); when the
// buffer is full the oldest half is dropped (so memory stays at capacity + index size).
//
// Two kinds are used: the workspace's text (from the checkpoint, plus what the editor
// learns), and the document being typed (its text before the cursor).

import { isWordByte } from './wordBytes';

/** Bytes that must agree before a match is trusted enough to follow. */
export const MIN_MATCH = 6;

/** Shortest word prefix that is indexed (word prefixes of WORD_MIN..MIN_MATCH-1 bytes are). */
export const WORD_MIN = 2;

/** A gram of MIN_MATCH bytes b_0..b_5 is Σ b_k · 0x2f0e1^(5-k) (mod 2^32), folded byte by byte with gramStep. */
export function gramStep(gram: number, byte: number): number {
  return (Math.imul(gram, 0x2f0e1) + byte + 1) | 0;
}

/** The gram a word prefix of k bytes starts from (k bytes are then folded in), distinct from any byte gram. */
export function wordPrefixSeed(k: number): number {
  return gramStep(0, 0x100 + k);
}

export class ByteHistory {
  bytes: Uint8Array; // [capacity], bytes[0..length) in use
  length = 0;
  /** Where the word (identifier) the history ends in began, or -1 when it does not end in one. */
  private wordStart = -1;
  /** index[h] = position just after the last MIN_MATCH bytes (or word prefix) with hash h, or 0. */
  readonly index: Int32Array; // [2^indexBits]
  private readonly indexMask: number;

  constructor(
    readonly capacity: number,
    indexBits: number,
  ) {
    if (capacity < 2 * MIN_MATCH) throw new Error(`byte history: capacity ${capacity} is too small`);
    this.bytes = new Uint8Array(capacity);
    this.index = new Int32Array(1 << indexBits);
    this.indexMask = (1 << indexBits) - 1;
  }

  clone(): ByteHistory {
    const copy = new ByteHistory(this.capacity, Math.log2(this.index.length));
    copy.bytes.set(this.bytes.subarray(0, this.length));
    copy.length = this.length;
    copy.wordStart = this.wordStart;
    copy.index.set(this.index);
    return copy;
  }

  /** Bytes of memory this history holds (text and index). */
  get memoryBytes(): number {
    return this.bytes.byteLength + this.index.byteLength;
  }

  /** An index size that suits `bytes` of text: about one slot per byte, 2^12 to 2^22 slots. */
  static indexBitsFor(bytes: number): number {
    return Math.max(12, Math.min(22, Math.ceil(Math.log2(Math.max(1, bytes)))));
  }

  append(byte: number): void {
    if (this.length === this.capacity) this.dropOldestHalf();
    this.bytes[this.length++] = byte;
    if (this.length >= MIN_MATCH) this.index[this.slot(this.gramAt(this.length))] = this.length;
    if (!isWordByte(byte)) this.wordStart = -1;
    else {
      if (this.wordStart < 0) this.wordStart = this.length - 1;
      const k = this.length - this.wordStart;
      if (k >= WORD_MIN && k < MIN_MATCH) {
        let g = wordPrefixSeed(k);
        for (let i = this.wordStart; i < this.length; i++) g = gramStep(g, this.bytes[i]);
        this.index[this.slot(g)] = this.length;
      }
    }
  }

  appendAll(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) this.append(bytes[i]);
  }

  /** The gram (gram.ts) of the MIN_MATCH bytes that end just before `end`. */
  private gramAt(end: number): number {
    const b = this.bytes;
    let g = 0;
    for (let k = end - MIN_MATCH; k < end; k++) g = gramStep(g, b[k]);
    return g;
  }

  /** The position after the last occurrence of a string with this gram (0: none). */
  lookup(gram: number): number {
    return this.index[this.slot(gram)];
  }

  private slot(gram: number): number {
    return ((Math.imul(gram, 0x9e3779b1) >>> 16) ^ gram) & this.indexMask;
  }

  /**
   * Forgets the bytes from `length` on. Index entries that point past the end are ignored
   * by lookups (matchModel.ts checks candidate < length); entries those bytes overwrote are
   * lost, so a match that only they held is not found again.
   */
  truncate(length: number): void {
    this.length = Math.max(0, Math.min(this.length, length));
    let start = this.length;
    while (start > 0 && isWordByte(this.bytes[start - 1])) start--;
    this.wordStart = start < this.length ? start : -1;
  }

  private dropOldestHalf(): void {
    const drop = this.capacity >> 1;
    this.bytes.copyWithin(0, drop, this.length);
    this.length -= drop;
    this.wordStart = this.wordStart >= drop ? this.wordStart - drop : -1;
    const index = this.index;
    for (let i = 0; i < index.length; i++) index[i] = index[i] > drop ? index[i] - drop : 0;
  }
}
