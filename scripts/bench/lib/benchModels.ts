// Models the benchmarks train: a split's training files, trained with `recur train` (the
// CLI: the same corpus rules, trainer, context models and checkpoint as the extension) for a
// budget of minutes at a number of threads, as a user's "Train on Workspace" would, from
// scratch or from a base model. Kept in ${RECUR_CACHE_DIR:-~/.cache/recur}/bench-models/ so
// bench:quality and bench:keystrokes use the same models; --retrain trains again.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpuSeconds, indexSpeedLine, paq8pxMicrosPerByte } from './indexSpeed';
import type { BenchArgs } from './benchArgs';
import { type BenchSplit, writeWorkspace } from './benchCorpus';
import { readCheckpoint, writeCheckpointAtomic } from '../../../src/core/model/checkpoint';
import { indexFolders } from './benchIndex';
import { WEIGHING_SHARE, type WeighingShare, WHOLE_STACK } from '../../../src/core/index/weighedFiles';

const repo = path.resolve(__dirname, '..', '..', '..');
const cacheRoot = process.env.RECUR_CACHE_DIR || path.join(os.homedir(), '.cache', 'recur');

export interface TrainPlan {
  minutes: number;
  /** A step budget instead of minutes (`recur train --steps`): the same work on a loaded machine as on a quiet one. */
  steps?: number;
  threads: number;
  /** Start from this checkpoint (a base model) instead of from scratch. */
  from?: string;
  retrain?: boolean;
  /** Extra `recur train` flags. */
  flags?: string[];
}

export interface TrainedModel {
  checkpoint: string;
  /** What `recur train --json` reported (steps, chars/s, validation figures). */
  report: Record<string, unknown>;
}

/** A key for (split, plan): the training files' contents and the plan decide the model. */
function modelKey(split: BenchSplit, plan: TrainPlan): string {
  const hash = createHash('sha256');
  for (const f of split.train) hash.update(f.relativePath).update(f.bytes);
  hash.update(
    JSON.stringify({
      minutes: plan.minutes,
      ...(plan.steps ? { steps: plan.steps } : {}),
      threads: plan.threads,
      from: plan.from ? createHash('sha256').update(readFileSync(plan.from)).digest('hex') : null,
      flags: plan.flags ?? [],
    }),
  );
  return hash.digest('hex').slice(0, 12);
}

export async function trainedModel(split: BenchSplit, plan: TrainPlan, log: (line: string) => void): Promise<TrainedModel> {
  const dir = path.join(cacheRoot, 'bench-models', `${split.name.replace(/[^\w.-]+/g, '_')}-${plan.from ? 'base' : 'scratch'}-${budgetOf(plan)}-${plan.threads}t-${modelKey(split, plan)}`);
  const checkpoint = path.join(dir, 'model.recur');
  const reportFile = path.join(dir, 'report.json');
  if (!plan.retrain && existsSync(checkpoint) && existsSync(reportFile)) {
    log(`  model: ${checkpoint} (trained before; --retrain to train again)`);
    return { checkpoint, report: JSON.parse(readFileSync(reportFile, 'utf8')) as Record<string, unknown> };
  }
  mkdirSync(dir, { recursive: true });
  const workspace = path.join(dir, 'workspace');
  writeWorkspace(workspace, split.train);
  log(`  training ${plan.steps ? `${plan.steps} steps` : `${plan.minutes} min`} at ${plan.threads} thread(s)${plan.from ? ` from ${plan.from}` : ' from scratch'} (recur train ${workspace})...`);
  // A model left here by an interrupted run is not continued.
  for (const file of readdirSync(dir)) if (file.endsWith('.recur')) rmSync(path.join(dir, file));
  const args = [
    path.join(repo, 'bin', 'recur.js'),
    'train',
    workspace,
    '--out',
    checkpoint,
    ...(plan.steps ? ['--steps', String(plan.steps)] : ['--minutes', String(plan.minutes)]),
    '--threads',
    String(plan.threads),
    '--json',
    ...(plan.flags ?? []),
    ...(plan.from ? ['--from', plan.from] : ['--fresh']),
  ];
  const out = await run(process.execPath, args, dir);
  const report = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
  writeFileSync(reportFile, JSON.stringify(report, null, 2));
  return { checkpoint, report };
}

function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`recur train exited ${code}:\n${stderr.slice(-2000)}`))));
  });
}

/** The model a benchmark measures on a split, from its command line: --checkpoint FILE as it is, else one trained for --minutes (default 10) at --threads (default 1), from scratch or --from BASE. */
export async function benchModel(split: BenchSplit, args: BenchArgs): Promise<TrainedModel> {
  const checkpoint = args.option('--checkpoint');
  const model = checkpoint ? { checkpoint: path.resolve(checkpoint), report: {} } : await trainedModel(split, planFrom(args), args.log);
  return args.argv.includes('--read-workspace') ? readWorkspace(split, model, args) : model;
}

export interface LabelledModel {
  /** What it is, when a run compares two: "read-only" or "fine-tuned"; else "". */
  label: string;
  model: TrainedModel;
}

