// The match model: finds the latest earlier occurrence of the text just read in a
// ByteHistory and predicts the byte that followed it, with a confidence learned per match
// length. The state of a match (where it points, how long it is) lives in the cursor
// (cursor.ts), so a suggestion's look-ahead can follow hypothetical text without changing
// anything; this file holds the rules and the learned confidence.
//
// After each byte b:  a match that predicted b grows by one; one that did not ends; with no
// match, the last MIN_MATCH bytes are looked up in the history's index and the candidate is
// verified backwards (a hash collision never starts a match), its length = how many bytes
// before it agree (up to MAX_VERIFY). Inside a word of WORD_MIN..MIN_MATCH-1 bytes with no
// such match, the word so far is looked up among word starts instead: a match of that
// length (2..5: shorter than any other match, so its confidence is learned apart).
import { type ByteHistory, gramStep, MIN_MATCH, WORD_MIN, wordPrefixSeed } from './byteHistory';
import { isWordByte } from './wordBytes';
import { StateMap } from './adaptiveMaps';

/** Match sources, in the order of Cursor.matches: the workspace's text, then the document's. */
export const MATCH_WORKSPACE = 0;
export const MATCH_DOCUMENT = 1;
export const MATCH_SOURCES = 2;

/** How far back a candidate is verified: lengths beyond this count as this. */
export const MAX_VERIFY = 400;

/** Where a match stands: history[ptr] is the predicted next byte when length > 0. */
export interface MatchState {
  ptr: number;
  length: number;
}

/** The recent bytes a cursor keeps (a ring): byte k back from the end is at ring[(pos - 1 - k) & mask]. */
export interface RecentBytes {
  readonly ring: Uint8Array;
  readonly mask: number;
  readonly pos: number;
  /** Word bytes (wordBytes.ts) at the end of what was read. */
  readonly wordLength: number;
}

/** Advances `match` past byte `byte` (already pushed into `recent`). */
export function advanceMatch(match: MatchState, byte: number, recent: RecentBytes, history: ByteHistory): void {
  if (match.length > 0) {
    if (match.ptr < history.length && history.bytes[match.ptr] === byte) {
      match.ptr++;
      match.length++;
      if (match.ptr < history.length) return;
    }
    match.length = 0;
  }
  findMatch(match, recent, history);
}

/**
 * With no match (match.length 0): looks the recent bytes up in `history` and starts a match
 * where they occurred last (the rules above). Changes nothing when there is none. Also for a
 * cursor whose history has grown since its last byte (text learned while a document waits).
 */
export function findMatch(match: MatchState, recent: RecentBytes, history: ByteHistory): void {
  if (recent.pos >= MIN_MATCH) {
    let h = 0;
    for (let k = MIN_MATCH - 1; k >= 0; k--) h = gramStep(h, recent.ring[(recent.pos - 1 - k) & recent.mask]);
    const candidate = history.lookup(h);
    if (candidate > 0 && candidate < history.length) {
      // Verify backwards: how many bytes before the candidate agree with the recent bytes.
      const limit = Math.min(MAX_VERIFY, candidate, recent.pos, recent.mask + 1);
      let length = 0;
      while (length < limit && history.bytes[candidate - 1 - length] === recent.ring[(recent.pos - 1 - length) & recent.mask]) length++;
      if (length >= MIN_MATCH) {
        match.ptr = candidate;
        match.length = length;
        return;
      }
    }
  }
  const k = recent.wordLength;
  if (k < WORD_MIN || k >= MIN_MATCH) return;
  let g = wordPrefixSeed(k);
  for (let j = k - 1; j >= 0; j--) g = gramStep(g, recent.ring[(recent.pos - 1 - j) & recent.mask]);
  const candidate = history.lookup(g);
  if (candidate < k || candidate >= history.length) return;
  for (let j = 0; j < k; j++) if (history.bytes[candidate - 1 - j] !== recent.ring[(recent.pos - 1 - j) & recent.mask]) return;
  if (candidate > k && isWordByte(history.bytes[candidate - k - 1])) return; // not a word start there
  match.ptr = candidate;
  match.length = k;
}

/** The byte a match predicts, or -1. */
export function predictedByte(match: MatchState, history: ByteHistory): number {
  return match.length > 0 && match.ptr < history.length ? history.bytes[match.ptr] : -1;
}

/** Upper ends of the match-length buckets 1..15 (bucket 0: no match). Lengths 2-5 are word-prefix matches. */
const BUCKET_ENDS = [0, 2, 3, 4, 5, 7, 9, 11, 15, 23, 31, 47, 63, 127, 255];

/** Match lengths in 16 buckets: 0 for none, then 2, 3, 4, 5, 6-7, 8-9, 10-11, 12-15, 16-23, 24-31, 32-47, 48-63, 64-127, 128-255, 256 and more. */
export function lengthBucket(length: number): number {
  if (length <= 0) return 0;
  for (let b = 1; b < BUCKET_ENDS.length; b++) if (length <= BUCKET_ENDS[b]) return b;
  return 15;
}

/** P(the predicted bit is right), learned per length bucket: a StateMap whose "states" are buckets. */
export function newMatchConfidence(): StateMap {
  return new StateMap(
    1023,
    Float32Array.from({ length: 256 }, (_, b) => (b === 0 ? 0.5 : Math.min(0.995, 0.8 + 0.012 * b))),
  );
}
