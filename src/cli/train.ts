// recur train DIR [--minutes M | --steps N] [--out CKPT] [--json] [--fresh] [--verbose]
//   [--cell lstm|gru|rnn] [--hidden H] [--layers L] [--embedding E] [--seq T] [--batch B]
//   [--lr X] [--clip X] [--eval-every N] [--patience N] [--seed S] [--threads N] [--max-mb M] [--exclude GLOBS]
//   [--context-mb M] [--from BASE] [--backend auto|tensorflow|wasm]
// --backend chooses what computes the steps (../core/train/chooseBackend.ts): 'auto' (default)
// tfjs-node where it loads, else the portable WebAssembly backend. --threads N gives either
// backend N threads; without it tfjs-node takes the automatic count (../core/threadLimits.ts)
// and the portable backend one thread.
// --from BASE starts from a base model (models/base.recur) and fine-tunes it, when --out has no
// checkpoint to continue (--fresh: from scratch, whatever exists).
// --patience N stops after N validations without improvement (0: never; default 5, or 0 with --steps).
// Trains on the text files of DIR (same corpus rules as the extension). Continues CKPT's
// latest file (CKPT with .latest.recur), or CKPT itself when that is missing, unless --fresh
// (which keeps the old files as *.previous). The files are locked while it runs
// (../core/model/prepareRun.ts). Ctrl-C or SIGTERM stops and saves. The job's steps are
// ../core/train/trainingJob.ts's, as in the extension's training process.
import path from 'node:path';
import { CheckpointError } from '../core/model/checkpoint';
import {
  BASE_MODEL_NAME,
  type CellType,
  CONTEXT_MEMORY_OPTION,
  DEFAULT_MODEL_CONFIG,
  describeShape,
  MODEL_OPTIONS,
  type ModelConfig,
  type TrainConfig,
  trainConfigFor,
  TRAIN_OPTIONS,
} from '../core/model/config';
import { LockHeldError } from '../core/files/lock';
import type { TrainingEvent } from '../shared/trainingEvents';
import { CheckpointFolderError } from '../core/model/prepareRun';
import { CONTEXT_MEMORY_MB_RANGE } from '../core/predict/stackConfig';
import { narrowed } from '../core/options';
import { automaticThreads, threadEnvironment, THREADS_OPTION } from '../core/threadLimits';
import { onStopSignals } from '../core/stopSignals';
import { booleanFlag, type FlagSpec, numberFlag, optionFlag, type ParsedArgs, parseFlags, stringFlag } from './args';
import { loadCheckpointOrFail } from './checkpointFlags';
import { checkpointFilesFor, WORKSPACE_MODEL_FILE } from '../core/model/checkpointFiles';
import type { CliCommand } from './command';
import { CORPUS_FLAGS, readCorpusOrFail } from './corpusFlags';
import { BACKEND_FLAGS, backendFlag, loadBackendOrFail } from './backendFlag';
import { type JobResult, type JobStart, runTrainingJob, type TrainingJob } from '../core/train/trainingJob';
import { CliError, jsonLine, progress, result } from './output';
import { progressMeter, type ProgressUpdate } from './progressMeter';

const FLAGS: FlagSpec = {
  strings: ['minutes', 'steps', 'out', 'from', 'cell', 'hidden', 'layers', 'embedding', 'seq', 'batch', 'lr', 'clip', 'eval-every', 'patience', 'seed', 'threads', 'context-mb'],
  booleans: ['json', 'fresh', 'quiet'],
};
/** The flags that shape a new model, by the config field they set. */
const SHAPE_FLAGS: Record<'cell' | 'layers' | 'hiddenSize' | 'embeddingSize', string> = { cell: '--cell', layers: '--layers', hiddenSize: '--hidden', embeddingSize: '--embedding' };

