// One training job, as the training process runs it (../core/train/trainingJob.ts: take the
// checkpoint files, continue the latest checkpoint or fine-tune the base model the request
// names or start fresh, read the corpus, train), reported as WorkerMessages: notes and the
// corpus as logs, a shape setting that does not apply as a notice, the run's events, and
// one error naming its kind and file. No IPC here: the caller passes `send` and
// `shouldStop`, so tests can drive it in-process.
import { existsSync } from 'node:fs';
import { CorpusError, type Corpus, describeSkipped, readCorpus, SETTING_KNOBS, skippedLines } from '../core/corpus';
import { CheckpointError, integrityNote, readCheckpoint } from '../core/model/checkpoint';
import { BASE_MODEL_NAME, describeShape } from '../core/model/config';
import { LockHeldError } from '../core/files/lock';
import { CheckpointFolderError } from '../core/model/prepareRun';
import type { TrainingBackend } from '../core/train/backend';
import { type JobStart, runTrainingJob, type TrainingJob } from '../core/train/trainingJob';
import type { StartRequest, WorkerMessage } from '../shared/workerProtocol';
import { thinHistory } from '../shared/metrics';

/** The settings that shape a new model, by the config field they set. */
const SHAPE_SETTINGS = { cell: 'recur.model.cell', layers: 'recur.model.layers', hiddenSize: 'recur.model.hiddenSize', embeddingSize: 'recur.model.embeddingSize' } as const;
/** Files named in the log per reason; the rest are counted. */
const LISTED_PER_REASON = 200;

/** Runs the job; false when it failed (an error was sent). `chooseBackend` is called once, right before training. */
export async function runWorkerJob(request: StartRequest, chooseBackend: () => Promise<TrainingBackend>, send: (message: WorkerMessage) => void, shouldStop: () => boolean): Promise<boolean> {
  const log = (level: 'info' | 'warn', message: string) => send({ type: 'log', level, message });
  try {
    await runTrainingJob(jobFor(request), {
      onNote: (note) => log('info', note),
      onStart: (start) => reportStart(request, start, send),
      readCorpus: () => readCorpus(request.roots, request.corpus),
      onCorpus: (corpus, baselines, start) => {
        reportCorpus(request, corpus, send);
        send({ type: 'corpus', summary: corpus.summary, baselines, warnings: corpus.warnings, skipped: corpus.skipped as Record<string, number>, resumedFromStep: start.resume?.step });
      },
      beforeTraining: () => chooseBackend(),
      shouldStop,
      // The history goes to the editor's thread, which rebuilds it point by point: thinned for showing.
      onEvent: (event) => send({ type: 'event', event: event.kind === 'started' ? { ...event, history: thinHistory(event.history) } : event }),
    });
    return true;
  } catch (err) {
    send(errorMessage(err));
    return false;
  }
}

function jobFor(request: StartRequest): TrainingJob {
  const baseFile = request.baseModel;
  return {
    model: request.model,
    requestedShape: request.model,
    train: request.train,
    files: { best: request.bestCheckpointPath, latest: request.latestCheckpointPath },
    fresh: request.fresh,
    base: baseFile && existsSync(baseFile) ? { name: BASE_MODEL_NAME, file: baseFile, load: () => readCheckpoint(baseFile) } : undefined,
    contextMemoryMB: request.contextMemoryMB,
    purpose: 'Recur training process',
  };
}

function reportStart(request: StartRequest, start: JobStart, send: (message: WorkerMessage) => void): void {
  const { resume, fromBase, ignoredShape: ignored } = start;
  if (fromBase) {
    const note = integrityNote(resume!, request.baseModel ?? 'the base model');
    if (note) send({ type: 'log', level: 'info', message: note });
    send({ type: 'log', level: 'info', message: `fine-tuning the base model (${request.baseModel}, step ${resume!.step}) on this workspace` });
  }
  if (resume && ignored.length) {
    const settings = ignored.map((d) => `${SHAPE_SETTINGS[d.field]} = ${d.requested}`).join(', ');
    send({
      type: 'notice',
      message: `Recur ${fromBase ? 'fine-tunes the base model' : 'continues the saved model'}, ${describeShape(resume.model)}: ${settings} ${ignored.length > 1 ? 'apply' : 'applies'} to a new model only. To use ${ignored.length > 1 ? 'them' : 'it'}, choose "Train a Fresh Model" in the Recur status bar menu (the current model is kept as *.previous).`,
    });
  }
}

/** The corpus's warnings, what it holds, and every file left out (at most LISTED_PER_REASON per reason). */
function reportCorpus(request: StartRequest, corpus: Corpus, send: (message: WorkerMessage) => void): void {
  for (const warning of corpus.warnings) send({ type: 'log', level: 'warn', message: warning });
  send({
    type: 'log',
    level: 'info',
    message: `corpus: ${corpus.summary.trainFiles} training files (${corpus.summary.trainBytes} bytes), ${corpus.summary.validationFiles} validation files (${corpus.summary.validationBytes} bytes)${describeSkipped(corpus.skipped, request.corpus, SETTING_KNOBS)}; validation: ${corpus.validationPaths.slice(0, 10).join(', ')}`,
  });
  const lines = skippedLines(corpus, request.corpus, SETTING_KNOBS);
  const shown = new Map<string, number>();
  const listed = lines.filter((line, i) => {
    const reason = corpus.skippedFiles[i]?.reason ?? 'converted';
    shown.set(reason, (shown.get(reason) ?? 0) + 1);
    return shown.get(reason)! <= LISTED_PER_REASON;
  });
  if (listed.length) send({ type: 'log', level: 'info', message: [...listed, ...(listed.length < lines.length ? [`... and ${lines.length - listed.length} more`] : [])].join('\n') });
}

/** The error message for a failed job: its kind tells the editor which way out to offer. */
function errorMessage(err: unknown): WorkerMessage {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof LockHeldError) return { type: 'error', kind: 'locked', message: `another training run is using this model: ${message}`, file: err.file };
  if (err instanceof CheckpointError) return { type: 'error', kind: 'checkpoint', message, file: err.file };
  if (err instanceof CheckpointFolderError) return { type: 'error', kind: 'training', message, file: err.file };
  if (err instanceof CorpusError) return { type: 'error', kind: 'corpus', message };
  return { type: 'error', kind: 'training', message };
}
