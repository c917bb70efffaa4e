// Where the predictor stands in a text: what it needs to know about the bytes read so far
// to predict the next one. Small and cheap to copy, so a suggestion's search can branch
// on hypothetical text (clone, push) without touching anything the stack has learned.
//
//   ring       the last RING_BYTES bytes (a ring; pos counts every byte pushed)
//   word       hash of the identifier being typed (wordBytes.ts), 0 between words; wordLength its bytes
//   lastWord   hash of the identifier before it
//   classRuns  the byte classes of the last runs (charClasses.ts), 5 bits a run, newest lowest
//              (so its low 5 bits are the last byte's class)
//   lineStart / previousLineStart   absolute positions where this line and the one above began
//   indent     the line's leading spaces and tabs so far; inIndent while only those were read;
//              lineFirst the first other byte of the line (0 before it)
//   depth / lastOpen   brackets ( [ { open minus closed (never below 0), and the last one opened
//   lineHead / lineWords   hash of the line's first identifier (0 before it), identifiers completed on the line
//   bracketWord        hash of the identifier last completed before the innermost open bracket
//                      (the function called, the keyword of an `if (`), 0 outside brackets
//   matches    one MatchState per ByteHistory the stack copies from (matchModel.ts)
//   language   the text's language (../languages.ts), mixed into every context's hash
//              so each language has statistics of its own; 0 leaves the hashes unsalted
import { type ByteHistory } from './byteHistory';
import { hashPair } from './contextTable';
import { advanceMatch, findMatch, type MatchState, type RecentBytes } from './matchModel';
import { CLASS_RUNS_MASK, classOf } from './charClasses';
import { isWordByte } from './wordBytes';

export const RING_BYTES = 1024;

/**
 * Context models a cursor hashes, in the order of the mixer's inputs: the last n bytes
 * (order n), the identifier being typed, the byte above in the previous line, the line's
 * indentation, the open brackets, the line's first identifier, the identifier before
 * the innermost open bracket, and the classes of the last runs of bytes with the last
 * byte. Chosen by measuring bits per character on tuning corpora
 * (see README).
 */
export const CONTEXT_NAMES = [
  'order 0',
  'order 1',
  'order 2',
  'order 3',
  'order 4',
  'order 5',
  'order 6',
  'order 8',
  'order 12',
  'word',
  'column',
  'indentation',
  'brackets',
  'line head',
  'bracket word',
  'char classes',
] as const;
export const CONTEXT_COUNT = CONTEXT_NAMES.length;
/** The byte-context orders (context slots 0..ORDERS.length - 1). */
const ORDERS = [0, 1, 2, 3, 4, 5, 6, 8, 12];
/** Open brackets whose identifier is remembered (deeper ones share the deepest slot). */
const BRACKET_WORDS = 16;
const MAX_ORDER = ORDERS[ORDERS.length - 1];

export class Cursor implements RecentBytes {
  ring = new Uint8Array(RING_BYTES);
  readonly mask = RING_BYTES - 1;
  pos = 0;
  word = 0;
  wordLength = 0;
  lastWord = 0;
  classRuns = 0;
  lineStart = 0;
  previousLineStart = -1;
  indent = 0;
  inIndent = true;
  lineFirst = 0;
  depth = 0;
  lastOpen = 0;
  language = 0;
  lineHead = 0;
  lineWords = 0;
  bracketWord = 0;
  bracketWords = new Int32Array(BRACKET_WORDS); // [depth - 1]: bracketWord inside that bracket
  matches: MatchState[];

  constructor(matchSources: number) {
    this.matches = Array.from({ length: matchSources }, () => ({ ptr: 0, length: 0 }));
  }

  clone(): Cursor {
    const copy = new Cursor(0);
    copy.ring = this.ring.slice();
    copy.pos = this.pos;
    copy.word = this.word;
    copy.wordLength = this.wordLength;
    copy.lastWord = this.lastWord;
    copy.classRuns = this.classRuns;
    copy.lineStart = this.lineStart;
    copy.previousLineStart = this.previousLineStart;
    copy.indent = this.indent;
    copy.inIndent = this.inIndent;
    copy.lineFirst = this.lineFirst;
    copy.depth = this.depth;
    copy.lastOpen = this.lastOpen;
    copy.language = this.language;
    copy.lineHead = this.lineHead;
    copy.lineWords = this.lineWords;
    copy.bracketWord = this.bracketWord;
    copy.bracketWords = this.bracketWords.slice();
    copy.matches = this.matches.map((m) => ({ ptr: m.ptr, length: m.length }));
    return copy;
  }