export const command: CliCommand = {
  name: 'train',
  usage:
    'DIR [--minutes M | --steps N] [--out CKPT] [--from BASE | --fresh] [--cell C --hidden H --layers L --seq T --batch B] [--context-mb M] [--backend auto|tensorflow|wasm] [--threads N] [--verbose] [--json]',
  summary: 'train a model on the text files of DIR',
  async run(argv) {
    const args = parseFlags(argv, FLAGS, CORPUS_FLAGS, BACKEND_FLAGS);
    const [dir, extra] = args.positionals;
    if (extra) throw new CliError(`unexpected argument "${extra}"`);
    const quiet = booleanFlag(args, 'quiet');
    const shape = modelFrom(args);
    const train = trainFrom(args);
    const threads = numberFlag(args, 'threads', narrowed(THREADS_OPTION, { min: 1 }));
    const backendChoice = backendFlag(args);
    const job = jobFrom(args, shape, train);
    const interrupt = stopSignals();
    let training = false;
    let report: (event: TrainingEvent) => void = () => {};
    let outcome;
    try {
      // The checkpoint files first (runTrainingJob): a missing --out folder, a run already
      // using them or an unreadable checkpoint stops there, before any reading or training.
      outcome = await runTrainingJob(job, {
        onNote: (note) => progress(`note: ${note}`),
        onStart: (start) => reportStart(start, stringFlag(args, 'from')),
        readCorpus: () => readCorpusOrFail(dir, args, { quiet }),
        onCorpus: (_corpus, _baselines, start) => {
          if (quiet) return;
          if (start.fromBase) progress(`fine-tuning ${start.resumedFrom} (step ${start.fromBase.step}) at learning rate ${start.train.learningRate}`);
          else if (start.resume) progress(`continuing ${start.resumedFrom} from step ${start.resume.step} (use --fresh to start over)`);
        },
        beforeTraining: async (start) => {
          // tfjs-node's automatic limit goes in the environment, as the extension's training process has it.
          if (threads === undefined) Object.assign(process.env, threadEnvironment(automaticThreads(start.train.batchSize, 'all')));
          const backend = await loadBackendOrFail(backendChoice, threads, quiet);
          report = eventReporter(quiet, shapeNote(start));
          training = true;
          return backend;
        },
        shouldStop: interrupt.requested,
        onEvent: (event) => report(event),
      });
    } catch (err) {
      throw training ? new CliError(`training failed: ${(err as Error).message}`) : setupFailure(err);
    } finally {
      interrupt.close();
    }
    if (outcome) printOutcome(outcome, job, booleanFlag(args, 'json'));
    else if (interrupt.requested()) progress('stopped before training began: nothing new to save');
  },
};

/** The job the flags describe: --out's files, --from's base model, --context-mb, with `shape` and `train`. */
function jobFrom(args: ParsedArgs, { model, requested }: ReturnType<typeof modelFrom>, train: TrainConfig): TrainingJob {
  const best = path.resolve(stringFlag(args, 'out') ?? WORKSPACE_MODEL_FILE);
  const contextMB = optionFlag(args, 'context-mb', CONTEXT_MEMORY_OPTION);
  if (contextMB > 0 && contextMB < CONTEXT_MEMORY_MB_RANGE.min)
    throw new CliError(`--context-mb must be 0 (the network alone) or from ${CONTEXT_MEMORY_MB_RANGE.min} to ${CONTEXT_MEMORY_MB_RANGE.max}, not ${contextMB}`);
  const from = stringFlag(args, 'from');
  return {
    model,
    requestedShape: requested,
    train,
    files: checkpointFilesFor(best),
    fresh: booleanFlag(args, 'fresh'),
    base: from ? { name: baseNameOf(from), file: from, load: () => loadCheckpointOrFail(from) } : undefined,
    contextMemoryMB: contextMB,
    purpose: 'recur train',
  };
}

