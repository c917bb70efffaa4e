// One training job, as the training process runs it: read the corpus, compute baselines,
// load the checkpoint to resume from, train, report. No IPC here: the caller passes `send`
// and `shouldStop`, so the CLI could reuse it and tests can drive it in-process.
import { existsSync } from 'node:fs';
import { computeBaselines, CorpusError, describeSkipped, readCorpus } from '../core/corpus';
import { type BaseModelInfo, type Checkpoint, CheckpointError, readCheckpoint } from '../core/model/checkpoint';
import { BASE_MODEL_NAME, fineTuneConfig } from '../core/model/config';
import { runTraining } from '../core/train/trainer';
import { stackSizesFor } from '../core/predict/stackConfig';
import type { StartRequest, WorkerMessage } from './protocol';

export async function runWorkerJob(request: StartRequest, send: (message: WorkerMessage) => void, shouldStop: () => boolean): Promise<boolean> {
  let resume: Checkpoint | undefined;
  let fromBase: BaseModelInfo | undefined;
  const start = !request.fresh && existsSync(request.latestCheckpointPath) ? request.latestCheckpointPath : !request.fresh && request.baseModel && existsSync(request.baseModel) ? request.baseModel : undefined;
  if (start) {
    try {
      resume = readCheckpoint(start);
    } catch (err) {
      send({ type: 'error', kind: 'checkpoint', message: (err as Error).message, file: start });
      return false;
    }
    if (start === request.baseModel) {
      resume = { ...resume, optimizer: undefined };
      fromBase = { name: BASE_MODEL_NAME, step: resume.step, charsSeen: resume.charsSeen };
      send({ type: 'log', level: 'info', message: `fine-tuning the base model (${request.baseModel}, step ${resume.step}) on this workspace` });
    }
  }
  let corpus;
  try {
    corpus = await readCorpus(request.roots, request.corpus);
  } catch (err) {
    send({ type: 'error', kind: err instanceof CorpusError ? 'corpus' : 'training', message: (err as Error).message });
    return false;
  }
  for (const warning of corpus.warnings) send({ type: 'log', level: 'warn', message: warning });
  send({ type: 'log', level: 'info', message: `corpus: ${corpus.summary.trainFiles} training files (${corpus.summary.trainBytes} bytes), ${corpus.summary.validationFiles} validation files (${corpus.summary.validationBytes} bytes)${describeSkipped(corpus.skipped)}; validation: ${corpus.validationPaths.slice(0, 10).join(', ')}` });
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
