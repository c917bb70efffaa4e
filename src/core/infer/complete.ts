// The completion path shared by the editor's inline provider, the CLI (`recur complete`)
// and the latency benchmark: text before and after the cursor + options -> candidates,
// most likely first. completeInSlices() is the provider's asynchronous form of it. Deterministic for a given (model, text, cursor, options): the seed
// restarts the generator on every request and the context window depends only on the
// text (contextWindow.ts), so the state cache changes the cost, never the answer.
import { CandidateTrie, type GenerationOptions } from './generate';
import type { InferenceModel } from './inferenceModel';
import { restOfLine, trimRightOverlap } from './rightContext';
import { Sampler, seededRng } from './sampler';
import { type PreparedContext, StateCache } from './stateCache';
import { type SliceControl, sliceLoop } from '../slicing';

export interface CompletionOptions extends GenerationOptions {
  /** Characters before the cursor the model reads (the window holds half to all of it). */
  contextLength: number;
  /** Candidates drawn per request. */
  candidates: number;
  seed: number;
}

export const DEFAULT_COMPLETION_OPTIONS: Readonly<CompletionOptions> = {
  temperature: 0.5,
  sampling: 'topP',
  topK: 10,
  topP: 0.9,
  seed: 0,
  contextLength: 512,
  maxLines: 1,
  maxCharacters: 120,
  minConfidence: 0.15,
  candidates: 3,
};

export interface CompletionCandidate {
  /** Text to insert at the cursor. */
  text: string;
  /** Mean ln p per character of the text as drawn (before trimming against the right side). */
  meanLogProb: number;
  /** Sum of ln p over the text's bytes as drawn. */
  logProb: number;
}

/** Draws candidates from a prepared state; `after` is the document text after the cursor. */
export function drawCandidates(model: InferenceModel, context: PreparedContext, after: string, options: CompletionOptions): { candidates: CompletionCandidate[]; steps: number } {
  const trie = new CandidateTrie(model, context.state, context.logits);
  const sampler = new Sampler(options);
  const rng = seededRng(options.seed);
  const rest = restOfLine(after);
  const byText = new Map<string, CompletionCandidate>();
  for (let i = 0; i < Math.max(1, options.candidates); i++) {
    const drawn = trie.draw(options, sampler, rng);
    const text = trimRightOverlap(drawn.text, rest);
    if (!text || byText.has(text)) continue;
    byText.set(text, { text, logProb: drawn.logProb, meanLogProb: drawn.logProb / Math.max(1, drawn.chars) });
  }
  const candidates = [...byText.values()].sort((a, b) => b.meanLogProb - a.meanLogProb || b.text.length - a.text.length);
  return { candidates, steps: trie.steps };
}

/**
 * The whole path in one synchronous call. Pass a long-lived `cache` (and a stable `key` per
 * document) to make repeated requests cheap; without one, every call starts cold.
 */
export function completeText(
  model: InferenceModel,
  before: string,
  after: string,
  options: CompletionOptions,
  cache: StateCache = new StateCache(model, { maxDocuments: 1 }),
  key = 'document',
): CompletionCandidate[] {
  const context = cache.prepare(key, before, options.contextLength)!;
  return drawCandidates(model, context, after, options).candidates;
}

/** Model steps per unit of sliced work (~1.5 ms on the default model; a slice runs units for ~8 ms). */
export const PREPARE_STEPS_PER_CALL = 16;

/** What the inline provider reads from the document for one request. */
export interface CompletionRequest {
  /** Text before the cursor: its last contextLength characters at least (or all of it). */
  before: string;
  /** Document offset of before[0]. */
  beforeStart: number;
  /** Document text after the cursor (its line is enough). */
  after: string;
}

/**
 * The inline provider's path: brings `key`'s cached state to the cursor in slices
 * (../slicing.ts: a few milliseconds of model steps, then an await, so a long first read
 * never blocks the editor), then draws the candidates. Undefined when control.cancelled()
 * said so (the request was cancelled or superseded, or the model changed).
 */
export async function completeInSlices(
  cache: StateCache,
  key: string,
  request: CompletionRequest,
  options: CompletionOptions,
  control: SliceControl,
): Promise<CompletionCandidate[] | undefined> {
  let prepared: PreparedContext | undefined;
  const ready = await sliceLoop(control, () => {
    prepared = cache.prepare(key, request.before, options.contextLength, { maxSteps: PREPARE_STEPS_PER_CALL, beforeStart: request.beforeStart });
    return prepared === undefined;
  });
  if (!ready || !prepared) return undefined;
  const { candidates } = drawCandidates(cache.model, prepared, request.after, options);
  return control.cancelled() ? undefined : candidates;
}