/** Before the corpus is read: --from not used, and shape flags a continued model cannot take. */
function reportStart(start: JobStart, from: string | undefined): void {
  const { resume, resumedFrom, ignoredShape: ignored } = start;
  if (from && resume && !start.fromBase) progress(`note: ${resumedFrom} exists, so training continues it and --from ${from} is not used (--fresh starts over from scratch)`);
  if (resume && ignored.length) {
    const flags = ignored.map((d) => `${SHAPE_FLAGS[d.field]} ${d.requested}`).join(', ');
    progress(
      `warning: ${flags} not applied: ${resumedFrom} holds ${describeShape(resume.model)}, and a continued model keeps its shape. Add --fresh to train a new model with ${ignored.length > 1 ? 'them' : 'it'} (the current files are kept as *.previous).`,
    );
  }
}

/** What the run's first line adds when shape flags were not applied. */
function shapeNote({ resume, resumedFrom, ignoredShape }: JobStart): string {
  return resume && ignoredShape.length ? ` (the shape of ${path.basename(resumedFrom!)}, not of ${ignoredShape.map((d) => SHAPE_FLAGS[d.field]).join('/')})` : '';
}

/** Ctrl-C or SIGTERM (../core/stopSignals.ts): the run stops after its step and saves; a second signal quits at once. */
function stopSignals(): { close(): void; requested(): boolean } {
  let stop = false;
  const close = onStopSignals((signal) => {
    stop = true;
    progress(signal === 'SIGINT' ? 'stopping after this step (Ctrl-C again to quit now)...' : 'stopping after this step (SIGTERM): saving the steps since the last save...');
  });
  return { close, requested: () => stop };
}

/** A failure before training, as one line that names the flag to change (the checkpoint files' failures); others as they are. */
function setupFailure(err: unknown): unknown {
  if (err instanceof CheckpointFolderError) return new CliError(`--out ${err.file}: ${err.reason}; ${/does not exist/.test(err.reason) ? 'create it first or choose' : 'or choose'} another --out`);
  if (err instanceof LockHeldError) return new CliError(err.message);
  if (err instanceof CheckpointError)
    return new CliError(`${err.message.replace(/ Delete it or train a fresh model.*$/, '')} Move it away, or add --fresh to start a new model (the current files are kept as *.previous).`);
  return err;
}

/** The summary on stdout: one line, or with --json one JSON object. */
function printOutcome({ summary, baselines, corpus }: JobResult, job: TrainingJob, json: boolean): void {
  const output = { checkpoint: job.files.best, latestCheckpoint: job.files.latest, ...summary, baselines, corpus: corpus.summary };
  if (json) result(jsonLine(output));
  else {
    const mix = Number.isFinite(summary.mixBpc) ? `; with context models ${summary.mixBpc.toFixed(3)} bpc` : '';
    result(
      `trained ${summary.steps} steps on ${summary.chars} characters (${Math.round(summary.charsPerSec)} chars/s): train ${summary.trainBpc.toFixed(3)} bpc, validation ${summary.valBpc.toFixed(3)} bpc (perplexity ${summary.valPerplexity.toFixed(2)})${mix}; saved ${job.files.best}`,
    );
  }
}

