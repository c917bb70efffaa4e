// recur train DIR [--minutes M | --steps N] [--out CKPT] [--json] [--fresh]
//   [--cell lstm|gru|rnn] [--hidden H] [--layers L] [--embedding E] [--seq T] [--batch B]
//   [--lr X] [--clip X] [--eval-every N] [--patience N] [--seed S] [--threads N] [--max-mb M] [--exclude GLOBS]
//   [--context-mb M] [--from BASE]
// --from BASE starts from a base model (models/base.recur) and fine-tunes it, when --out has no
// latest checkpoint to continue (--fresh: from scratch, whatever exists).
// --patience N stops after N validations without improvement (0: never; default 5, or 0 with --steps).
// Trains on the text files of DIR (same corpus rules as the extension). Continues CKPT's
// latest file (CKPT with .latest.recur) unless --fresh. Ctrl-C stops and saves.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { computeBaselines, describeSkipped } from '../core/corpus';
import { BASE_MODEL_NAME, CELL_TYPES, type CellType, DEFAULT_MODEL_CONFIG, DEFAULT_TRAIN_CONFIG, fineTuneConfig, type ModelConfig, type TrainConfig } from '../core/model/config';
import type { BaseModelInfo } from '../core/model/checkpoint';
import type { TrainingEvent } from '../core/train/events';
import { CONTEXT_MEMORY_MB_RANGE, DEFAULT_CONTEXT_MEMORY_MB, stackSizesFor } from '../core/predict/stackConfig';
import { booleanFlag, checkFlags, numberFlag, parseArgs, stringFlag } from './args';
import { latestPathFor, loadCheckpointOrFail } from './checkpointFlags';
import type { CliCommand } from './command';
import { CORPUS_FLAGS, corpusOptions, readCorpusOrFail } from './corpusFlags';
import { loadTfjs } from './loadTfjs';
import { CliError, jsonLine, progress, result } from './output';

const FLAGS = ['minutes', 'steps', 'out', 'from', 'json', 'fresh', 'cell', 'hidden', 'layers', 'embedding', 'seq', 'batch', 'lr', 'clip', 'eval-every', 'patience', 'seed', 'threads', 'quiet', 'context-mb', ...CORPUS_FLAGS];

export const command: CliCommand = {
  name: 'train',
  usage: 'DIR [--minutes M | --steps N] [--out CKPT] [--from BASE | --fresh] [--cell C --hidden H --layers L --seq T --batch B] [--context-mb M] [--json]',
  summary: 'train a model on the text files of DIR',
  async run(argv) {
    const args = parseArgs(argv, ['json', 'fresh', 'quiet']);
    checkFlags(args, FLAGS);
    const [dir, extra] = args.positionals;
    if (extra) throw new CliError(`unexpected argument "${extra}"`);
    const json = booleanFlag(args, 'json');
    const quiet = booleanFlag(args, 'quiet');
    const model = modelFrom(args);
    const train = trainFrom(args);
    const out = path.resolve(stringFlag(args, 'out') ?? 'model.recur');
    const latest = latestPathFor(out);
    const fresh = booleanFlag(args, 'fresh');
    const threads = numberFlag(args, 'threads', { integer: true, min: 1, max: 256 });
    const contextMB = numberFlag(args, 'context-mb', { min: 0, max: CONTEXT_MEMORY_MB_RANGE.max }) ?? DEFAULT_CONTEXT_MEMORY_MB;
    if (contextMB > 0 && contextMB < CONTEXT_MEMORY_MB_RANGE.min) throw new CliError(`--context-mb must be 0 (the network alone) or from ${CONTEXT_MEMORY_MB_RANGE.min} to ${CONTEXT_MEMORY_MB_RANGE.max}, not ${contextMB}`);

    let resume = !fresh && existsSync(latest) ? loadCheckpointOrFail(latest) : undefined;
    const from = stringFlag(args, 'from');
    let fromBase: BaseModelInfo | undefined;
    let trainConfig = train;
    if (from && resume) progress(`note: ${latest} exists, so training continues it and --from ${from} is not used (--fresh starts over from scratch)`);
    else if (from && !fresh) {
      const base = loadCheckpointOrFail(from);
      resume = { ...base, optimizer: undefined };
      fromBase = { name: baseNameOf(from), step: base.step, charsSeen: base.charsSeen };
      trainConfig = fineTuneConfig(train);
    }
    const corpus = await readCorpusOrFail(dir, corpusOptions(args));
    for (const warning of corpus.warnings) progress(`warning: ${warning}`);
    if (!quiet) progress(`corpus: ${corpus.summary.trainFiles} training files (${corpus.summary.trainBytes} bytes), ${corpus.summary.validationFiles} validation files (${corpus.summary.validationBytes} bytes)${describeSkipped(corpus.skipped)}`);
    const baselines = computeBaselines(corpus.trainBytes, corpus.validationBytes);
    if (fromBase && !quiet) progress(`fine-tuning ${from} (step ${fromBase.step}) at learning rate ${trainConfig.learningRate}`);
    else if (resume && !quiet) progress(`continuing ${latest} from step ${resume.step} (use --fresh to start over)`);

    loadTfjs(threads);
    const { runTraining } = await import('../core/train/trainer');
    let stop = false;
    const onSignal = () => {
      if (stop) process.exit(130);
      stop = true;
      progress('stopping after this step (Ctrl-C again to quit now)...');
    };
    process.on('SIGINT', onSignal);
    let summary;
    try {
      summary = await runTraining({
        model,
        train: trainConfig,
        resume,
        fromBase,
        trainBytes: corpus.trainBytes,
        validationBytes: corpus.validationBytes,
        corpus: corpus.summary,
        baselines,
        bestCheckpointPath: out,
        latestCheckpointPath: latest,
        shouldStop: () => stop,
        context: contextMB > 0 ? { sizes: stackSizesFor(contextMB) } : undefined,
        onEvent: (event) => quiet || reportEvent(event),
      });
    } catch (err) {
      throw new CliError(`training failed: ${(err as Error).message}`);
    } finally {
      process.off('SIGINT', onSignal);
    }
    const report = { checkpoint: out, latestCheckpoint: latest, ...summary, baselines, corpus: corpus.summary };
    if (json) result(jsonLine(report));
    else {
      const mix = Number.isFinite(summary.mixBpc) ? `; with context models ${summary.mixBpc.toFixed(3)} bpc` : '';
      result(`trained ${summary.steps} steps on ${summary.chars} characters (${Math.round(summary.charsPerSec)} chars/s): train ${summary.trainBpc.toFixed(3)} bpc, validation ${summary.valBpc.toFixed(3)} bpc (perplexity ${summary.valPerplexity.toFixed(2)})${mix}; saved ${out}`);
    }
  },
};

