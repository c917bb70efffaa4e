// The model's state at the cursor, per document, so that typing one more character costs
// one model step instead of re-reading the whole window.
//
// An entry holds the window's anchor, the window text consumed so far, the state after
// it, and snapshots of the state every `snapshotEvery` bytes. A request compares the new
// window text with the consumed text (a string compare, so any edit, undo, paste or file
// switch is caught): it keeps the common prefix, rolls back to the last snapshot inside
// it and consumes the rest. A different anchor (see networkWindow.ts) starts from zero.
// Work can be done in slices (maxSteps): progress is kept, and a later call continues.
//
// Dynamic evaluation (options.dynamicEval; ./adaptedHead.ts): each document also has an
// output layer that learns from the text the cache steps the document's state over, the
// text before the cursor, byte by byte after predicting it; the logits prepare() returns are
// that head's (guarded). The contract:
//   - it learns only where the document's own state is stepped over real text (never in the
//     state tracked ahead, which re-reads the same text; never in a search's continuations,
//     which read the head through logitsAt and change nothing; never text after the cursor),
//     and only bytes among the last learnLastBytes before the cursor of the request that reads
//     them: everything typed, the end of a first read (a document opened, a jump), so that a
//     cold request stays within its latency;
//   - a rewind (an edit before the cursor, undo, paste, or the window moving back) unlearns
//     nothing: the text read again is learned again, as the context tables learn it again
//     (../complete/documentStates.ts); the decay toward the trained head bounds how much any
//     text counts, and the guard falls back to the trained head if the result predicts worse;
//   - so the state is a function of the text, and the logits are a function of the text and
//     of what the document's head has read: with dynamicEval off, of the text alone.
import { encodeText } from '../vocabulary';
import { networkWindow } from './networkWindow';
import type { InferenceModel, InferenceState } from './inferenceModel';
import type { AdaptedHead, DynamicEvalOptions } from './adaptedHead';
import { DocumentHeads } from './documentHeads';

export interface PreparedState {
  /** The state after the window (owned by the cache: clone it before stepping). */
  state: InferenceState;
  /** Next-byte logits [256] at the cursor (owned by the cache): the document's adapted head's under dynamic evaluation, else the trained head's. */
  logits: Float32Array;
  /** The document's adapted head under dynamic evaluation (read it with logitsAt: learning is the cache's). */
  head: AdaptedHead | undefined;
}

interface Snapshot {
  chars: number; // UTF-16 units of window text consumed when it was taken
  state: InferenceState;
}

interface Entry {
  anchor: number;
  text: string; // window text consumed so far
  state: InferenceState;
  snapshots: Snapshot[]; // ascending chars; [0] is the zero state at chars 0
  logits: Float32Array;
  logitsValid: boolean;
  /** The version of the head the logits came from (AdaptedHead.version), under dynamic evaluation. */
  logitsHead?: number;
  /** The state from the next anchor (see trackAhead). */
  ahead?: Entry;
  aheadReady?: boolean;
}

export interface PrepareOptions {
  /** Steps to spend on the window before returning undefined (to continue later). */
  maxSteps?: number;
  /** Document offset of the first character of `before` (see networkWindow). */
  beforeStart?: number;
  /** Steps to spend on the state tracked ahead (see trackAhead). */
  aheadSteps?: number;
}

/** Enough for the state tracked ahead to keep up with typing and catch up from behind. */
const AHEAD_STEPS_PER_REQUEST = 3;

export interface StateCacheOptions {
  maxDocuments?: number;
  snapshotEvery?: number;
  /** Dynamic evaluation of the output layer, per document (undefined: off). */
  dynamicEval?: Readonly<DynamicEvalOptions>;
}

