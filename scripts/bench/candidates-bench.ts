// npm run bench:candidates [-- --corpus NAME ...] [--checkpoint FILE | --from BASE] [--read-workspace]
//   [--positions N] [--temperature T] [--seed S] [--json]
//
// The candidates an explicit request offers (Alt+\, then Alt+] through them), measured on the
// held-out files of the benchmark corpora: at N positions chosen by a hash (default 400,
// spread over the files), a person who has typed the file up to there asks for suggestions;
// is the right text (one the file continues with) among the candidates shown, and how many
// keystrokes does taking the best right one save (its characters less one, less one
// Alt+] per candidate before it)? Two ways to make the candidates, in the same run with the
// same model (each with its own completion engine, reading the same text):
//   firstCharacter   the search from each of the most likely first characters (before)
//   sample           the search's best, then continuations sampled from the stack
//                    (src/core/complete/sampledCandidates.ts) ranked by expected saving
// and the copy-from-workspace baseline's one suggestion. Printed per corpus: positions with
// the right text among the candidates (hit), with it first, keystrokes saved per position,
// candidates shown per position.
import { readCheckpoint } from '../../src/core/model/checkpoint';
import { InferenceModel } from '../../src/core/infer/inferenceModel';
import { stackFromSection } from '../../src/core/predict/stackState';
import { CompletionEngine, DEFAULT_ENGINE_OPTIONS, type EngineOptions, requestChars } from '../../src/core/complete/completionEngine';
import { fnv1a } from '../../src/core/corpus/split';
import { languageIdForPath } from '../../src/core/editing/languageRules';
import { decodeBytes } from '../../src/core/vocabulary';
import type { BenchSplit } from './lib/benchCorpus';
import { benchArgs, chosenSplits } from './lib/benchArgs';
import { benchModel, describeModels } from './lib/benchModels';
import { CopyCompleter } from './lib/copyCompleter';

const args = benchArgs();
const { json, option, log } = args;
const positionsWanted = Number(option('--positions') ?? 400);
const baseOptions: EngineOptions = {
  ...DEFAULT_ENGINE_OPTIONS,
  ...(option('--temperature') ? { sampleTemperature: Number(option('--temperature')) } : {}),
  ...(option('--seed') ? { sampleSeed: Number(option('--seed')) } : {}),
};

interface Position {
  file: number;
  at: number;
}

interface Figures {
  positions: number;
  hits: number;
  hitsFirst: number;
  saved: number;
  shown: number;
  hitRate: number;
  firstRate: number;
  savedPerPosition: number;
  shownPerPosition: number;
}

function tally(): Figures {
  return { positions: 0, hits: 0, hitsFirst: 0, saved: 0, shown: 0, hitRate: 0, firstRate: 0, savedPerPosition: 0, shownPerPosition: 0 };
}

/** Adds one position's candidates (in the order shown) against the text that follows. */
function count(f: Figures, candidates: readonly string[], rest: string): void {
  f.positions++;
  f.shown += candidates.length;
  let best = 0;
  candidates.forEach((c, rank) => {
    if (!c || !rest.startsWith(c)) return;
    if (rank === 0) f.hitsFirst++;
    best = Math.max(best, Array.from(c).length - 1 - rank);
  });
  if (candidates.some((c) => c && rest.startsWith(c))) f.hits++;
  f.saved += best;
}

function finish(f: Figures): Figures {
  const n = Math.max(1, f.positions);
  return { ...f, hitRate: f.hits / n, firstRate: f.hitsFirst / n, savedPerPosition: f.saved / n, shownPerPosition: f.shown / n };
}

/** Positions in the held-out files, by a hash, in file order; not at a file's first character. */
function positionsOf(texts: readonly string[]): Position[] {
  const all: (Position & { order: number })[] = [];
  texts.forEach((text, file) => {
    for (let at = 1; at < text.length; at++) all.push({ file, at, order: fnv1a(`${file}:${at}`) });
  });
  all.sort((a, b) => a.order - b.order);
  return all.slice(0, positionsWanted).sort((a, b) => a.file - b.file || a.at - b.at);
}

function engineFor(checkpointFile: string): CompletionEngine {
  const ckpt = readCheckpoint(checkpointFile);
  return new CompletionEngine(new InferenceModel(ckpt.model, ckpt.weights), ckpt.context ? stackFromSection(ckpt.context) : undefined);
}

function row(name: string, f: Figures): string {
  return `  ${name.padEnd(16)} right text shown ${(100 * f.hitRate).toFixed(1).padStart(5)}%   first ${(100 * f.firstRate).toFixed(1).padStart(5)}%   saved/position ${f.savedPerPosition.toFixed(2).padStart(5)}   candidates/position ${f.shownPerPosition.toFixed(2)}`;
}

async function measure(split: BenchSplit): Promise<Record<string, unknown>> {
  const texts = split.held.map((f) => decodeBytes(f.bytes));
  const languages = split.held.map((f) => languageIdForPath(f.relativePath));
  const positions = positionsOf(texts);
  log(`\n${split.name}: ${positions.length} positions in ${texts.length} held-out file(s)`);
  const { checkpoint } = await benchModel(split, args);
  const methods = { firstCharacter: tally(), sample: tally() };
  const engines = { firstCharacter: engineFor(checkpoint), sample: engineFor(checkpoint) };
  const copy = tally();
  const completer = new CopyCompleter(split.train.map((f) => decodeBytes(f.bytes)));
  const window = requestChars(baseOptions);
  let lastFile = -1;
  let copyDocument = completer.forDocument();
  for (const { file, at } of positions) {
    if (file !== lastFile) copyDocument = completer.forDocument();
    lastFile = file;
    const text = texts[file];
    const before = text.slice(0, at);
    const rest = text.slice(at);
    const beforeStart = Math.max(0, at - window);
    const request = { before: before.slice(beforeStart), beforeStart, after: '', languageId: languages[file] };
    for (const method of ['firstCharacter', 'sample'] as const) {
      const found = engines[method].complete(`held-${file}`, request, { ...baseOptions, candidateSource: method }, true);
      count(
        methods[method],
        found.map((s) => s.text),
        rest,
      );
    }
    const suggestion = copyDocument(before);
    count(copy, suggestion ? [suggestion] : [], rest);
  }
  const report = { firstCharacter: finish(methods.firstCharacter), sample: finish(methods.sample), copy: finish(copy) };
  log(row('first characters', report.firstCharacter));
  log(row('sampled', report.sample));
  log(row('copy baseline', report.copy));
  return { corpus: split.name, checkpoint, ...report };
}

async function main(): Promise<void> {
  const splits = await chosenSplits(args);
  log(
    `bench:candidates: ${baseOptions.candidates} candidates, ${baseOptions.samples} samples at temperature ${baseOptions.sampleTemperature} (seed ${baseOptions.sampleSeed}); ${describeModels(args)}`,
  );
  const reports = [];
  for (const split of splits) reports.push(await measure(split));
  if (json) console.log(JSON.stringify({ models: describeModels(args), positions: positionsWanted, temperature: baseOptions.sampleTemperature, corpora: reports }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
