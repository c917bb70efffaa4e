// Choosing the ghost text: the most probable continuation, cut where it saves the most
// keystrokes, shown only when it is likely to be accepted.
//
// Search: greedy, one character at a time (its lead byte and continuation bytes), each the
// most likely under the model. Along the way P_L = Π p(character i), i < L, is the
// model's probability that the text really continues with the first L characters.
// Stopping rule: a suggestion of L characters, accepted with one key, saves L − 1
// keystrokes; its expected saving is A_L · (L − 1), A_L = calibrate(P_L) its estimated
// acceptance (calibration.ts); the suggestion is the L that maximises it. The search ends
// when no longer suggestion could beat the best one (A_L · (maxCharacters − 1) ≤ best), at
// maxCharacters, at a NUL byte or invalid UTF-8, and
// before a line break unless multi-line suggestions are on and P_L is at least
// multiLineMinProbability. A suggestion never ends with a line break or a line of spaces
// and tabs after one: its ghost text would not show what Tab inserts.
// Repetition: greedy search can fall into a loop ("): string): string): ..."); it stops as
// soon as the suggestion ends with the same chunk of 3 to 24 characters three times in a
// row, and the suggestion keeps at most the first two copies.
// Confidence: the estimated probability that the user accepts it is calibrate(P_L)
// (calibration.ts); it is shown when that is at least minAcceptProbability.
// The text after the cursor: the suggestion is fitted to it (textAfterCursor.ts); mid-line the
// path goes on to the end of the line, to find where it joins the rest.
// Explicit invoke (candidateSource 'firstCharacter'): the same search from each of the few
// most likely first characters, so the candidates differ from their first character; the
// default samples them instead (sampledCandidates.ts, with this search's LeadPick).
import { decodeBytes } from '../vocabulary';
import { fitToRight, type MidLinePolicy, type TextAfterCursor } from './textAfterCursor';
import { calibratedAcceptance } from './calibration';
import type { SearchPoint, SearchPredictor } from './searchPredictor';

export interface SuggestOptions {
  /** Longest suggestion, in characters. */
  maxCharacters: number;
  /** Most lines a suggestion may span (1: stop at the end of the line). */
  maxLines: number;
  /** A suggestion continues past a line break only while P_L is at least this. */
  multiLineMinProbability: number;
  /** Show a suggestion only when its estimated acceptance probability is at least this. */
  minAcceptProbability: number;
  /** Suggestions offered on explicit invoke (automatic triggers get one). */
  candidates: number;
  /** In the middle of a line: only suggestions that join the rest of it, any, or none (textAfterCursor.ts). */
  midLine: MidLinePolicy | 'never';
}

export interface Suggestion {
  /** Text to insert at the cursor. */
  text: string;
  /** Characters right of the cursor, on its line, that the text replaces (the inline item's range ends there). */
  replaceRight: number;
  /** Estimated probability that the user accepts it (calibrated). */
  acceptProbability: number;
  /** The model's probability that the text continues with it (P_L). */
  modelProbability: number;
  /** Expected keystrokes saved: acceptProbability · (characters − 1). */
  expectedSaving: number;
  /** True when this is the rest of a suggestion shown before, which the user has typed the start of. */
  typedThrough?: boolean;
}

export interface SearchStats {
  /** Model steps taken (network steps = cursor steps). */
  steps: number;
}

const MIN_PATH_PROBABILITY = 1e-4;

/** Bytes in the UTF-8 character this byte starts; 0 for a byte that cannot start one. */
export function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** A suggestion's possible ends along the searched path: after `chars` characters (`units` UTF-16 units, `bytes` bytes), with P_L and the expected saving A_L · (chars − 1). */
interface PathEnd {
  chars: number;
  units: number;
  bytes: number;
  probability: number;
  value: number;
}

