// npm run bench:keystrokes [-- --mode append|edit] [--minutes M] [--threads N] [--corpus NAME ...]
//   [--train DIR --held DIR] [--from BASE | --checkpoint FILE] [--read-workspace] [--max-chars N]
//   [--min-accept P] [--max-lines N] [--mid-line join|any|never] [--json]
//
// Keystrokes saved by the ghost text, simulated on the held-out files of public corpora (the
// split and models of bench:quality: lib/benchCorpus.ts, lib/benchModels.ts; or --from BASE
// or any --checkpoint, or any pair of --train / --held folders), for Recur (the provider's
// own completion path: the completion engine with its per-document caches, settings as
// shipped, src/core/complete/) and for the copy-from-workspace baseline (lib/copyCompleter.ts).
//
// --mode append (the default): a person types each held-out file from its first character to
// its last, with nothing after the cursor. When a suggestion is shown and the text really
// continues with all of it, it is accepted with one key (Tab); otherwise one character is
// typed (a suggestion whose start is typed stays shown, as in VS Code). A second figure lets
// the person also accept a suggestion word by word (one key a word, Ctrl+Right), as far as
// its words are right. --max-chars N (default 12,000) types only the first N characters.
// Printed per corpus, for both:
//   keystroke savings  1 - keys / characters
//   shown / 100 chars  suggestions shown (a new one, not one kept while typed through)
//   acceptance         accepted / shown
//   mean accepted      characters inserted per accepted suggestion
//   ms / position      time of the engine's call per position typed
// and, for Recur, the calibration table: per bin of the estimated acceptance probability,
// how often the suggestions shown were accepted.
//
// --mode edit (lib/editBench.ts): spans cut out of the held-out files by a hash are retyped
// with the rest of the file before and after the cursor, in a simulation of VS Code's editor
// (src/core/editing/: auto-closing, overtyping, auto-indentation), each suggestion applied as
// VS Code applies an inline item (insert text and range) and accepted only when the document
// stays on the way to the file. Savings are then the share of the keys the person needs in
// that editor without suggestions; duplicating accepts, suggestions that matched what comes
// next but would leave the document off the way, are counted. --max-chars N: spans up to N
// characters (default: all). With --json the last line is one JSON object.
import { performance } from 'node:perf_hooks';
import { readCheckpoint } from '../../src/core/model/checkpoint';
import { InferenceModel } from '../../src/core/infer/inferenceModel';
import { stackFromSection } from '../../src/core/predict/stackState';
import { CompletionEngine, DEFAULT_ENGINE_OPTIONS, type EngineOptions, requestChars } from '../../src/core/complete/completionEngine';
import { decodeBytes } from '../../src/core/model/vocabulary';
import type { BenchSplit } from './lib/benchCorpus';
import { benchArgs, chosenSplits } from './lib/benchArgs';
import { benchModel, describeModels } from './lib/benchModels';
import { CopyCompleter } from './lib/copyCompleter';
import { type EditFigures, measureEdit } from './lib/editBench';
import { languageIdForPath } from '../../src/core/editing/languageRules';

const args = benchArgs();
const { json, option, log } = args;
const mode = option('--mode') ?? 'append';
// Append mode types the first 12,000 characters by default; edit mode every span.
const maxChars = Number(option('--max-chars') ?? (mode === 'edit' ? Infinity : 12000));
if (mode !== 'append' && mode !== 'edit') throw new Error(`--mode is append or edit, not "${mode}"`);
const engineOptions: EngineOptions = {
  ...DEFAULT_ENGINE_OPTIONS,
  ...(option('--min-accept') ? { minAcceptProbability: Number(option('--min-accept')) } : {}),
  ...(option('--max-lines') ? { maxLines: Number(option('--max-lines')) } : {}),
  ...(option('--mid-line') ? { midLine: option('--mid-line') as EngineOptions['midLine'] } : {}),
};

/** Something that suggests at a cursor: the text to insert (or ''), whether it is kept from before, and its estimated acceptance probability. */
type Suggester = (key: string, before: string) => { text: string; kept: boolean; probability?: number };

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

