// The completion path shared by the editor's inline provider, the CLI (`recur complete`) and
// the benchmarks (bench:complete, bench:keystrokes): document text around the cursor ->
// suggestions. It owns the per-document caches:
//   states     the network's state at the cursor (../infer/stateCache.ts)
//   documents  the stack's cursor and the document's text as a match source (documentStates.ts)
//   shown      the last suggestion shown per document, so typing through it keeps it
// The network's state is a function of (model, text, cursor): its cache changes the cost,
// never the answer. Its output layer is not, under dynamic evaluation (on by default:
// dynamicEval, ../infer/adaptedHead.ts): each document's head learns the text before the
// cursor as the cache reads it (the contract: ../infer/stateCache.ts). Nor is the stack's
// part: its context tables learn what the documents' states read (documentStates.ts). So
// what was typed before counts, as it should; and a suggestion typed through is kept as it
// was shown. With dynamicEval false the network's part is the trained model's alone.
import type { InferenceModel } from '../infer/inferenceModel';
import { type SliceControl, sliceLoop } from '../slicing';
import { type PrepareOptions, StateCache } from '../infer/stateCache';
import type { PredictorStack } from '../predict/predictorStack';
import { DEFAULT_DOCUMENT_STATES, DocumentStates, type DocumentStatesOptions } from './documentStates';
import { SearchPredictor } from './searchPredictor';
import { fitted, suggest, type SearchStats, type Suggestion, type SuggestOptions } from './suggest';
import { textAfterCursorOf } from './textAfterCursor';
import { sampledCandidates, type SamplingOptions } from './sampledCandidates';
import { languageCodeOfId } from '../languages';
import { choiceOption, defaultsOf, integerOption, numberOption } from '../options';
import { DEFAULT_DYNAMIC_EVAL, type DynamicEvalOptions } from '../infer/adaptedHead';

/** What the engine reads from the document for one request. */
export interface CompletionRequest {
  /** Text before the cursor: at least its last max(contextLength, windowChars) characters (or all of it). */
  before: string;
  /** Document offset of before[0]. */
  beforeStart: number;
  /** Document text after the cursor: the rest of its line at least, up to REQUEST_AFTER_CHARS. */
  after: string;
  /** The document's language (VS Code's language id), when known. */
  languageId?: string;
}

/** Characters after the cursor a request carries at most. */
export const REQUEST_AFTER_CHARS = 2048;

export interface EngineOptions extends SuggestOptions, SamplingOptions {
  /** Characters before the cursor the network reads (see ../infer/networkWindow.ts). */
  contextLength: number;
  /** An explicit request's candidates: the search's best and sampled continuations (sampledCandidates.ts), or searches from different first characters (suggest.ts). */
  candidateSource: 'sample' | 'firstCharacter';
}

/** Each suggestion option's default and range: the settings recur.completions.* and `recur complete`'s flags take them from here. */
export const ENGINE_OPTIONS = {
  contextLength: integerOption(512, { min: 16, max: 8192 }),
  maxCharacters: integerOption(120, { min: 2, max: 2000 }),
  // Up to three lines, while the model is confident (multiLineMinProbability): on the tuning
  // corpora it saved 0.6-1.0 points more than one line in both bench:keystrokes modes, most
  // suggestions still accepted (README, "Suggestions").
  maxLines: integerOption(3, { min: 1, max: 20 }),
  multiLineMinProbability: numberOption(0.8, { min: 0, max: 1 }),
  // The lowest threshold at which most suggestions shown are accepted on the tuning corpora
  // (ts-project, rust-crate; `npm run bench:keystrokes -- --corpus ts-project --corpus rust-crate
  // --checkpoint models/base.recur --read-workspace --min-accept P`): 0.2 saves 2 points more
  // but 44% of its suggestions are right on rust-crate; 0.3 gives 58% and 51%.
  minAcceptProbability: numberOption(0.3, { min: 0, max: 1 }),
  candidates: integerOption(3, { min: 1, max: 10 }),
  // In the middle of a line (code right of the cursor): only suggestions that join it. Measured
  // with bench:keystrokes --mode edit on the tuning corpora (see the README's "Suggestions").
  midLine: choiceOption<'join' | 'any' | 'never'>('join', ['join', 'any', 'never']),
  // An explicit request's candidates (measured with npm run bench:candidates, see the README).
  candidateSource: choiceOption<'sample' | 'firstCharacter'>('sample', ['sample', 'firstCharacter']),
  samples: integerOption(8, { min: 1, max: 64 }),
  sampleTemperature: numberOption(0.8, { min: 0.05, max: 2 }),
  sampleSeed: integerOption(0, { min: 0, max: 2 ** 31 - 1 }),
} as const;