/** Picks the lead byte of the path's next character (with its probability under the model), or undefined to stop: the search's is the most likely one. */
export type LeadPick = (predictor: SearchPredictor, point: SearchPoint, chars: number) => { byte: number; probability: number } | undefined;

const topOne = new Int32Array(1);
const topOneP = new Float64Array(1);

/** The search's pick: the most likely lead byte (after a forced first one, for diverse candidates). */
export function greedyPick(first?: { byte: number; probability: number }): LeadPick {
  return (predictor, point, chars) => {
    if (first && chars === 0) return first;
    return predictor.top(point, 1, 0, topOne, topOneP) === 0 ? undefined : { byte: topOne[0], probability: topOneP[0] };
  };
}

/**
 * The path from `start` (which is advanced: pass a clone to keep it), its lead bytes chosen
 * by `pick` (continuation bytes always the most likely), and its ends. With `toLineEnd` the
 * path goes on to the end of the line (for a suggestion that must join the rest of the line)
 * instead of stopping once no longer one could beat the best.
 */
function searchPath(predictor: SearchPredictor, start: SearchPoint, options: SuggestOptions, stats: SearchStats, pick: LeadPick, toLineEnd: boolean): { bytes: number[]; ends: PathEnd[] } {
  const bytes: number[] = [];
  const top = new Int32Array(1);
  const topP = new Float64Array(1);
  let path = 1; // P_L
  let chars = 0;
  let units = 0;
  let lines = 1;
  let blankLine = false; // the path has a line break and nothing but spaces and tabs after the last one
  const ends: PathEnd[] = [];
  let bestValue = 0;
  const point = start;
  while (chars < options.maxCharacters) {
    // One character: its lead byte, then its continuation bytes.
    const picked = pick(predictor, point, chars);
    if (!picked) break;
    const lead = picked.byte;
    let p = picked.probability;
    const length = utf8Length(lead);
    if (lead === 0 || length === 0) break;
    if (lead === 0x0a && (toLineEnd || lines >= options.maxLines || path * p < options.multiLineMinProbability)) break;
    const charBytes = [lead];
    predictor.advance(point, lead);
    stats.steps++;
    while (charBytes.length < length) {
      if (predictor.top(point, 1, 0, top, topP) === 0 || (top[0] & 0xc0) !== 0x80) {
        p = 0;
        break;
      }
      p *= topP[0];
      charBytes.push(top[0]);
      predictor.advance(point, top[0]);
      stats.steps++;
    }
    if (p === 0) break;
    path *= p;
    chars++;
    units += length === 4 ? 2 : 1;
    if (lead === 0x0a) {
      lines++;
      blankLine = true;
    } else if (lead !== 0x20 && lead !== 0x09 && lead !== 0x0d) blankLine = false;
    bytes.push(...charBytes);
    const loop = repeatedTail(bytes);
    if (loop > 0) {
      // Keep at most two copies of the repeated chunk: forget the ends inside the third.
      while (ends.length > 0 && ends[ends.length - 1].bytes > bytes.length - loop) ends.pop();
      break;
    }
    const acceptance = calibratedAcceptance(path);
    if (!blankLine) {
      // (a suggestion never ends in a blank line: Tab would insert a line break the user cannot see)
      const value = acceptance * (chars - 1);
      ends.push({ chars, units, bytes: bytes.length, probability: path, value });
      bestValue = Math.max(bestValue, value);
    }
    if ((!toLineEnd && acceptance * (options.maxCharacters - 1) <= bestValue) || path < MIN_PATH_PROBABILITY) break;
  }
  return { bytes, ends };
}

/**
 * The best suggestion from `start` (advanced: pass a clone), fitted to the text right of
 * the cursor (textAfterCursor.ts), or undefined when none is worth showing.
 */
