// npm run bench:keystrokes [-- --mode append|edit] [--minutes M] [--threads N] [--corpus NAME ...]
//   [--train DIR --held DIR] [--from BASE | --checkpoint FILE] [--read-workspace] [--max-chars N]
//   [--min-accept P] [--max-lines N] [--mid-line join|any|never] [--dynamic-eval off|on|unguarded|both] [--json]
//
// Keystrokes saved by the ghost text, simulated on the held-out files of public corpora (the
// split and models of bench:quality: lib/benchCorpus.ts, lib/benchModels.ts; or --from BASE
// or any --checkpoint, or any pair of --train / --held folders), for Recur (the provider's
// own completion path: the completion engine with its per-document caches, settings as
// shipped, src/core/complete/) and for the copy-from-workspace baseline (lib/copyCompleter.ts).
// --from BASE with --read-workspace measures two models in one run, as bench:quality does:
// BASE read-only (its context models read the training files, as the editor's base model
// reads a workspace) and BASE fine-tuned on the training files ("Train on Workspace").
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
// characters (default: all). --dynamic-eval (lib/dynamicEvalArg.ts; default on, as the
// editor): Recur with the trained output layer, with each document's layer learning the text
// before the cursor, or (both) one after the other, each on a fresh engine, in one run.
// With --json the last line is one JSON object.
import { performance } from 'node:perf_hooks';
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from '../../src/core/complete/completionEngine';
import { decodeBytes } from '../../src/core/vocabulary';
import type { BenchSplit } from './lib/benchCorpus';
import { benchArgs, chosenSplits } from './lib/benchArgs';
import { benchModels, describeModels } from './lib/benchModels';
import { CopyCompleter } from './lib/copyCompleter';
import { type Bin, heldTexts, recurSuggester, simulate, type Suggester, type TypingFigures } from './lib/typing';
import { type EditFigures, type MeasuredEngine, measureEdit } from './lib/editBench';
import { languageIdForPath } from '../../src/core/editing/languageRules';
import { dynamicEvalVariants } from './lib/dynamicEvalArg';

const args = benchArgs();
const { json, option, log } = args;
const heads = dynamicEvalVariants(args);
/** "Recur" with one engine measured, "Recur, <its label>" with several. */
const recurName = (label: string) => (label ? `Recur, ${label}` : 'Recur');

/** The engines measured on a split: each model (the fine-tuned vs read-only comparison gives two) with each output layer. */
async function enginesFor(split: BenchSplit): Promise<MeasuredEngine[]> {
  const models = await benchModels(split, args);
  return models.flatMap(({ label, model }) =>
    heads.map((head) => ({ label: [label, heads.length > 1 ? head.label : ''].filter(Boolean).join(', '), checkpoint: model.checkpoint, dynamicEval: head.options })),
  );
}
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
  const engines = await enginesFor(split);
  const started = performance.now();
  const report = measureEdit(split, engineOptions, maxChars, log, engines);
  for (const { label, figures } of report.recurs) log(editRow(`${recurName(label)} (Tab)`, figures));
  log(editRow('copy baseline (Tab)', report.copy));
  const kinds = (f: EditFigures) =>
    Object.entries(f.byRight)
      .map(([kind, k]) => `${kind} ${k.shown} shown, ${k.accepted} accepted, ${k.acceptedChars} chars`)
      .join('; ');
  log(`  by the rest of the line (Recur): ${kinds(report.recur)}`);
  log(`  savings ratio Recur / copy: ${(report.recur.savings / report.copy.savings).toFixed(2)}; ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return {
    corpus: split.name,
    checkpoint: engines[engines.length - 1].checkpoint,
    typedChars: report.recur.chars,
    spans: report.spans,
    recur: report.recur,
    recurs: report.recurs,
    copy: report.copy,
    ratio: report.recur.savings / report.copy.savings,
  };
}

async function measure(split: BenchSplit): Promise<Record<string, unknown>> {
  if (mode === 'edit') return measureEditing(split);
  const texts = heldTexts(split, maxChars);
  const languageIds = new Map(split.held.map((f, i) => [`held-${i}`, languageIdForPath(f.relativePath)]));
  const typed = texts.reduce((n, t) => n + t.length, 0);
  log(`\n${split.name}: typing ${texts.length} held-out file(s), ${typed} characters`);
  const engines = await enginesFor(split);
  let bins: Bin[] = [];
  const recurs = engines.map(({ label, checkpoint, dynamicEval }) => {
    bins = Array.from({ length: 10 }, () => ({ shown: 0, accepted: 0, predicted: 0 }));
    const tab = simulate(texts, recurSuggester(checkpoint, engineOptions, languageIds, dynamicEval ?? false), false, bins);
    const words = simulate(texts, recurSuggester(checkpoint, engineOptions, languageIds, dynamicEval ?? false), true);
    log(row(`${recurName(label)} (Tab)`, tab));
    log(row(`${recurName(label)} (Tab or word)`, words));
    return { label, tab, words };
  });
  const { tab: recur, words: recurWords } = recurs[recurs.length - 1];
  const copy = simulate(texts, copySuggester(split), false);
  const copyWords = simulate(texts, copySuggester(split), true);
  log(row('copy baseline (Tab)', copy));
  log(row('copy (Tab or word)', copyWords));
  log(`  savings ratio Recur / copy: ${(recur.savings / copy.savings).toFixed(2)} (Tab), ${(recurWords.savings / copyWords.savings).toFixed(2)} (Tab or word)`);
  log(`  calibration (${recurName(recurs[recurs.length - 1].label)}, Tab): estimated acceptance probability -> how often accepted`);
  for (const [k, b] of bins.entries())
    if (b.shown)
      log(
        `    [${(k / 10).toFixed(1)}, ${((k + 1) / 10).toFixed(1)})  ${String(b.shown).padStart(5)} shown   predicted ${(b.predicted / b.shown).toFixed(3)}   accepted ${(b.accepted / b.shown).toFixed(3)}`,
      );
  return {
    corpus: split.name,
    checkpoint: engines[engines.length - 1].checkpoint,
    typedChars: typed,
    recur,
    recurWords,
    recurs,
    copy,
    copyWords,
    ratio: recur.savings / copy.savings,
    ratioWords: recurWords.savings / copyWords.savings,
    calibration: bins,
  };
}

async function main(): Promise<void> {
  const splits = await chosenSplits(args);
  log(
    `bench:keystrokes (${mode} mode): suggestions (minAcceptProbability ${engineOptions.minAcceptProbability}, maxLines ${engineOptions.maxLines}, midLine ${engineOptions.midLine}); ${describeModels(args)}`,
  );
  const reports = [];
  for (const split of splits) reports.push(await measure(split));
  if (json) console.log(JSON.stringify({ mode, models: describeModels(args), maxChars, minAcceptProbability: engineOptions.minAcceptProbability, corpora: reports }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