/** Whether the command line asks for the fine-tuned vs read-only comparison: --from BASE with --read-workspace (no --checkpoint). */
export function comparesFineTuning(args: BenchArgs): boolean {
  return args.option('--from') !== undefined && args.argv.includes('--read-workspace') && args.option('--checkpoint') === undefined;
}

/**
 * The models a benchmark measures on a split: the one benchModel gives, or, when
 * comparesFineTuning, two: BASE read-only (its context models read the training files, as
 * the editor's base model reads a workspace at minute one) and BASE fine-tuned on them for
 * --minutes at --threads ("Train on Workspace").
 */
export async function benchModels(split: BenchSplit, args: BenchArgs): Promise<LabelledModel[]> {
  if (!comparesFineTuning(args)) return [{ label: '', model: await benchModel(split, args) }];
  const plan = planFrom(args);
  const readOnly = await readWorkspace(split, { checkpoint: plan.from!, report: {} }, args);
  const fineTuned = await trainedModel(split, plan, args.log);
  return [
    { label: 'read-only', model: readOnly },
    { label: 'fine-tuned', model: fineTuned },
  ];
}

/** How much of the workspace the index job reads with the whole stack: --whole-stack-index, every file (the index job before the weighing share, for a baseline in the same code). */
function weighingOf(args: BenchArgs): { share: WeighingShare; name: string } {
  return args.argv.includes('--whole-stack-index') ? { share: WHOLE_STACK, name: '-whole' } : { share: WEIGHING_SHARE, name: '' };
}

/**
 * The model after its context models have read the split's training files, as the editor's
 * base model reads the workspace (src/core/index/indexJob.ts, at the default settings), with
 * the held-out files as the files open in the editor (they are what the person types).
 */
async function readWorkspace(split: BenchSplit, model: TrainedModel, args: BenchArgs): Promise<TrainedModel> {
  const log = args.log;
  const weighing = weighingOf(args);
  const started = performance.now();
  const cpuStarted = cpuSeconds();
  // One folder per checkout: the cache is shared, and a run in another checkout (other code,
  // or another base model of the same name) must not overwrite this run's checkpoint mid-run.
  const checkout = `${path.basename(repo)}-${createHash('sha256').update(repo).digest('hex').slice(0, 8)}`;
  const dir = path.join(cacheRoot, 'bench-models', 'read-workspace', checkout);
  const name = `${split.name.replace(/[^\w.-]+/g, '_')}-${path.basename(model.checkpoint, '.recur')}${weighing.name}`;
  const workspace = path.join(dir, `${name}-workspace`);
  mkdirSync(dir, { recursive: true });
  writeWorkspace(workspace, split.train);
  const focus = split.held.map((f) => path.join(workspace, f.relativePath));
  const { checkpoint: indexed, result } = await indexFolders(readCheckpoint(model.checkpoint), [workspace], focus, weighing.share);
  const indexCpu = cpuSeconds() - cpuStarted;
  const checkpoint = path.join(dir, `${name}.recur`);
  writeCheckpointAtomic(checkpoint, indexed);
  log(
    `  its context models read ${result.summary.files} of the training files (${result.summary.bytes} bytes) first, as the editor's base model reads a workspace: ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  log(`  ${indexSpeedLine(indexCpu, result.summary.bytes, paq8pxMicrosPerByte(Buffer.concat(split.train.map((f) => f.bytes))))}`);
  return { checkpoint, report: model.report };
}

/** What benchModel measures, in words, for a benchmark's header. */
export function describeModels(args: BenchArgs): string {
  const checkpoint = args.option('--checkpoint');
  const plan = planFrom(args);
  if (comparesFineTuning(args))
    return `${plan.from} read-only (its context models read the training files) against ${plan.from} fine-tuned ${plan.steps ? `${plan.steps} steps` : `${plan.minutes} min`} at ${plan.threads} thread(s)`;
  const models = checkpoint
    ? `the model ${checkpoint} (no training)`
    : `models trained ${plan.steps ? `${plan.steps} steps` : `${plan.minutes} min`} at ${plan.threads} thread(s) ${plan.from ? `from ${plan.from}` : 'from scratch'}`;
  if (!args.argv.includes('--read-workspace')) return models;
  return `${models}, whose context models read the training files first${args.argv.includes('--whole-stack-index') ? ' (every file with the whole stack: --whole-stack-index)' : ''}`;
}

/** "10m" or "700s": a model folder's budget. */
function budgetOf(plan: TrainPlan): string {
  return plan.steps ? `${plan.steps}s` : `${plan.minutes}m`;
}

function planFrom(args: BenchArgs): TrainPlan {
  const from = args.option('--from');
  const steps = args.option('--steps');
  if (steps !== undefined && !(Number.isInteger(Number(steps)) && Number(steps) > 0)) throw new Error(`--steps must be a positive integer, not "${steps}"`);
  return {
    minutes: Number(args.option('--minutes') ?? 10),
    steps: steps === undefined ? undefined : Number(steps),
    threads: Number(args.option('--threads') ?? 1),
    from: from && path.resolve(from),
    retrain: args.argv.includes('--retrain'),
  };
}