interface Bin {
  shown: number;
  accepted: number;
  predicted: number;
}

/** The chunks a word-by-word accept takes, one key each: leading spaces and then a word, or one run of other characters. */
function words(text: string): string[] {
  return text.match(/\s*(?:[\p{L}\p{N}_$]+|[^\s\p{L}\p{N}_$]+)|\s+/gu) ?? [];
}

function simulate(texts: readonly string[], suggester: Suggester, byWord: boolean, bins?: Bin[]): TypingFigures {
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
        if (bins && s.probability !== undefined) {
          const bin = bins[Math.min(bins.length - 1, Math.floor(s.probability * bins.length))];
          bin.shown++;
          bin.predicted += s.probability;
          if (continues) bin.accepted++;
        }
      }
      if (continues) {
        accepted++;
        acceptedChars += s.text.length;
        keys++;
        i += s.text.length;
        continue;
      }
      if (byWord && s.text) {
        let taken = 0;
        let words_ = 0;
        for (const w of words(s.text)) {
          if (!text.startsWith(w, i + taken)) break;
          taken += w.length;
          words_++;
        }
        if (taken > words_) {
          keys += words_;
          acceptedChars += taken;
          i += taken;
          continue;
        }
      }
      const codePoint = text.codePointAt(i)!;
      i += codePoint > 0xffff ? 2 : 1;
      keys++;
    }
    chars += text.length;
  });
  return { chars, keys, shown, accepted, acceptedChars, msPerPosition: ms / Math.max(1, positions), savings: 1 - keys / Math.max(1, chars), shownPer100: (100 * shown) / Math.max(1, chars), acceptance: accepted / Math.max(1, shown), meanAccepted: acceptedChars / Math.max(1, accepted) };
}

