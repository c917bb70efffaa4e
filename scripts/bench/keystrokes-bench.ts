// npm run bench:keystrokes [-- --minutes M] [--threads N] [--corpus NAME ...] [--train DIR --held DIR]
//   [--from BASE | --checkpoint FILE] [--read-workspace] [--max-chars N] [--min-accept P] [--json]
//
// Keystrokes saved by the ghost text, simulated: a person types each held-out file of a public
// corpus (the split and models of bench:quality: lib/benchCorpus.ts, lib/benchModels.ts; or
// --from BASE or any --checkpoint, or any pair of --train / --held folders) from its first character to its
// last. At every position the provider's own completion path runs (the completion engine with
// its per-document caches, settings as shipped: src/core/complete/); when a suggestion is
// shown and the text really continues with all of it, it is accepted with one key (Tab);
// otherwise one character is typed (a suggestion whose start is typed stays shown, as in VS
// Code). A second figure lets the person also accept a suggestion word by word (one key a
// word, Ctrl+Right), as far as its words are right. The same is simulated for the
// copy-from-workspace baseline (lib/copyCompleter.ts). Printed per corpus, for both:
//   keystroke savings  1 - keys / characters
//   shown / 100 chars  suggestions shown (a new one, not one kept while typed through)
//   acceptance         accepted / shown
//   mean accepted      characters inserted per accepted suggestion
//   ms / position      time of the engine's call per position typed
// and, for Recur, the calibration table: per bin of the estimated acceptance probability,
// how often the suggestions shown were accepted. --max-chars N (default 12,000) types only
// the first N characters of the held-out files. With --json the last line is one JSON object.
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from '../../src/core/complete/completionEngine';
import { decodeBytes } from '../../src/core/model/vocabulary';
import type { BenchSplit } from './lib/benchCorpus';
import { benchArgs, chosenSplits } from './lib/benchArgs';
import { benchModel, describeModels } from './lib/benchModels';
import { CopyCompleter } from './lib/copyCompleter';
import { type Bin, heldTexts, recurSuggester, simulate, type Suggester, type TypingFigures } from './lib/typing';

const args = benchArgs();
const { json, option, log } = args;
const maxChars = Number(option('--max-chars') ?? 12000);
const engineOptions: EngineOptions = { ...DEFAULT_ENGINE_OPTIONS, ...(option('--min-accept') ? { minAcceptProbability: Number(option('--min-accept')) } : {}) };

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

async function measure(split: BenchSplit): Promise<Record<string, unknown>> {
  const texts = heldTexts(split, maxChars);
  const typed = texts.reduce((n, t) => n + t.length, 0);
  log(`\n${split.name}: typing ${texts.length} held-out file(s), ${typed} characters`);
  const { checkpoint } = await benchModel(split, args);
  const bins: Bin[] = Array.from({ length: 10 }, () => ({ shown: 0, accepted: 0, predicted: 0 }));
  const recur = simulate(texts, recurSuggester(checkpoint, engineOptions), false, bins);
  const recurWords = simulate(texts, recurSuggester(checkpoint, engineOptions), true);
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
  log(`bench:keystrokes: suggestions as shipped (minAcceptProbability ${engineOptions.minAcceptProbability}, maxLines ${engineOptions.maxLines}); ${describeModels(args)}`);
  const reports = [];
  for (const split of splits) reports.push(await measure(split));
  if (json) console.log(JSON.stringify({ models: describeModels(args), maxChars, minAcceptProbability: engineOptions.minAcceptProbability, corpora: reports }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
