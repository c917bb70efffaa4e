// One index job, as the training process runs it: read the workspace with the corpus rules of
// training, extend the base model's context models with its files (../core/train/workspaceIndex.ts)
// and write the result atomically. No tfjs: the network is not run. No IPC here: the caller
// passes `send` and `shouldStop`, so tests can drive it in-process.
import { CorpusError, readCorpus } from '../core/corpus';
import { CheckpointError, readCheckpoint, writeCheckpointAtomic } from '../core/model/checkpoint';
import { stackSizesFor } from '../core/predict/stackConfig';
import { splitJoinedFiles } from '../core/train/contextStack';
import { indexWorkspace } from '../core/train/workspaceIndex';
import type { IndexRequest, WorkerMessage } from '../shared/workerProtocol';

export async function runIndexJob(request: IndexRequest, send: (message: WorkerMessage) => void, shouldStop: () => boolean): Promise<boolean> {
  const started = Date.now();
  try {
    const base = readCheckpoint(request.baseModel);
    const corpus = await readCorpus(request.roots, request.corpus);
    const files = [...splitJoinedFiles(corpus.trainBytes), ...splitJoinedFiles(corpus.validationBytes)];
    const index = await indexWorkspace(base, files, stackSizesFor(request.contextMemoryMB), shouldStop);
    if (!index) return true; // stopped
    writeCheckpointAtomic(request.out, index.checkpoint);
    send({ type: 'indexed', file: request.out, files: index.files, bytes: index.bytes, seconds: (Date.now() - started) / 1000 });
    return true;
  } catch (err) {
    const kind = err instanceof CheckpointError ? 'checkpoint' : err instanceof CorpusError ? 'corpus' : 'training';
    send({ type: 'error', kind, message: (err as Error).message, file: err instanceof CheckpointError ? err.file : undefined });
    return false;
  }
}