/** The held-out files, cut so that at most maxChars characters are typed in all. */
function heldTexts(split: BenchSplit): string[] {
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

/** The held-out files' VS Code language ids, by the key they are typed under (`held-<index>`). */
let languageIds = new Map<string, string>();

function recurSuggester(checkpointFile: string): Suggester {
  const ckpt = readCheckpoint(checkpointFile);
  const engine = new CompletionEngine(new InferenceModel(ckpt.model, ckpt.weights), ckpt.context ? stackFromSection(ckpt.context) : undefined);
  const window = requestChars(engineOptions);
  return (key, before) => {
    const beforeStart = Math.max(0, before.length - window);
    const [best] = engine.complete(key, { before: before.slice(beforeStart), beforeStart, after: '', languageId: languageIds.get(key) }, engineOptions);
    return best ? { text: best.text, kept: best.typedThrough === true, probability: best.acceptProbability } : { text: '', kept: false };
  };
}

function copySuggester(split: BenchSplit): Suggester {
  const completer = new CopyCompleter(split.train.map((f) => decodeBytes(f.bytes)));
  const documents = new Map<string, (before: string) => string>();
  let last = { key: '', at: -1, text: '' };
  return (key, before) => {
    let forDocument = documents.get(key);
    if (!forDocument) documents.set(key, (forDocument = completer.forDocument()));
    // Typing through a shown suggestion keeps it, as VS Code does.
    if (last.key === key && last.text && before.length > last.at) {
      const typed = before.slice(last.at);
      if (last.text.startsWith(typed) && typed.length < last.text.length) return { text: last.text.slice(typed.length), kept: true };
    }
    const text = forDocument(before);
    last = { key, at: before.length, text };
    return { text, kept: false };
  };
}

function row(name: string, f: TypingFigures): string {
  return `  ${name.padEnd(22)} savings ${(100 * f.savings).toFixed(1).padStart(5)}%   shown/100 ${f.shownPer100.toFixed(2).padStart(5)}   acceptance ${(100 * f.acceptance).toFixed(1).padStart(5)}%   mean accepted ${f.meanAccepted.toFixed(1).padStart(5)}   ${f.msPerPosition.toFixed(2)} ms/position`;
}

function editRow(name: string, f: EditFigures): string {
  return `  ${name.padEnd(22)} savings ${(100 * f.savings).toFixed(1).padStart(5)}%   shown/100 ${f.shownPer100.toFixed(2).padStart(5)}   acceptance ${(100 * f.acceptance).toFixed(1).padStart(5)}%   mean accepted ${f.meanAccepted.toFixed(1).padStart(5)}   duplicating ${String(f.duplicatingAccepts).padStart(4)}   ${f.msPerPosition.toFixed(2)} ms/position`;
}

async function measureEditing(split: BenchSplit): Promise<Record<string, unknown>> {
  log(`\n${split.name}: retyping spans of ${split.held.length} held-out file(s)${Number.isFinite(maxChars) ? `, up to ${maxChars} characters` : ''}`);
  const { checkpoint } = await benchModel(split, args);
  const started = performance.now();
  const report = measureEdit(split, checkpoint, engineOptions, maxChars, log);
  log(editRow('Recur (Tab)', report.recur));
  log(editRow('copy baseline (Tab)', report.copy));
  const kinds = (f: EditFigures) => Object.entries(f.byRight).map(([kind, k]) => `${kind} ${k.shown} shown, ${k.accepted} accepted, ${k.acceptedChars} chars`).join('; ');
  log(`  by the rest of the line (Recur): ${kinds(report.recur)}`);
  log(`  savings ratio Recur / copy: ${(report.recur.savings / report.copy.savings).toFixed(2)}; ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { corpus: split.name, checkpoint, typedChars: report.recur.chars, spans: report.spans, recur: report.recur, copy: report.copy, ratio: report.recur.savings / report.copy.savings };
}

async function measure(split: BenchSplit): Promise<Record<string, unknown>> {
  if (mode === 'edit') return measureEditing(split);
  const texts = heldTexts(split);
  languageIds = new Map(split.held.map((f, i) => [`held-${i}`, languageIdForPath(f.relativePath)]));
  const typed = texts.reduce((n, t) => n + t.length, 0);
  log(`\n${split.name}: typing ${texts.length} held-out file(s), ${typed} characters`);
  const { checkpoint } = await benchModel(split, args);
  const bins: Bin[] = Array.from({ length: 10 }, () => ({ shown: 0, accepted: 0, predicted: 0 }));
  const recur = simulate(texts, recurSuggester(checkpoint), false, bins);
  const recurWords = simulate(texts, recurSuggester(checkpoint), true);
  const copy = simulate(texts, copySuggester(split), false);
  const copyWords = simulate(texts, copySuggester(split), true);
  log(row('Recur (Tab)', recur));
  log(row('Recur (Tab or word)', recurWords));
  log(row('copy baseline (Tab)', copy));
  log(row('copy (Tab or word)', copyWords));
  log(`  savings ratio Recur / copy: ${(recur.savings / copy.savings).toFixed(2)} (Tab), ${(recurWords.savings / copyWords.savings).toFixed(2)} (Tab or word)`);
  log('  calibration (Recur, Tab): estimated acceptance probability -> how often accepted');
  for (const [k, b] of bins.entries()) if (b.shown) log(`    [${(k / 10).toFixed(1)}, ${((k + 1) / 10).toFixed(1)})  ${String(b.shown).padStart(5)} shown   predicted ${(b.predicted / b.shown).toFixed(3)}   accepted ${(b.accepted / b.shown).toFixed(3)}`);
  return { corpus: split.name, checkpoint, typedChars: typed, recur, recurWords, copy, copyWords, ratio: recur.savings / copy.savings, ratioWords: recurWords.savings / copyWords.savings, calibration: bins };
}

async function main(): Promise<void> {
  const splits = await chosenSplits(args);
  log(`bench:keystrokes (${mode} mode): suggestions (minAcceptProbability ${engineOptions.minAcceptProbability}, maxLines ${engineOptions.maxLines}, midLine ${engineOptions.midLine}); ${describeModels(args)}`);
  const reports = [];
  for (const split of splits) reports.push(await measure(split));
  if (json) console.log(JSON.stringify({ mode, models: describeModels(args), maxChars, minAcceptProbability: engineOptions.minAcceptProbability, corpora: reports }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