export function greedySuggestion(
  predictor: SearchPredictor,
  start: SearchPoint,
  right: TextAfterCursor,
  options: SuggestOptions,
  stats: SearchStats = { steps: 0 },
  pick: LeadPick = greedyPick(),
): Suggestion | undefined {
  if (right.kind === 'code' && options.midLine === 'never') return undefined;
  // Mid-line, the path goes on to the end of the line: the suggestion ends where it joins the rest.
  const joining = right.kind === 'code';
  const { bytes, ends } = searchPath(predictor, start, options, stats, pick, joining);
  const best = joining ? ends.at(-1) : ends.reduce<PathEnd | undefined>((a, b) => (!a || b.value > a.value ? b : a), undefined);
  if (!best) return undefined;
  let text = decodeBytes(Uint8Array.from(bytes.slice(0, best.bytes)));
  if (text.endsWith('\r')) text = text.slice(0, -1);
  const item = fitToRight(text, right, options.midLine === 'any' ? 'any' : 'join');
  if (!item) return undefined;
  // P_L of the part of the searched text the item keeps (fitting may cut it).
  const end = item.used === text.length ? best : ends.find((e) => e.units === item.used);
  if (!end || end.chars < 1 || Array.from(item.insertText).length < 2) return undefined;
  const acceptProbability = calibratedAcceptance(end.probability);
  return { text: item.insertText, replaceRight: item.replaceRight, acceptProbability, modelProbability: end.probability, expectedSaving: acceptProbability * (Array.from(item.insertText).length - 1) };
}

/**
 * A suggestion kept from before (typed through) fitted to the text right of the cursor now,
 * or undefined when it no longer fits. (One that joined the rest of the line when shown still
 * ends where that begins: it needs no new join.)
 */
export function fitted(suggestion: Suggestion, right: TextAfterCursor, options: Pick<SuggestOptions, 'midLine'>): Suggestion | undefined {
  if (right.kind === 'code' && options.midLine === 'never') return undefined;
  const item = fitToRight(suggestion.text, right, 'any');
  if (!item || item.used < suggestion.text.length) return undefined;
  return { ...suggestion, text: item.insertText, replaceRight: item.replaceRight, expectedSaving: suggestion.acceptProbability * (Array.from(item.insertText).length - 1) };
}

const MIN_LOOP = 3;
const MAX_LOOP = 24;

/** The length p (in bytes) of a chunk that the bytes end with three times in a row (MIN_LOOP <= p <= MAX_LOOP), else 0. */
export function repeatedTail(bytes: readonly number[]): number {
  const n = bytes.length;
  for (let p = MIN_LOOP; p <= MAX_LOOP && 3 * p <= n; p++) {
    let same = true;
    for (let i = n - 2 * p; i < n && same; i++) same = bytes[i] === bytes[i - p];
    if (same) return p;
  }
  return 0;
}

/**
 * Suggestions at `root` (left unchanged): one for an automatic trigger, up to
 * options.candidates for an explicit invoke (each from a different first character),
 * best first, only those at or above minAcceptProbability.
 */
export function suggest(predictor: SearchPredictor, root: SearchPoint, right: TextAfterCursor, options: SuggestOptions, explicit: boolean, stats: SearchStats = { steps: 0 }): Suggestion[] {
  const found: Suggestion[] = [];
  if (!explicit || options.candidates <= 1) {
    const one = greedySuggestion(predictor, predictor.clone(root), right, options, stats);
    if (one) found.push(one);
  } else {
    const firsts = new Int32Array(options.candidates);
    const probs = new Float64Array(options.candidates);
    const n = predictor.top(root, options.candidates, 0, firsts, probs);
    for (let i = 0; i < n; i++) {
      const one = greedySuggestion(predictor, predictor.clone(root), right, options, stats, greedyPick({ byte: firsts[i], probability: probs[i] }));
      if (one && !found.some((s) => s.text === one.text)) found.push(one);
    }
  }
  return found.filter((s) => s.acceptProbability >= options.minAcceptProbability).sort((a, b) => b.expectedSaving - a.expectedSaving);
}