/** Prints the run's events on stderr: evaluations as they come, steps and context building as throttled progress. */
function eventReporter(quiet: boolean, shapeNote: string): (event: TrainingEvent) => void {
  let steps: ProgressUpdate = () => {};
  const context = progressMeter('context models', !quiet);
  return (event) => {
    if (quiet) return;
    if (event.kind === 'started') {
      progress(`run ${event.run}: ${event.parameters} parameters${shapeNote}, from step ${event.startStep}, trained by ${event.backend.description}`);
      steps = progressMeter('training');
    } else if (event.kind === 'context') {
      if (event.done) progress(`context models: read ${event.bytes} bytes of training text in ${event.seconds.toFixed(1)} s`);
      else context(`${(event.bytes / 1024 / 1024).toFixed(1)} MB of training text`, event.fraction);
    } else if (event.kind === 'step') {
      steps(`step ${event.point.step}, ${event.point.bpc.toFixed(3)} bpc, ${Math.round(event.point.charsPerSec)} chars/s`, event.fraction > 0 ? event.fraction : undefined);
    } else if (event.kind === 'startEval') {
      const mix = event.point.mixBpc !== undefined ? `, with context models ${event.point.mixBpc.toFixed(3)} bpc` : '';
      progress(`step ${event.point.step}, before training: validation ${event.point.valBpc.toFixed(3)} bpc${mix} (${event.seconds.toFixed(1)} s)`);
    } else if (event.kind === 'eval') {
      const mix = event.point.mixBpc !== undefined ? `, with context models ${event.point.mixBpc.toFixed(3)} bpc` : '';
      progress(
        `step ${event.point.step}: train ${event.point.trainBpc.toFixed(3)} bpc, validation ${event.point.valBpc.toFixed(3)} bpc (perplexity ${event.point.valPerplexity.toFixed(2)})${mix}${event.best ? ' *' : ''}`,
      );
    } else if (event.kind === 'finished') progress(`finished (${event.reason})`);
  };
}

/** The name a base model is recorded under: "recur-base" for the shipped one, else its file name. */
function baseNameOf(file: string): string {
  const name = path.basename(file, '.recur');
  return name === 'base' ? BASE_MODEL_NAME : name;
}

/** The model for a fresh start, and the shape fields the flags asked for explicitly (ranges and defaults: MODEL_OPTIONS). */
function modelFrom(args: ParsedArgs): { model: ModelConfig; requested: Partial<ModelConfig> } {
  const cell = stringFlag(args, 'cell');
  const cells: readonly string[] = MODEL_OPTIONS.cell.values;
  if (cell !== undefined && !cells.includes(cell)) throw new CliError(`--cell must be one of ${cells.join(', ')}, not "${cell}"`);
  const requested: Partial<ModelConfig> = {
    cell: cell as CellType | undefined,
    hiddenSize: numberFlag(args, 'hidden', MODEL_OPTIONS.hiddenSize),
    layers: numberFlag(args, 'layers', MODEL_OPTIONS.layers),
    embeddingSize: numberFlag(args, 'embedding', MODEL_OPTIONS.embeddingSize),
  };
  const model: ModelConfig = { ...DEFAULT_MODEL_CONFIG };
  for (const [key, value] of Object.entries(requested)) if (value !== undefined) Object.assign(model, { [key]: value });
  return { model, requested };
}

/** The run's configuration from the flags (ranges and defaults: TRAIN_OPTIONS); a step budget runs to its end unless --patience is given. */
function trainFrom(args: ParsedArgs): TrainConfig {
  const steps = numberFlag(args, 'steps', narrowed(TRAIN_OPTIONS.maxSteps, { min: 1 }));
  const minutes = numberFlag(args, 'minutes', TRAIN_OPTIONS.maxMinutes);
  if (steps !== undefined && minutes !== undefined) throw new CliError('give --minutes or --steps, not both');
  return trainConfigFor({
    seqLength: numberFlag(args, 'seq', TRAIN_OPTIONS.seqLength),
    batchSize: numberFlag(args, 'batch', TRAIN_OPTIONS.batchSize),
    learningRate: numberFlag(args, 'lr', TRAIN_OPTIONS.learningRate),
    clipNorm: numberFlag(args, 'clip', TRAIN_OPTIONS.clipNorm),
    seed: numberFlag(args, 'seed', TRAIN_OPTIONS.seed),
    maxSteps: steps,
    maxMinutes: steps !== undefined ? 0 : minutes,
    evalEvery: numberFlag(args, 'eval-every', TRAIN_OPTIONS.evalEvery),
    patience: numberFlag(args, 'patience', TRAIN_OPTIONS.patience) ?? (steps !== undefined ? 0 : undefined),
  });
}
