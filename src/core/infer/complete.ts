// The completion path shared by the editor's inline provider, the CLI (`recur complete`)
// and the latency benchmark: text before and after the cursor + options -> candidates,
// most likely first. Deterministic for a given (model, text, cursor, options): the seed
// restarts the generator on every request and the context window depends only on the
// text (contextWindow.ts), so the state cache changes the cost, never the answer.
import { CandidateTrie, type GenerationOptions } from './generate';
import type { InferenceModel } from './inferenceModel';
import { restOfLine, trimRightOverlap } from './rightContext';
import { Sampler, seededRng } from './sampler';
import { type PreparedContext, StateCache } from './stateCache';

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
