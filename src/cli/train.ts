// recur train DIR [--minutes M | --steps N] [--out CKPT] [--json] [--fresh] [--verbose]
//   [--cell lstm|gru|rnn] [--hidden H] [--layers L] [--embedding E] [--seq T] [--batch B]
//   [--lr X] [--clip X] [--eval-every N] [--patience N] [--seed S] [--threads N] [--max-mb M] [--exclude GLOBS]
//   [--context-mb M] [--from BASE]
// --from BASE starts from a base model (models/base.recur) and fine-tunes it, when --out has no
// checkpoint to continue (--fresh: from scratch, whatever exists).
// --patience N stops after N validations without improvement (0: never; default 5, or 0 with --steps).
// Trains on the text files of DIR (same corpus rules as the extension). Continues CKPT's
// latest file (CKPT with .latest.recur), or CKPT itself when that is missing, unless --fresh
// (which keeps the old files as *.previous). The files are locked while it runs
// (../core/train/prepareRun.ts). Ctrl-C stops and saves.
import path from 'node:path';
import { computeBaselines } from '../core/corpus';
import { CheckpointError } from '../core/model/checkpoint';
import { BASE_MODEL_NAME, type CellType, CONTEXT_MEMORY_OPTION, DEFAULT_MODEL_CONFIG, describeShape, fineTuneConfig, MODEL_OPTIONS, type ModelConfig, shapeDifferences, type TrainConfig, trainConfigFor, TRAIN_OPTIONS } from '../core/model/config';
import type { BaseModelInfo } from '../core/model/checkpoint';
import { LockHeldError } from '../core/files/lock';
import type { TrainingEvent } from '../shared/trainingEvents';
import { CheckpointFolderError, prepareRun } from '../core/train/prepareRun';
import { CONTEXT_MEMORY_MB_RANGE, stackSizesFor } from '../core/predict/stackConfig';
import { narrowed } from '../core/options';
import { automaticThreads, THREADS_OPTION } from '../worker/threadLimits';
import { booleanFlag, type FlagSpec, numberFlag, optionFlag, type ParsedArgs, parseFlags, stringFlag } from './args';
import { loadCheckpointOrFail } from './checkpointFlags';
import { checkpointFilesFor, WORKSPACE_MODEL_FILE } from '../core/model/checkpointFiles';
import type { CliCommand } from './command';
import { CORPUS_FLAGS, readCorpusOrFail } from './corpusFlags';
import { loadTfjs } from '../worker/loadTfjs';
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
  usage: 'DIR [--minutes M | --steps N] [--out CKPT] [--from BASE | --fresh] [--cell C --hidden H --layers L --seq T --batch B] [--context-mb M] [--verbose] [--json]',
  summary: 'train a model on the text files of DIR',
  async run(argv) {
    const args = parseFlags(argv, FLAGS, CORPUS_FLAGS);
    const [dir, extra] = args.positionals;
    if (extra) throw new CliError(`unexpected argument "${extra}"`);
    const json = booleanFlag(args, 'json');
    const quiet = booleanFlag(args, 'quiet');
    const { model, requested } = modelFrom(args);
    const train = trainFrom(args);
    const out = path.resolve(stringFlag(args, 'out') ?? WORKSPACE_MODEL_FILE);
    const { latest } = checkpointFilesFor(out);
    const fresh = booleanFlag(args, 'fresh');
    const threads = numberFlag(args, 'threads', narrowed(THREADS_OPTION, { min: 1 })) ?? automaticThreads(train.batchSize, 'all');
    const contextMB = optionFlag(args, 'context-mb', CONTEXT_MEMORY_OPTION);
    if (contextMB > 0 && contextMB < CONTEXT_MEMORY_MB_RANGE.min) throw new CliError(`--context-mb must be 0 (the network alone) or from ${CONTEXT_MEMORY_MB_RANGE.min} to ${CONTEXT_MEMORY_MB_RANGE.max}, not ${contextMB}`);

    // The checkpoint files first: a missing --out folder, a run already using them or an
    // unreadable checkpoint stops here, before any reading or training.
    const prepared = prepareOrFail(out, latest, fresh);
    try {
      let { resume, resumedFrom } = prepared;
      for (const note of prepared.notes) progress(`note: ${note}`);
      const from = stringFlag(args, 'from');
      let fromBase: BaseModelInfo | undefined;
      let trainConfig = train;
      if (from && resume) progress(`note: ${resumedFrom} exists, so training continues it and --from ${from} is not used (--fresh starts over from scratch)`);
      else if (from && !fresh) {
        const base = loadCheckpointOrFail(from);
        resume = { ...base, optimizer: undefined };
        resumedFrom = from;
        fromBase = { name: baseNameOf(from), step: base.step, charsSeen: base.charsSeen };
        trainConfig = fineTuneConfig(train);
      }
      const ignored = resume ? shapeDifferences(requested, resume.model) : [];
      if (resume && ignored.length) {
        const flags = ignored.map((d) => `${SHAPE_FLAGS[d.field]} ${d.requested}`).join(', ');
        progress(`warning: ${flags} not applied: ${resumedFrom} holds ${describeShape(resume.model)}, and a continued model keeps its shape. Add --fresh to train a new model with ${ignored.length > 1 ? 'them' : 'it'} (the current files are kept as *.previous).`);
      }
      const corpus = await readCorpusOrFail(dir, args, { quiet });
      const baselines = computeBaselines(corpus.trainBytes, corpus.validationBytes);
      if (fromBase && !quiet) progress(`fine-tuning ${from} (step ${fromBase.step}) at learning rate ${trainConfig.learningRate}`);
      else if (resume && !quiet) progress(`continuing ${resumedFrom} from step ${resume.step} (use --fresh to start over)`);

      loadTfjs(threads);
      const { runTraining } = await import('../core/train/trainer');
      let stop = false;
      const onSignal = () => {
        if (stop) process.exit(130);
        stop = true;
        progress('stopping after this step (Ctrl-C again to quit now)...');
      };
      process.on('SIGINT', onSignal);
      const report = eventReporter(quiet, resume && ignored.length ? ` (the shape of ${path.basename(resumedFrom!)}, not of ${ignored.map((d) => SHAPE_FLAGS[d.field]).join('/')})` : '');
      let summary;
      try {
        summary = await runTraining({
          model,
          train: trainConfig,
          resume,
          fromBase,
          trainBytes: corpus.trainBytes,
          languages: { train: corpus.trainLanguages, validation: corpus.validationLanguages },
          validationBytes: corpus.validationBytes,
          corpus: corpus.summary,
          baselines,
          bestCheckpointPath: out,
          latestCheckpointPath: latest,
          shouldStop: () => stop,
          context: contextMB > 0 ? { sizes: stackSizesFor(contextMB) } : undefined,
          onEvent: report,
        });
      } catch (err) {
        throw new CliError(`training failed: ${(err as Error).message}`);
      } finally {
        process.off('SIGINT', onSignal);
      }
      const output = { checkpoint: out, latestCheckpoint: latest, ...summary, baselines, corpus: corpus.summary };
      if (json) result(jsonLine(output));
      else {
        const mix = Number.isFinite(summary.mixBpc) ? `; with context models ${summary.mixBpc.toFixed(3)} bpc` : '';
        result(`trained ${summary.steps} steps on ${summary.chars} characters (${Math.round(summary.charsPerSec)} chars/s): train ${summary.trainBpc.toFixed(3)} bpc, validation ${summary.valBpc.toFixed(3)} bpc (perplexity ${summary.valPerplexity.toFixed(2)})${mix}; saved ${out}`);
      }
    } finally {
      prepared.release();
    }
  },
};

