// One training job, as the training process (src/worker/runWorkerJob.ts) and `recur train`
// (src/cli/train.ts) both run it:
//   1. take the checkpoint files (../model/prepareRun.ts: check the folder, lock, sweep, set
//      aside on a fresh start, or find the checkpoint to continue);
//   2. choose the start: that checkpoint, else the job's base model to fine-tune (not on a
//      fresh start), else a new model; a continued model keeps its shape, and the requested
//      shape fields it does not have are reported;
//   3. read the corpus (the caller's reader: each surface reports it in its own words) and
//      score the baselines on it;
//   4. unless stopped by now, get the backend (the entry point's choice, loaded only now:
//      tfjs-node takes seconds) and train (trainer.ts).
// The caller hears each step through JobHooks and words it for its surface. Errors are
// thrown as they come (CheckpointFolderError, LockHeldError and CheckpointError from step 1,
// whatever the caller's base loader and corpus reader throw, then the trainer's), after the
// files are released; only a run stopped before step 4 returns undefined.
import { computeBaselines, type Corpus } from '../corpus';
import type { BaseModelInfo, Checkpoint } from '../model/checkpoint';
import type { CheckpointFiles } from '../model/checkpointFiles';
import { fineTuneConfig, type ModelConfig, type ShapeDifference, shapeDifferences, type TrainConfig } from '../model/config';
import { type PreparedRun, prepareRun } from '../model/prepareRun';
import { stackSizesFor } from '../predict/stackConfig';
import type { BaselineScore } from '../../shared/metrics';
import type { TrainingEvent, TrainingSummary } from '../../shared/trainingEvents';
import type { TrainingBackend } from './backend';
import { runTraining } from './trainer';

export interface TrainingJob {
  /** The shape of a new model. */
  model: ModelConfig;
  /** The shape fields the user asked for (the settings: all; the CLI: the flags given), checked against a continued model. */
  requestedShape: Partial<ModelConfig>;
  train: TrainConfig;
  files: CheckpointFiles;
  /** Start a new model: the current files are set aside (NAME.previous). */
  fresh: boolean;
  /** With no checkpoint to continue and not fresh: fine-tune this base model (`load` reads it, throwing what the caller words). */
  base?: { name: string; file: string; load(): Checkpoint };
  /** Memory for the context models built with the network, in MB (0: the network alone). */
  contextMemoryMB: number;
  /** Who holds the files' lock, as a second run is told. */
  purpose: string;
}

/** Where the run starts (step 2). */
export interface JobStart {
  /** The checkpoint continued or the base model fine-tuned (without its optimizer); undefined: a new model. */
  resume: Checkpoint | undefined;
  /** The file `resume` was read from. */
  resumedFrom: string | undefined;
  /** Set when `resume` is the job's base model. */
  fromBase: BaseModelInfo | undefined;
  /** This run's configuration: the job's, with a lower learning rate when fine-tuning a base model. */
  train: TrainConfig;
  /** Requested shape fields that the continued model does not have: not applied. */
  ignoredShape: ShapeDifference[];
}

export interface JobHooks {
  /** A sentence on what step 1 did to the files (a lock taken over, files set aside...). */
  onNote(note: string): void;
  onStart(start: JobStart): void;
  readCorpus(): Promise<Corpus>;
  onCorpus(corpus: Corpus, baselines: BaselineScore[], start: JobStart): void;
  /** Called once, right before the first step: the backend to train with. */
  beforeTraining(start: JobStart): Promise<TrainingBackend>;
  /** Polled before step 4 and then by the trainer; true ends the run (its latest checkpoint written). */
  shouldStop(): boolean;
  onEvent(event: TrainingEvent): void;
}

export interface JobResult {
  summary: TrainingSummary;
  corpus: Corpus;
  baselines: BaselineScore[];
  start: JobStart;
}

export async function runTrainingJob(job: TrainingJob, hooks: JobHooks): Promise<JobResult | undefined> {
  const prepared = prepareRun(job.files, { fresh: job.fresh, purpose: job.purpose });
  try {
    for (const note of prepared.notes) hooks.onNote(note);
    const start = chooseStart(job, prepared);
    hooks.onStart(start);
    const corpus = await hooks.readCorpus();
    const baselines = computeBaselines(corpus.trainBytes, corpus.validationBytes);
    hooks.onCorpus(corpus, baselines, start);
    if (hooks.shouldStop()) return undefined;
    const backend = await hooks.beforeTraining(start);
    const summary = await runTraining({
      backend,
      model: job.model,
      train: start.train,
      resume: start.resume,
      fromBase: start.fromBase,
      trainBytes: corpus.trainBytes,
      languages: { train: corpus.trainLanguages, validation: corpus.validationLanguages },
      validationBytes: corpus.validationBytes,
      corpus: corpus.summary,
      baselines,
      bestCheckpointPath: job.files.best,
      latestCheckpointPath: job.files.latest,
      shouldStop: hooks.shouldStop,
      onEvent: hooks.onEvent,
      context: job.contextMemoryMB > 0 ? { sizes: stackSizesFor(job.contextMemoryMB) } : undefined,
    });
    return { summary, corpus, baselines, start };
  } finally {
    prepared.release();
  }
}

/** Step 2: the checkpoint to continue, else the base model (its optimizer left behind), else nothing. */
function chooseStart(job: TrainingJob, prepared: PreparedRun): JobStart {
  let { resume, resumedFrom } = prepared;
  let fromBase: BaseModelInfo | undefined;
  if (!resume && !job.fresh && job.base) {
    const base = job.base.load();
    resume = { ...base, optimizer: undefined };
    resumedFrom = job.base.file;
    fromBase = { name: job.base.name, step: base.step, charsSeen: base.charsSeen };
  }
  return {
    resume,
    resumedFrom,
    fromBase,
    train: fromBase ? fineTuneConfig(job.train) : job.train,
    ignoredShape: resume ? shapeDifferences(job.requestedShape, resume.model) : [],
  };
}
