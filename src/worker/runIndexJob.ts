// One index job, as the training process runs it: read the saved index if there is one, run
// the index (../core/index/indexJob.ts: the workspace's most relevant files within the
// budget, or only what changed since the saved index), write each result atomically and say
// so. No tfjs: the network runs on the editor's own forward pass (core/infer). No IPC here:
// the caller passes `send` and `shouldStop`, so tests can drive it in-process.
import { existsSync } from 'node:fs';
import { CheckpointError, readCheckpoint } from '../core/model/checkpoint';
import { stackSizesFor } from '../core/predict/stackConfig';
import { IndexFileError, readIndex, type SavedIndex, writeIndexAtomic } from '../core/index/indexFile';
import { runIndex } from '../core/index/indexJob';
import type { IndexRequest, WorkerMessage } from '../shared/workerProtocol';

/** Progress messages at most this often. */
const PROGRESS_EVERY_MS = 250;

export async function runIndexJob(request: IndexRequest, send: (message: WorkerMessage) => void, shouldStop: () => boolean): Promise<boolean> {
  const started = Date.now();
  const cpuStart = process.cpuUsage();
  let lastProgress = 0;
  try {
    const log = (message: string) => send({ type: 'log', level: 'info', message });
    log(`the index job started ${process.uptime().toFixed(2)} s after its process`);
    const base = readCheckpoint(request.baseModel);
    const previous = readPrevious(request.out, send);
    log(`read the base model${previous ? ' and the saved index' : ''} in ${((Date.now() - started) / 1000).toFixed(2)} s`);
    await runIndex(
      {
        base,
        previous,
        roots: request.roots,
        excludes: request.roots.map((_, r) => request.excludes?.[r] ?? request.corpus.excludeGlobs),
        focus: request.focus ?? [],
        limits: { maxFileBytes: request.corpus.maxFileBytes, maxLineLength: request.corpus.maxLineLength, maxTotalBytes: request.corpus.maxTotalBytes },
        sizes: stackSizesFor(request.contextMemoryMB),
      },
      {
        shouldStop,
        log,
        onProgress: (progress) => {
          if (Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
          lastProgress = Date.now();
          send({ type: 'indexProgress', progress });
        },
        save: (index, result) => {
          if (index) writeIndexAtomic(request.out, index);
          const cpu = process.cpuUsage(cpuStart);
          const { summary } = result;
          send({
            type: 'indexed',
            file: request.out,
            files: summary.files,
            bytes: summary.bytes,
            seconds: (Date.now() - started) / 1000,
            phase: result.phase,
            written: index !== undefined,
            filesRead: result.filesRead,
            bytesRead: result.bytesRead,
            filesKept: result.filesKept,
            summary,
            cpuSeconds: (cpu.user + cpu.system) / 1e6,
            peakRssBytes: process.resourceUsage().maxRSS * 1024,
          });
        },
      },
    );
    return true;
  } catch (err) {
    const kind = err instanceof CheckpointError ? 'checkpoint' : 'training';
    send({ type: 'error', kind, message: (err as Error).message, file: err instanceof CheckpointError ? err.file : undefined });
    return false;
  }
}

/** The saved index, or undefined (none, or one that cannot be used: it is built again, and the log says why). */
function readPrevious(file: string, send: (message: WorkerMessage) => void): SavedIndex | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return readIndex(file);
  } catch (err) {
    if (!(err instanceof IndexFileError)) throw err;
    send({ type: 'log', level: 'warn', message: err.message });
    return undefined;
  }
}
