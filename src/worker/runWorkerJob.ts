// One training job, as the training process runs it: take the checkpoint files (lock, clean
// up, set aside or pick the checkpoint to continue: ../core/train/prepareRun.ts; with none,
// the base model when the request names one), read the corpus, compute baselines, train,
// report. No IPC here: the caller passes `send` and
// `shouldStop`, so tests can drive it in-process.
import { computeBaselines, CorpusError, describeSkipped, readCorpus, SETTING_KNOBS, skippedLines } from '../core/corpus';
import { existsSync } from 'node:fs';
import { type BaseModelInfo, type Checkpoint, CheckpointError, readCheckpoint } from '../core/model/checkpoint';
import { BASE_MODEL_NAME, describeShape, fineTuneConfig, shapeDifferences } from '../core/model/config';
import { LockHeldError } from '../core/files/lock';
import { CheckpointFolderError, type PreparedRun, prepareRun } from '../core/train/prepareRun';
import { runTraining } from '../core/train/trainer';
import { stackSizesFor } from '../core/predict/stackConfig';
import type { StartRequest, WorkerMessage } from '../shared/workerProtocol';

/** The settings that shape a new model, by the config field they set. */
const SHAPE_SETTINGS = { cell: 'recur.model.cell', layers: 'recur.model.layers', hiddenSize: 'recur.model.hiddenSize', embeddingSize: 'recur.model.embeddingSize' } as const;
/** Files named in the log per reason; the rest are counted. */
const LISTED_PER_REASON = 200;

export async function runWorkerJob(request: StartRequest, send: (message: WorkerMessage) => void, shouldStop: () => boolean): Promise<boolean> {
  let prepared: PreparedRun;
  try {
    prepared = prepareRun({ best: request.bestCheckpointPath, latest: request.latestCheckpointPath }, { fresh: request.fresh, purpose: 'Recur training process' });
  } catch (err) {
    if (err instanceof LockHeldError) send({ type: 'error', kind: 'locked', message: `another training run is using this model: ${err.message}`, file: err.file });
    else if (err instanceof CheckpointError) send({ type: 'error', kind: 'checkpoint', message: err.message, file: err.file });
    else if (err instanceof CheckpointFolderError) send({ type: 'error', kind: 'training', message: err.message, file: err.file });
    else send({ type: 'error', kind: 'training', message: (err as Error).message });
    return false;
  }
  try {
    return await train(request, prepared, send, shouldStop);
  } finally {
    prepared.release();
  }
}

async function train(request: StartRequest, prepared: PreparedRun, send: (message: WorkerMessage) => void, shouldStop: () => boolean): Promise<boolean> {
  let resume: Checkpoint | undefined = prepared.resume;
  let fromBase: BaseModelInfo | undefined;
  for (const note of prepared.notes) send({ type: 'log', level: 'info', message: note });
  if (!resume && !request.fresh && request.baseModel && existsSync(request.baseModel)) {
    try {
      resume = { ...readCheckpoint(request.baseModel), optimizer: undefined };
    } catch (err) {
      send({ type: 'error', kind: 'checkpoint', message: (err as Error).message, file: request.baseModel });
      return false;
    }
    fromBase = { name: BASE_MODEL_NAME, step: resume.step, charsSeen: resume.charsSeen };
    send({ type: 'log', level: 'info', message: `fine-tuning the base model (${request.baseModel}, step ${resume.step}) on this workspace` });
  }
  const ignored = resume ? shapeDifferences(request.model, resume.model) : [];
  if (resume && ignored.length) {
    const settings = ignored.map((d) => `${SHAPE_SETTINGS[d.field]} = ${d.requested}`).join(', ');
    send({ type: 'notice', message: `Recur ${fromBase ? 'fine-tunes the base model' : 'continues the saved model'}, ${describeShape(resume.model)}: ${settings} ${ignored.length > 1 ? 'apply' : 'applies'} to a new model only. To use ${ignored.length > 1 ? 'them' : 'it'}, choose "Train a Fresh Model" in the Recur status bar menu (the current model is kept as *.previous).` });
  }
  let corpus;
  try {
    corpus = await readCorpus(request.roots, request.corpus);
  } catch (err) {
    send({ type: 'error', kind: err instanceof CorpusError ? 'corpus' : 'training', message: (err as Error).message });
    return false;
  }
  for (const warning of corpus.warnings) send({ type: 'log', level: 'warn', message: warning });
  send({ type: 'log', level: 'info', message: `corpus: ${corpus.summary.trainFiles} training files (${corpus.summary.trainBytes} bytes), ${corpus.summary.validationFiles} validation files (${corpus.summary.validationBytes} bytes)${describeSkipped(corpus.skipped, request.corpus, SETTING_KNOBS)}; validation: ${corpus.validationPaths.slice(0, 10).join(', ')}` });
  const lines = skippedLines(corpus, request.corpus, SETTING_KNOBS);
  const shown = new Map<string, number>();
  const listed = lines.filter((line, i) => {
    const reason = corpus.skippedFiles[i]?.reason ?? 'converted';
    shown.set(reason, (shown.get(reason) ?? 0) + 1);
    return shown.get(reason)! <= LISTED_PER_REASON;
  });
  if (listed.length) send({ type: 'log', level: 'info', message: [...listed, ...(listed.length < lines.length ? [`... and ${lines.length - listed.length} more`] : [])].join('\n') });
  const baselines = computeBaselines(corpus.trainBytes, corpus.validationBytes);
  send({ type: 'corpus', summary: corpus.summary, baselines, warnings: corpus.warnings, skipped: corpus.skipped as Record<string, number>, resumedFromStep: resume?.step });
  if (shouldStop()) return true;
  try {
    await runTraining({
      model: request.model,
      train: fromBase ? fineTuneConfig(request.train) : request.train,
      resume,
      fromBase,
      trainBytes: corpus.trainBytes,
      languages: { train: corpus.trainLanguages, validation: corpus.validationLanguages },
      validationBytes: corpus.validationBytes,
      corpus: corpus.summary,
      baselines,
      bestCheckpointPath: request.bestCheckpointPath,
      latestCheckpointPath: request.latestCheckpointPath,
      shouldStop,
      onEvent: (event) => send({ type: 'event', event }),
      context: request.contextMemoryMB > 0 ? { sizes: stackSizesFor(request.contextMemoryMB) } : undefined,
    });
    return true;
  } catch (err) {
    const kind = err instanceof CheckpointError ? 'checkpoint' : 'training';
    send({ type: 'error', kind, message: (err as Error).message, file: err instanceof CheckpointError ? err.file : undefined });
    return false;
  }
}
