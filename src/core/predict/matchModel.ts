// The match model: finds the latest earlier occurrence of the text just read in a
// ByteHistory and predicts the byte that followed it, with a confidence learned per match
// length. The state of a match (where it points, how long it is) lives in the cursor
// (cursor.ts), so a suggestion's look-ahead can follow hypothetical text without changing
// anything; this file holds the rules and the learned confidence.
//
// After each byte b:  a match that predicted b grows by one; one that did not ends; with no
// match, the last MIN_MATCH bytes are looked up in the history's index and the candidate is
// verified backwards (a hash collision never starts a match), its length = how many bytes
// before it agree (up to MAX_VERIFY).
import { type ByteHistory, gramStep, MIN_MATCH } from './byteHistory';
import { StateMap } from './adaptiveMaps';

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
  if (recent.pos < MIN_MATCH) return;
  let h = 0;
  for (let k = MIN_MATCH - 1; k >= 0; k--) h = gramStep(h, recent.ring[(recent.pos - 1 - k) & recent.mask]);
  const candidate = history.lookup(h);
  if (candidate <= 0 || candidate >= history.length) return;
  // Verify backwards: how many bytes before the candidate agree with the recent bytes.
  const limit = Math.min(MAX_VERIFY, candidate, recent.pos, recent.mask + 1);
  let length = 0;
  while (length < limit && history.bytes[candidate - 1 - length] === recent.ring[(recent.pos - 1 - length) & recent.mask]) length++;
  if (length >= MIN_MATCH) {
    match.ptr = candidate;
    match.length = length;
  }
}

/** The byte a match predicts, or -1. */
export function predictedByte(match: MatchState, history: ByteHistory): number {
  return match.length > 0 && match.ptr < history.length ? history.bytes[match.ptr] : -1;
}

/** Match lengths in 16 buckets: 0 for none, MIN_MATCH..15 one each, then doubling ranges. */
export function lengthBucket(length: number): number {
  if (length <= 0) return 0;
  if (length < 16) return Math.max(1, length - MIN_MATCH + 1); // 1..10
  if (length >= 512) return 15;
  return 11 + Math.floor(Math.log2(length / 16)); // 16-31: 11, 32-63: 12, 64-127: 13, 128-255: 14, 256-511: 15
}

/** P(the predicted bit is right), learned per length bucket: a StateMap whose "states" are buckets. */
export function newMatchConfidence(): StateMap {
  return new StateMap(1023, Float32Array.from({ length: 256 }, (_, b) => (b === 0 ? 0.5 : Math.min(0.995, 0.8 + 0.012 * b))));
}