/** prepareRun, its failures as one line that names the flag to change. */
function prepareOrFail(out: string, latest: string, fresh: boolean): ReturnType<typeof prepareRun> {
  try {
    return prepareRun({ best: out, latest }, { fresh, purpose: 'recur train' });
  } catch (err) {
    if (err instanceof CheckpointFolderError) throw new CliError(`--out ${err.file}: ${err.reason}; create it first or choose another --out`);
    if (err instanceof LockHeldError) throw new CliError(err.message);
    if (err instanceof CheckpointError) throw new CliError(`${err.message.replace(/ Delete it or train a fresh model.*$/, '')} Move it away, or add --fresh to start a new model (the current files are kept as *.previous).`);
    throw err;
  }
}

/** Prints the run's events on stderr: evaluations as they come, steps and context building as throttled progress. */
function eventReporter(quiet: boolean, shapeNote: string): (event: TrainingEvent) => void {
  let steps: ProgressUpdate = () => {};
  const context = progressMeter('context models', !quiet);
  return (event) => {
    if (quiet) return;
    if (event.kind === 'started') {
      progress(`run ${event.run}: ${event.parameters} parameters${shapeNote}, from step ${event.startStep}`);
      steps = progressMeter('training');
    } else if (event.kind === 'context') {
      if (event.done) progress(`context models: read ${event.bytes} bytes of training text in ${event.seconds.toFixed(1)} s`);
      else context(`${(event.bytes / 1024 / 1024).toFixed(1)} MB of training text`, event.fraction);
    } else if (event.kind === 'step') {
      steps(`step ${event.point.step}, ${event.point.bpc.toFixed(3)} bpc, ${Math.round(event.point.charsPerSec)} chars/s`, event.fraction > 0 ? event.fraction : undefined);
    } else if (event.kind === 'eval') {
      const mix = event.point.mixBpc !== undefined ? `, with context models ${event.point.mixBpc.toFixed(3)} bpc` : '';
      progress(`step ${event.point.step}: train ${event.point.trainBpc.toFixed(3)} bpc, validation ${event.point.valBpc.toFixed(3)} bpc (perplexity ${event.point.valPerplexity.toFixed(2)})${mix}${event.best ? ' *' : ''}`);
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
