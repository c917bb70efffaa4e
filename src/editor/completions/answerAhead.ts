// The answer to the request VS Code is about to make. After a keystroke VS Code waits 50 ms
// before it asks for ghost text (an automatic trigger), while the edit and the cursor's move
// reach the extension host at once: the provider starts the same computation then, and the
// request that follows takes its result instead of starting over. One answer is kept, the
// newest edit's; a request for anything else cancels it. No vscode import (unit-tested as is).
import type { Suggestion } from '../../core/complete/suggest';
import type { CompletionWork } from './requestTiming';

/** What an answer was computed for: a request with an equal key gets the same suggestions. */
export interface AheadKey {
  uri: string;
  /** The document's version (any later edit changes it). */
  version: number;
  /** The cursor's offset in the document. */
  offset: number;
  /** The completion settings, as JSON. */
  settings: string;
  /** The loaded model (compared by identity). */
  model: object;
}

/** Suggestions computed ahead, where their time went, and when the computation started (performance.now()). */
export interface AheadAnswer {
  suggestions: Suggestion[];
  work: CompletionWork;
  startedAt: number;
}

/** A computation of suggestions that stops (resolving undefined) once `cancelled()` is true. */
export type AheadComputation = (cancelled: () => boolean) => Promise<AheadAnswer | undefined>;

export class AnswerAhead {
  private pending: { key: AheadKey; answer: Promise<AheadAnswer | undefined> } | undefined;
  private generation = 0;

  /** Starts computing the answer for `key`; the one computing before stops. */
  start(key: AheadKey, compute: AheadComputation): void {
    const generation = ++this.generation;
    this.pending = { key, answer: compute(() => generation !== this.generation) };
  }

  /** The answer computed (or being computed) for a request with this key; undefined, and the pending one stopped, for any other key. */
  take(key: AheadKey): Promise<AheadAnswer | undefined> | undefined {
    const pending = this.pending;
    this.pending = undefined;
    if (pending && sameKey(pending.key, key)) return pending.answer;
    this.generation++;
    return undefined;
  }

  /** Stops and forgets the pending answer. */
  cancel(): void {
    this.pending = undefined;
    this.generation++;
  }
}

function sameKey(a: AheadKey, b: AheadKey): boolean {
  return a.uri === b.uri && a.version === b.version && a.offset === b.offset && a.settings === b.settings && a.model === b.model;
}