  /** The byte k back from the end (k = 0: the last one), or 0 before the start. */
  back(k: number): number {
    return k < this.pos && k < RING_BYTES ? this.ring[(this.pos - 1 - k) & this.mask] : 0;
  }

  /**
   * Reads one byte. histories[i] is what matches[i] follows (undefined: that match stays
   * off). Nothing is added to the histories here: whoever owns one appends to it.
   */
  push(byte: number, histories: readonly (ByteHistory | undefined)[]): void {
    this.pushContextOnly(byte);
    for (let i = 0; i < this.matches.length; i++) {
      const history = histories[i];
      if (history) advanceMatch(this.matches[i], byte, this, history);
    }
  }

  /** Looks for a match where there is none (the histories may have grown since the last byte was read); histories as in push. */
  refindMatches(histories: readonly (ByteHistory | undefined)[]): void {
    for (let i = 0; i < this.matches.length; i++) {
      const history = histories[i];
      if (history && this.matches[i].length === 0) findMatch(this.matches[i], this, history);
    }
  }

  /** Reads one byte into the contexts only: the matches are left as they are (for warming up a cursor's recent bytes). */
  pushContextOnly(byte: number): void {
    this.ring[this.pos & this.mask] = byte;
    this.pos++;
    const byteClass = classOf(byte);
    if (byteClass !== (this.classRuns & 31)) this.classRuns = ((this.classRuns << 5) | byteClass) & CLASS_RUNS_MASK;
    if (isWordByte(byte)) {
      this.word = hashPair(this.word + 0x3c6ef372, byte);
      this.wordLength++;
    } else {
      if (this.word !== 0) {
        this.lastWord = this.word;
        if (this.lineWords === 0) this.lineHead = this.word;
        this.lineWords++;
      }
      this.word = 0;
      this.wordLength = 0;
    }
    if (byte === 0x0a || byte === 0x00) {
      this.lineHead = 0;
      this.lineWords = 0;
      this.previousLineStart = byte === 0x0a ? this.lineStart : -1;
      this.lineStart = this.pos;
      this.indent = 0;
      this.inIndent = true;
      this.lineFirst = 0;
    } else if (this.inIndent) {
      if (byte === 0x20 || byte === 0x09) this.indent++;
      else {
        this.inIndent = false;
        this.lineFirst = byte;
      }
    }
    if (byte === 0x28 || byte === 0x5b || byte === 0x7b) {
      this.bracketWord = this.lastWord;
      this.bracketWords[Math.min(this.depth, BRACKET_WORDS - 1)] = this.lastWord;
      this.depth++;
      this.lastOpen = byte;
    } else if ((byte === 0x29 || byte === 0x5d || byte === 0x7d) && this.depth > 0) {
      this.depth--;
      this.bracketWord = this.depth > 0 ? this.bracketWords[Math.min(this.depth - 1, BRACKET_WORDS - 1)] : 0;
    }
  }

  /** The hash of every context model's context at this byte boundary, into out [CONTEXT_COUNT]. */
  contextHashes(out: Int32Array): void {
    const salt = this.language === 0 ? 0 : hashPair(0x5bd1e995, this.language);
    let h = salt;
    let next = 0;
    for (let k = 0; k <= MAX_ORDER; k++) {
      if (k > 0) h = hashPair(h, this.back(k - 1) + 256 * k);
      if (k === ORDERS[next]) out[next++] = hashPair(h, k);
    }
    const c1 = this.back(0);
    out[next++] = hashPair(0x57a3 + this.word + salt, this.word !== 0 ? 0 : hashPair(this.lastWord, c1));
    out[next++] = hashPair(0x6b1d + this.above() + salt, c1);
    out[next++] = hashPair(hashPair(0x1d3f + this.indent + salt, this.lineFirst), this.inIndent ? 0 : c1 + 0x100);
    out[next++] = hashPair(0x2e4a + this.lastOpen + 256 * Math.min(this.depth, 15) + salt, c1);
    const wordOrByte = this.word !== 0 ? this.word : c1;
    out[next++] = hashPair(hashPair(0x100a + salt, this.lineHead), hashPair(this.lineWords, wordOrByte));
    out[next++] = hashPair(hashPair(0x100b + salt, this.bracketWord), wordOrByte);
    out[next++] = hashPair(hashPair(0x100e + salt, this.classRuns), c1);
  }

  /** The byte in the line above at this column (0 when there is none). */
  above(): number {
    if (this.previousLineStart < 0) return 0;
    const at = this.previousLineStart + (this.pos - this.lineStart);
    return at < this.lineStart - 1 && this.pos - at <= RING_BYTES ? this.ring[at & this.mask] : 0;
  }
}
