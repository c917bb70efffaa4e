// The training process: started by the extension with child_process.fork (dist/worker.js),
// never inside the extension host (libtensorflow stays out of the editor's process, and
// tfjs-node does not work in worker_threads).
//
// Start it with `serialization: 'advanced'` (scores may be NaN, which JSON cannot carry).
// Protocol (../shared/workerProtocol.ts): the child sends `ready`; the parent sends `start`; the child sends
// `corpus`, a stream of `event`s and `log`s, or one `error`, then exits. (Or the parent sends
// `index`, and the child sends `indexed` or `error`: runIndexJob.ts.) `stop` (or the
// parent's disconnect, or SIGTERM) ends the run at the next step; the latest checkpoint is
// written.
//
// The backend: 'auto' (../core/train/chooseBackend.ts): tfjs-node where its binding loads (the
// platform VSIX, a source checkout), else the portable WebAssembly backend (the universal VSIX
// ships no tfjs-node: its require fails, and the log says so).
// Threads: the parent sets TF_NUM_INTRAOP_THREADS / TF_NUM_INTEROP_THREADS / OMP_NUM_THREADS
// in this process's environment (../core/threadLimits.ts); libtensorflow reads them when it creates
// its thread pools, so the training backend (tfjs-node) is loaded only after that, when the
// job is about to train. The portable backend trains on one thread.
import { isParentMessage, type WorkerMessage } from '../shared/workerProtocol';
import { lowerPriority } from '../core/threadLimits';
import { runIndexJob } from './runIndexJob';
import { runWorkerJob } from './runWorkerJob';
import type { TrainingBackend } from '../core/train/backend';
import { chooseBackend } from '../core/train/chooseBackend';
import { onStopSignals } from '../core/stopSignals';

/** The backend for a training job: the first that loads here; one passed over is logged with the reason. */
function chooseAutomatically(): Promise<TrainingBackend> {
  return chooseBackend('auto', {
    onUnavailable: (name, reason) => send({ type: 'log', level: 'info', message: `the ${name} training backend is not available here (${reason}); trying the next one` }),
  });
}

let stopRequested = false;
let started = false;

/** Messages handed to the IPC channel and not yet written (a large one, e.g. a long history, takes a while). */
let unsent = 0;
let whenAllSent: (() => void) | undefined;

function send(message: WorkerMessage): void {
  if (!process.connected || !process.send) return;
  unsent++;
  process.send(message, undefined, {}, () => {
    unsent--;
    if (unsent === 0) whenAllSent?.();
  });
}

process.on('message', (message: unknown) => {
  if (!isParentMessage(message)) return;
  if (message.type === 'stop') {
    stopRequested = true;
    return;
  }
  if (started) return;
  started = true;
  void (async () => {
    const shouldStop = () => stopRequested || !process.connected;
    let ok: boolean;
    if (message.type === 'index')
      ok = await runIndexJob(message.request, send, shouldStop); // no network: no tfjs
    else ok = await runWorkerJob(message.request, chooseAutomatically, send, shouldStop);
    finish(ok ? 0 : 1);
  })().catch((err: unknown) => {
    send({ type: 'error', kind: 'training', message: err instanceof Error ? err.message : String(err) });
    finish(1);
  });
});

// SIGTERM or SIGINT (a kill, a shutdown): stop at the next step and save, as on `stop`.
onStopSignals(() => {
  stopRequested = true;
  if (!started) process.exit(0);
});

// The parent went away (window closed, extension host crashed): stop at the next step.
process.on('disconnect', () => {
  stopRequested = true;
  if (!started) process.exit(0);
});

/**
 * Exits once the IPC channel has written the last messages: disconnecting with a write still
 * pending drops it (the parent then sees a process that ended without its result).
 */
function finish(code: number): void {
  process.exitCode = code;
  const close = () => {
    if (process.connected) process.disconnect();
    setTimeout(() => process.exit(code), 200).unref();
  };
  if (unsent === 0) close();
  else {
    whenAllSent = close;
    setTimeout(close, 10_000).unref(); // a parent that stopped reading does not keep this process alive
  }
}

lowerPriority();
if (!process.send) {
  process.stderr.write('recur training worker: start me with child_process.fork (it talks over IPC)\n');
  process.exit(2);
}
send({ type: 'ready', pid: process.pid });
