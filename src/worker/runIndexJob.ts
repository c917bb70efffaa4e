// One index job, as the training process runs it: read the workspace with the corpus rules of
// training, give the base model context models of its files (../core/index/workspaceIndex.ts:
// the training side, then the validation side read with the network to refit the weighing)
// and write the result atomically. No tfjs: the network runs on the editor's own forward pass
// (core/infer). No IPC here: the caller passes `send` and `shouldStop`, so tests can drive it
// in-process.
import { CorpusError, readCorpus } from '../core/corpus';
import { CheckpointError, readCheckpoint, writeCheckpointAtomic } from '../core/model/checkpoint';
import { stackSizesFor } from '../core/predict/stackConfig';
import { indexCorpus } from '../core/index/workspaceIndex';
import type { IndexRequest, WorkerMessage } from '../shared/workerProtocol';

export async function runIndexJob(request: IndexRequest, send: (message: WorkerMessage) => void, shouldStop: () => boolean): Promise<boolean> {
  const started = Date.now();
  try {
    const base = readCheckpoint(request.baseModel);
    const corpus = await readCorpus(request.roots, request.corpus);
    const index = await indexCorpus(base, corpus, stackSizesFor(request.contextMemoryMB), shouldStop);
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
