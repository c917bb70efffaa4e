// npm run bench:monorepo [-- --corpus NAME] [--max-chars N] [--libs-mb N] [--json]
//
// The workspace index on a project alone and on the same project inside a monorepo
// (lib/monorepo.ts: the project under web/, beside libs/ with the JavaScript and TypeScript
// files of this repository's node_modules, the first --libs-mb MB of them in directory order
// when given), one run, same held-out files:
//   files read     what the index holds (files, MB) after its full build
//   index time     CPU seconds of the index job (the editor's: dist/worker.js, one thread,
//                  lowered priority; the wall time beside it depends on the machine's load)
//   peak memory    the index job's peak resident set (its own maxRSS)
//   keystrokes     a person types the project's held-out files (the first --max-chars, default
//                  30,000) with the base model and that index (lib/typing.ts, as bench:keystrokes):
//                  keystrokes saved and acceptance (accepted / shown), and the bare base model's
// The editor's focus is the held-out files (they are the files open while they are typed).
// Also printed: when the index job's first index (the most relevant files, read first) was
// saved, and the time a second job takes on the unchanged workspace with the saved index (a
// reopened window: only changed files are read). With --json the last line is one JSON object.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCheckpoint } from '../../src/core/model/checkpoint';
import { InferenceModel } from '../../src/core/infer/inferenceModel';
import { stackFromSection } from '../../src/core/predict/stackState';
import { CompletionEngine, DEFAULT_ENGINE_OPTIONS } from '../../src/core/complete/completionEngine';
import { CORPUS_OPTIONS, corpusOptionsFrom } from '../../src/core/corpus';
import { defaultsOf } from '../../src/core/options';
import { DEFAULT_CONTEXT_MEMORY_MB } from '../../src/core/predict/stackConfig';
import { readIndex } from '../../src/core/index/indexFile';
import { benchArgs } from './lib/benchArgs';
import { type BenchSplit, benchSplit } from './lib/benchCorpus';
import { benchWorkspaces } from './lib/monorepo';
import { indexedMessages, runIndexProcess } from './lib/indexProcess';
import { engineSuggester, heldTexts, simulate, type TypingFigures } from './lib/typing';

const args = benchArgs();
const { json, option, log } = args;
const maxChars = Number(option('--max-chars') ?? 30000);
const libsMB = option('--libs-mb') === undefined ? undefined : Number(option('--libs-mb'));
const repo = path.resolve(__dirname, '..', '..');
const baseModel = path.join(repo, 'models', 'base.recur');
// Per checkout: two checkouts running the bench at once must not overwrite each other's index.
const scratch = path.join(process.env.RECUR_CACHE_DIR || path.join(os.homedir(), '.cache', 'recur'), 'bench', 'monorepo-runs', createHash('sha256').update(repo).digest('hex').slice(0, 12));

export interface WorkspaceRow {
  workspace: string;
  files: number;
  bytes: number;
  cpuSeconds: number;
  wallSeconds: number;
  peakRssBytes: number;
  firstIndexSeconds: number | undefined;
  /** The job's CPU seconds when it had saved the first index. */
  firstIndexCpuSeconds: number | undefined;
  /** The same job again on the unchanged workspace, with the saved index: wall seconds, files read. */
  reopenSeconds: number;
  reopenFilesRead: number | undefined;
  typing: TypingFigures;
}