export const DEFAULT_ENGINE_OPTIONS: Readonly<EngineOptions> = defaultsOf(ENGINE_OPTIONS);

/** Characters before the cursor a request must carry: enough for the network's window and the document's. */
export function requestChars(options: Pick<EngineOptions, 'contextLength'>, documentOptions: DocumentStatesOptions = DEFAULT_DOCUMENT_STATES): number {
  return Math.max(options.contextLength, documentOptions.windowChars);
}

/** Units of sliced work: network steps, or document bytes read (a few microseconds each). */
export const PREPARE_STEPS_PER_CALL = 16;
const DOCUMENT_BYTES_PER_CALL = 4096;

interface Shown {
  /** Cursor offset when it was shown, and the text just before it then. */
  offset: number;
  tail: string;
  text: string;
  suggestion: Suggestion;
}

const SHOWN_TAIL_CHARS = 64;

export class CompletionEngine {
  readonly states: StateCache;
  readonly documents: DocumentStates | undefined;
  readonly predictor: SearchPredictor;
  private readonly shown = new Map<string, Shown>();
  /** Search steps taken in total (benchmarks read it). */
  readonly stats: SearchStats = { steps: 0 };

  /**
   * `states`: an earlier engine's network states (and adapted heads) to keep (valid only for
   * the same `model`); `dynamicEval`: the documents' output layers learning online, or
   * false for the trained head alone (used when `states` is not given).
   */
  constructor(
    readonly model: InferenceModel,
    readonly stack: PredictorStack | undefined,
    documentOptions: DocumentStatesOptions = DEFAULT_DOCUMENT_STATES,
    states?: StateCache,
    dynamicEval: Readonly<DynamicEvalOptions> | false = DEFAULT_DYNAMIC_EVAL,
  ) {
    if (states && states.model !== model) throw new Error('CompletionEngine: network states of another model');
    this.states = states ?? new StateCache(model, { dynamicEval: dynamicEval || undefined });
    this.documents = stack ? new DocumentStates(stack, documentOptions) : undefined;
    this.predictor = new SearchPredictor(model, stack);
  }

  /**
   * One unit of preparation for `key` at the cursor: true when everything is ready (then
   * call suggestions()), false when more units are needed.
   */
  prepareStep(key: string, request: CompletionRequest, options: EngineOptions, maxUnits = PREPARE_STEPS_PER_CALL): boolean {
    const prepareOptions: PrepareOptions = { maxSteps: maxUnits, beforeStart: request.beforeStart };
    if (!this.states.prepare(key, request.before, options.contextLength, prepareOptions)) return false;
    if (this.documents && !this.documents.prepare(key, request.before, request.beforeStart, maxUnits * (DOCUMENT_BYTES_PER_CALL / PREPARE_STEPS_PER_CALL), languageCodeOfId(request.languageId)))
      return false;
    return true;
  }