function reportEvent(event: TrainingEvent): void {
  if (event.kind === 'started') progress(`run ${event.run}: ${event.parameters} parameters, from step ${event.startStep}`);
  else if (event.kind === 'context' && event.done) progress(`context models: read ${event.bytes} bytes of training text in ${event.seconds.toFixed(1)} s`);
  else if (event.kind === 'eval') {
    const mix = event.point.mixBpc !== undefined ? `, with context models ${event.point.mixBpc.toFixed(3)} bpc` : '';
    progress(`step ${event.point.step}: train ${event.point.trainBpc.toFixed(3)} bpc, validation ${event.point.valBpc.toFixed(3)} bpc (perplexity ${event.point.valPerplexity.toFixed(2)})${mix}${event.best ? ' *' : ''}`);
  }
  else if (event.kind === 'finished') progress(`finished (${event.reason})`);
}

/** The name a base model is recorded under: "recur-base" for the shipped one, else its file name. */
function baseNameOf(file: string): string {
  const name = path.basename(file, '.recur');
  return name === 'base' ? BASE_MODEL_NAME : name;
}

function modelFrom(args: ReturnType<typeof parseArgs>): ModelConfig {
  const cell = stringFlag(args, 'cell') ?? DEFAULT_MODEL_CONFIG.cell;
  if (!(CELL_TYPES as readonly string[]).includes(cell)) throw new CliError(`--cell must be one of ${CELL_TYPES.join(', ')}, not "${cell}"`);
  return {
    cell: cell as CellType,
    vocabSize: 256,
    hiddenSize: numberFlag(args, 'hidden', { integer: true, min: 1, max: 4096 }) ?? DEFAULT_MODEL_CONFIG.hiddenSize,
    layers: numberFlag(args, 'layers', { integer: true, min: 1, max: 4 }) ?? DEFAULT_MODEL_CONFIG.layers,
    embeddingSize: numberFlag(args, 'embedding', { integer: true, min: 1, max: 4096 }) ?? DEFAULT_MODEL_CONFIG.embeddingSize,
  };
}

function trainFrom(args: ReturnType<typeof parseArgs>): TrainConfig {
  const steps = numberFlag(args, 'steps', { integer: true, min: 1 });
  const minutes = numberFlag(args, 'minutes', { min: 0 });
  if (steps !== undefined && minutes !== undefined) throw new CliError('give --minutes or --steps, not both');
  const maxSteps = steps ?? 0;
  const evalEvery = numberFlag(args, 'eval-every', { integer: true, min: 1 }) ?? (maxSteps > 0 ? Math.max(1, Math.min(DEFAULT_TRAIN_CONFIG.evalEvery, Math.ceil(maxSteps / 4))) : DEFAULT_TRAIN_CONFIG.evalEvery);
  return {
    ...DEFAULT_TRAIN_CONFIG,
    seqLength: numberFlag(args, 'seq', { integer: true, min: 2, max: 4096 }) ?? DEFAULT_TRAIN_CONFIG.seqLength,
    batchSize: numberFlag(args, 'batch', { integer: true, min: 1, max: 4096 }) ?? DEFAULT_TRAIN_CONFIG.batchSize,
    learningRate: numberFlag(args, 'lr', { min: 1e-8, max: 1 }) ?? DEFAULT_TRAIN_CONFIG.learningRate,
    clipNorm: numberFlag(args, 'clip', { min: 1e-8 }) ?? DEFAULT_TRAIN_CONFIG.clipNorm,
    seed: numberFlag(args, 'seed', { integer: true }) ?? DEFAULT_TRAIN_CONFIG.seed,
    maxSteps,
    maxMinutes: steps !== undefined ? 0 : (minutes ?? DEFAULT_TRAIN_CONFIG.maxMinutes),
    evalEvery,
    warmupSteps: maxSteps > 0 ? Math.min(DEFAULT_TRAIN_CONFIG.warmupSteps, Math.ceil(maxSteps / 10)) : DEFAULT_TRAIN_CONFIG.warmupSteps,
    patience: numberFlag(args, 'patience', { integer: true, min: 0 }) ?? (maxSteps > 0 ? 0 : DEFAULT_TRAIN_CONFIG.patience),
  };
}