async function measureWorkspace(name: string, root: string, projectFolder: string, split: BenchSplit, texts: string[]): Promise<WorkspaceRow> {
  mkdirSync(scratch, { recursive: true });
  const out = path.join(scratch, `${name}-index.recur`);
  rmSync(out, { force: true });
  const focus = split.held.map((f) => path.join(root, projectFolder, f.relativePath));
  const corpus = corpusOptionsFrom({ ...defaultsOf(CORPUS_OPTIONS), excludeGlobs: [] });
  log(`  ${name}: the index job on ${root}...`);
  const run = await runIndexProcess({ baseModel, out, roots: [root], corpus, contextMemoryMB: DEFAULT_CONTEXT_MEMORY_MB, focus });
  const indexed = indexedMessages(run);
  const full = indexed.find((m) => m.message.phase === 'full')?.message;
  if (run.exitCode !== 0 || !full || !existsSync(out)) throw new Error(`the index job on ${root} failed: ${JSON.stringify(run.messages.filter((m) => m.message.type === 'error'))}`);
  const first = indexed.find((m) => m.message.phase === 'first');
  const base = readCheckpoint(baseModel);
  const engine = new CompletionEngine(new InferenceModel(base.model, base.weights), stackFromSection(readIndex(out).stack));
  const typing = simulate(texts, engineSuggester(engine, DEFAULT_ENGINE_OPTIONS), false);
  log(`  ${name}: the index job again, the saved index reused...`);
  const again = await runIndexProcess({ baseModel, out, roots: [root], corpus, contextMemoryMB: DEFAULT_CONTEXT_MEMORY_MB, focus });
  const reopened = indexedMessages(again).at(-1)?.message;
  return {
    workspace: name,
    files: full.files,
    bytes: full.bytes,
    cpuSeconds: full.cpuSeconds ?? NaN,
    wallSeconds: full.seconds,
    peakRssBytes: full.peakRssBytes ?? NaN,
    firstIndexSeconds: first?.message.seconds,
    firstIndexCpuSeconds: first?.message.cpuSeconds,
    reopenSeconds: reopened?.seconds ?? NaN,
    reopenFilesRead: reopened?.filesRead,
    typing,
  };
}

function bareBase(texts: string[]): TypingFigures {
  const base = readCheckpoint(baseModel);
  return simulate(texts, engineSuggester(new CompletionEngine(new InferenceModel(base.model, base.weights), stackFromSection(base.context!)), DEFAULT_ENGINE_OPTIONS), false);
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function printRow(row: WorkspaceRow): void {
  log(
    `  ${row.workspace.padEnd(10)} ${String(row.files).padStart(6)} files (${mb(row.bytes)} MB)   index ${row.cpuSeconds.toFixed(1)} s CPU (${row.wallSeconds.toFixed(1)} s wall; first index saved at ${row.firstIndexSeconds?.toFixed(1) ?? '-'} s, ${row.firstIndexCpuSeconds?.toFixed(1) ?? '-'} s CPU; reopened ${row.reopenSeconds.toFixed(1)} s, ${row.reopenFilesRead ?? '-'} files read)   peak ${(row.peakRssBytes / 2 ** 30).toFixed(2)} GB   saved ${pct(row.typing.savings)}   acceptance ${pct(row.typing.acceptance)}   shown/100 ${row.typing.shownPer100.toFixed(2)}`,
  );
}

async function main(): Promise<void> {
  const split = await benchSplit(option('--corpus') ?? 'js-web-framework');
  const ws = await benchWorkspaces(split, log, libsMB);
  const texts = heldTexts(split, maxChars);
  log(
    `bench:monorepo: ${split.name}, ${split.train.length} training files; monorepo libs/ ${ws.libraryFiles} files (${mb(ws.libraryBytes)} MB); typing ${texts.length} held-out file(s), ${texts.reduce((n, t) => n + t.length, 0)} characters; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
  );
  const alone = await measureWorkspace('alone', ws.alone, '', split, texts);
  printRow(alone);
  const monorepo = await measureWorkspace('monorepo', ws.monorepo, ws.projectFolder, split, texts);
  printRow(monorepo);
  const bare = bareBase(texts);
  log(`  bare base model (no index): saved ${pct(bare.savings)}, acceptance ${pct(bare.acceptance)}`);
  log(
    `  monorepo / alone: keystrokes saved ${(monorepo.typing.savings / alone.typing.savings).toFixed(3)} (goal >= 0.97), acceptance ${(100 * (monorepo.typing.acceptance - alone.typing.acceptance)).toFixed(1)} points (goal within 2), index memory ${(monorepo.peakRssBytes / 2 ** 30).toFixed(2)} GB (goal <= 0.5)`,
  );
  if (json) console.log(JSON.stringify({ corpus: split.name, maxChars, libraryFiles: ws.libraryFiles, libraryBytes: ws.libraryBytes, alone, monorepo, bare, loadAverage: os.loadavg() }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