  /** Advances the network's state tracked ahead of the cursor (StateCache.trackAhead) by up to maxSteps; true when it is up to date. */
  prepareAhead(key: string, request: CompletionRequest, options: EngineOptions, maxSteps: number): boolean {
    this.states.prepare(key, request.before, options.contextLength, { maxSteps: 0, beforeStart: request.beforeStart, aheadSteps: maxSteps });
    return this.states.aheadReady(key);
  }

  /** Suggestions at the cursor, best first (prepareStep must have returned true for this request). */
  suggestions(key: string, request: CompletionRequest, options: EngineOptions, explicit: boolean): Suggestion[] {
    const right = textAfterCursorOf(request.before, request.after, request.languageId);
    const typed = explicit ? undefined : this.typedThrough(key, request);
    const kept = typed && fitted(typed, right, options);
    if (kept) return [kept];
    const prepared = this.states.prepare(key, request.before, options.contextLength, { beforeStart: request.beforeStart, aheadSteps: 0 })!;
    const documentState = this.documents?.prepare(key, request.before, request.beforeStart, Infinity, languageCodeOfId(request.languageId));
    const root = this.predictor.root(prepared.state, prepared.logits, documentState, prepared.head);
    const sampling = explicit && options.candidates > 1 && options.candidateSource === 'sample';
    const found = sampling ? sampledCandidates(this.predictor, root, right, options, this.stats) : suggest(this.predictor, root, right, options, explicit, this.stats);
    if (!explicit) this.remember(key, request, found[0]);
    return found;
  }

  /** The whole path in one synchronous call (CLI, benchmarks, tests). */
  complete(key: string, request: CompletionRequest, options: EngineOptions, explicit = false): Suggestion[] {
    while (!this.prepareStep(key, request, options, Infinity));
    return this.suggestions(key, request, options, explicit);
  }

  /** Forgets a closed document, or everything. */
  forget(key?: string): void {
    this.states.forget(key);
    this.documents?.forget(key);
    if (key === undefined) this.shown.clear();
    else this.shown.delete(key);
  }

  private remember(key: string, request: CompletionRequest, suggestion: Suggestion | undefined): void {
    if (!suggestion) {
      this.shown.delete(key);
      return;
    }
    this.shown.set(key, { offset: request.beforeStart + request.before.length, tail: request.before.slice(-SHOWN_TAIL_CHARS), text: suggestion.text, suggestion });
  }

  /** The rest of the last suggestion when the user has typed its beginning since and at least two characters are left, else undefined. */
  private typedThrough(key: string, request: CompletionRequest): Suggestion | undefined {
    const shown = this.shown.get(key);
    if (!shown) return undefined;
    const typedLength = request.beforeStart + request.before.length - shown.offset;
    if (typedLength <= 0 || typedLength >= shown.text.length || typedLength > request.before.length) return undefined;
    const typed = request.before.slice(request.before.length - typedLength);
    const earlier = request.before.slice(0, request.before.length - typedLength);
    if (!shown.text.startsWith(typed) || !(earlier.endsWith(shown.tail) || shown.tail.endsWith(earlier))) return undefined;
    const text = shown.text.slice(typedLength);
    // One character left saves nothing (Tab is a key too): search afresh instead.
    if (Array.from(text).length < 2) return undefined;
    return { ...shown.suggestion, text, typedThrough: true };
  }
}

/**
 * The inline provider's path: prepares `key` at the cursor in slices (../slicing.ts: a few
 * milliseconds of work, then an await, so a long first read never blocks the editor), then
 * searches. Undefined when control.cancelled() said so (the request was cancelled or
 * superseded, or the model changed).
 */
export async function completeInSlices(
  engine: CompletionEngine,
  key: string,
  request: CompletionRequest,
  options: EngineOptions,
  explicit: boolean,
  control: SliceControl,
): Promise<Suggestion[] | undefined> {
  const ready = await sliceLoop(control, () => !engine.prepareStep(key, request, options));
  if (!ready) return undefined;
  const found = engine.suggestions(key, request, options, explicit);
  return control.cancelled() ? undefined : found;
}
