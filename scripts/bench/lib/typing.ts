// A person typing held-out files with a suggester (bench:keystrokes, bench:monorepo): from each
// file's first character to its last; at every position the suggester is asked; a suggestion
// the text really continues with is accepted with one key (Tab), else one character is typed
// (a suggestion whose start is typed stays shown, as in VS Code). With byWord, a suggestion
// may also be accepted word by word (one key a word, Ctrl+Right) as far as its words are right.
import { DEFAULT_DYNAMIC_EVAL, type DynamicEvalOptions } from '../../../src/core/infer/adaptedHead';
import { performance } from 'node:perf_hooks';
import { readCheckpoint } from '../../../src/core/model/checkpoint';
import { InferenceModel } from '../../../src/core/infer/inferenceModel';
import { stackFromSection } from '../../../src/core/predict/stackState';
import { CompletionEngine, type EngineOptions, requestChars } from '../../../src/core/complete/completionEngine';
import { decodeBytes } from '../../../src/core/vocabulary';
import type { BenchSplit } from './benchCorpus';

/** Something that suggests at a cursor: the text to insert (or ''), whether it is kept from before, and its estimated acceptance probability. */
export type Suggester = (key: string, before: string) => { text: string; kept: boolean; probability?: number };

export interface TypingFigures {
  chars: number;
  keys: number;
  shown: number;
  accepted: number;
  acceptedChars: number;
  msPerPosition: number;
  savings: number;
  shownPer100: number;
  acceptance: number;
  meanAccepted: number;
}

export interface Bin {
  shown: number;
  accepted: number;
  predicted: number;
}

/** The chunks a word-by-word accept takes, one key each: leading spaces and then a word, or one run of other characters. */
function words(text: string): string[] {
  return text.match(/\s*(?:[\p{L}\p{N}_$]+|[^\s\p{L}\p{N}_$]+)|\s+/gu) ?? [];
}

export function simulate(texts: readonly string[], suggester: Suggester, byWord: boolean, bins?: Bin[]): TypingFigures {
  let chars = 0;
  let keys = 0;
  let shown = 0;
  let accepted = 0;
  let acceptedChars = 0;
  let positions = 0;
  let ms = 0;
  texts.forEach((text, fileIndex) => {
    const key = `held-${fileIndex}`;
    let i = 0;
    while (i < text.length) {
      const started = performance.now();
      const s = suggester(key, text.slice(0, i));
      ms += performance.now() - started;
      positions++;
      const continues = s.text.length > 0 && text.startsWith(s.text, i);
      if (s.text && !s.kept) {
        shown++;
        if (bins && s.probability !== undefined) countInBin(bins, s.probability, continues);
      }
      if (continues) {
        accepted++;
        acceptedChars += s.text.length;
        keys++;
        i += s.text.length;
        continue;
      }
      const byWords = byWord && s.text ? rightWords(text, i, s.text) : { taken: 0, words: 0 };
      if (byWords.taken > byWords.words) {
        keys += byWords.words;
        acceptedChars += byWords.taken;
        i += byWords.taken;
        continue;
      }
      const codePoint = text.codePointAt(i)!;
      i += codePoint > 0xffff ? 2 : 1;
      keys++;
    }
    chars += text.length;
  });
  return {
    chars,
    keys,
    shown,
    accepted,
    acceptedChars,
    msPerPosition: ms / Math.max(1, positions),
    savings: 1 - keys / Math.max(1, chars),
    shownPer100: (100 * shown) / Math.max(1, chars),
    acceptance: accepted / Math.max(1, shown),
    meanAccepted: acceptedChars / Math.max(1, accepted),
  };
}

/** Counts a shown suggestion of estimated acceptance `probability` in its calibration bin. */
function countInBin(bins: Bin[], probability: number, accepted: boolean): void {
  const bin = bins[Math.min(bins.length - 1, Math.floor(probability * bins.length))];
  bin.shown++;
  bin.predicted += probability;
  if (accepted) bin.accepted++;
}

/** The characters and words of `suggestion`, taken word by word while each is right at text[i..]. */
function rightWords(text: string, i: number, suggestion: string): { taken: number; words: number } {
  let taken = 0;
  let count = 0;
  for (const w of words(suggestion)) {
    if (!text.startsWith(w, i + taken)) break;
    taken += w.length;
    count++;
  }
  return { taken, words: count };
}

/** The held-out files, cut so that at most maxChars characters are typed in all. */
export function heldTexts(split: BenchSplit, maxChars: number): string[] {
  const texts: string[] = [];
  let left = maxChars;
  for (const f of split.held) {
    if (left <= 0) break;
    const text = decodeBytes(f.bytes).slice(0, left);
    texts.push(text);
    left -= text.length;
  }
  return texts;
}

/** Recur's engine on a checkpoint read anew (its stack learns as it reads); `dynamicEval` false: the trained head alone. */
export function recurSuggester(
  checkpointFile: string,
  engineOptions: EngineOptions,
  languageIds?: ReadonlyMap<string, string>,
  dynamicEval: Readonly<DynamicEvalOptions> | false = DEFAULT_DYNAMIC_EVAL,
): Suggester {
  const ckpt = readCheckpoint(checkpointFile);
  return engineSuggester(
    new CompletionEngine(new InferenceModel(ckpt.model, ckpt.weights), ckpt.context ? stackFromSection(ckpt.context) : undefined, undefined, undefined, dynamicEval),
    engineOptions,
    languageIds,
  );
}

/** The completion engine as a Suggester (one document per key; `languageIds`: each key's VS Code language id). */
export function engineSuggester(engine: CompletionEngine, engineOptions: EngineOptions, languageIds?: ReadonlyMap<string, string>): Suggester {
  const window = requestChars(engineOptions);
  return (key, before) => {
    const beforeStart = Math.max(0, before.length - window);
    const [best] = engine.complete(key, { before: before.slice(beforeStart), beforeStart, after: '', languageId: languageIds?.get(key) }, engineOptions);
    return best ? { text: best.text, kept: best.typedThrough === true, probability: best.acceptProbability } : { text: '', kept: false };
  };
}