export class StateCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxDocuments: number;
  private readonly snapshotEvery: number;
  /** The documents' adapted heads, under dynamic evaluation. */
  readonly heads: DocumentHeads | undefined;
  /** Model steps taken by this cache in total (tests and benches read it). */
  steps = 0;

  constructor(
    readonly model: InferenceModel,
    options: StateCacheOptions = {},
  ) {
    this.maxDocuments = options.maxDocuments ?? 16;
    this.snapshotEvery = options.snapshotEvery ?? 32;
    this.heads = options.dynamicEval ? new DocumentHeads(model, options.dynamicEval) : undefined;
  }

  /**
   * Brings `key`'s state to the end of the window of `before` (the text before the
   * cursor; or its end, starting at document offset `beforeStart`: see networkWindow),
   * taking at most `maxSteps` model steps (plus `aheadSteps` for the state tracked ahead).
   * Returns the state and logits when it got there, undefined when it ran out of steps
   * (call again to continue).
   */
  prepare(key: string, before: string, contextLength: number, options: PrepareOptions = {}): PreparedState | undefined {
    const { maxSteps = Infinity, beforeStart = 0, aheadSteps = AHEAD_STEPS_PER_REQUEST } = options;
    const window = networkWindow(before, contextLength, beforeStart);
    let entry = this.entries.get(key);
    if (!entry || entry.anchor !== window.anchor) {
      // The window moved on: the state tracked ahead from the new anchor, if any, else zero.
      entry = entry?.ahead?.anchor === window.anchor ? entry.ahead : this.freshEntry(window.anchor);
    }
    this.entries.delete(key);
    this.entries.set(key, entry); // most recently used last
    while (this.entries.size > this.maxDocuments) this.entries.delete(this.entries.keys().next().value!);

    const head = this.heads?.get(key);
    if (!this.advance(entry, window.text, maxSteps, head)) return undefined;
    entry.aheadReady = this.trackAhead(entry, before, beforeStart, window.nextAnchor, aheadSteps);
    if (!entry.logitsValid || entry.logitsHead !== head?.version) {
      if (head) head.logitsAt(entry.state, entry.logits);
      else this.model.logits(entry.state, entry.logits);
      entry.logitsValid = true;
      entry.logitsHead = head?.version;
    }
    return { state: entry.state, logits: entry.logits, head };
  }

  /** True when the state tracked ahead for `key` is up to date (after prepare()). */
  aheadReady(key: string): boolean {
    return this.entries.get(key)?.aheadReady ?? false;
  }

  /**
   * Keeps a second state running from the next anchor while the cursor moves forward, so
   * that when the window moves on (every S characters) the new window's state is ready
   * instead of costing up to S steps at once. It advances at most `aheadSteps` per call:
   * typing costs two steps per character, and a state that is behind (after a cold start)
   * catches up over the next requests or in idle time (prepare with a large aheadSteps).
   */
  private trackAhead(entry: Entry, before: string, beforeStart: number, nextAnchor: number, aheadSteps: number): boolean {
    const cursor = beforeStart + before.length;
    if (nextAnchor > cursor || nextAnchor < beforeStart) return true;
    const text = networkWindowAt(before, beforeStart, nextAnchor);
    if (entry.ahead?.anchor !== nextAnchor) entry.ahead = this.freshEntry(nextAnchor);
    return aheadSteps > 0 && this.advance(entry.ahead, text, aheadSteps);
  }

  /** Brings an entry to `windowText` (rolling back to a snapshot first if it diverged), `head` learning what it reads; false when maxSteps ran out. */
  private advance(entry: Entry, windowText: string, maxSteps: number, head?: AdaptedHead): boolean {
    if (!windowText.startsWith(entry.text)) this.rollBack(entry, commonPrefixLength(entry.text, windowText));
    return entry.text.length === windowText.length || this.consume(entry, windowText, maxSteps, head);
  }

  /** Forgets one document (closed) or everything. */
  forget(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
    this.heads?.forget(key);
  }

  private freshEntry(anchor: number): Entry {
    const state = this.model.newState();
    return { anchor, text: '', state, snapshots: [{ chars: 0, state: this.model.cloneState(state) }], logits: new Float32Array(256), logitsValid: false };
  }

  private rollBack(entry: Entry, keep: number): void {
    while (entry.snapshots.length > 1 && entry.snapshots[entry.snapshots.length - 1].chars > keep) entry.snapshots.pop();
    const snapshot = entry.snapshots[entry.snapshots.length - 1];
    this.model.copyState(snapshot.state, entry.state);
    entry.text = entry.text.slice(0, snapshot.chars);
    entry.logitsValid = false;
  }

  /** Consumes window text after entry.text, `head` learning each byte before the state steps over it; false when maxSteps ran out first (stopping at a character boundary). */
  private consume(entry: Entry, windowText: string, maxSteps: number, head: AdaptedHead | undefined): boolean {
    const start = entry.text.length;
    const bytes = encodeText(windowText.slice(start));
    let units = start; // UTF-16 units of windowText consumed
    let sinceSnapshot = 0;
    let steps = 0;
    entry.logitsValid = false;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if ((byte & 0xc0) !== 0x80) {
        // At a character boundary: maybe snapshot, maybe stop.
        if (i > 0) {
          if (sinceSnapshot >= this.snapshotEvery) {
            entry.snapshots.push({ chars: units, state: this.model.cloneState(entry.state) });
            sinceSnapshot = 0;
          }
          entry.text = windowText.slice(0, units);
          if (steps >= maxSteps) {
            this.steps += steps;
            return false;
          }
        }
        units += byte >= 0xf0 ? 2 : 1; // a 4-byte character is a surrogate pair
      }
      if (head && bytes.length - i <= head.options.learnLastBytes) {
        head.evaluate(entry.state);
        head.learn(byte);
      }
      this.model.step(entry.state, byte);
      steps++;
      sinceSnapshot++;
    }
    this.steps += steps;
    entry.text = windowText;
    return true;
  }
}

/** The text from `anchor` to the cursor, as networkWindow would cut it. */
function networkWindowAt(before: string, beforeStart: number, anchor: number): string {
  let end = before.length;
  if (end > anchor - beforeStart && /[\ud800-\udbff]/.test(before[end - 1])) end--;
  return before.slice(anchor - beforeStart, end);
}

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
