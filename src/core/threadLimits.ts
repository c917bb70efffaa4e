// How many CPU threads libtensorflow (tfjs-node) may use, and a lowered priority.
// TensorFlow reads these environment variables once, when its thread pools are created,
// so they must be set before '@tensorflow/tfjs-node' is loaded.
//
// TF_NUM_INTRAOP_THREADS is the variable that limits; one thread is the automatic choice
// below MULTI_THREAD_MIN_BATCH (docs/decisions.md has the measurements behind both).
import os from 'node:os';
import { integerOption } from './options';

/** recur.training.threads: 0 = automatic (automaticThreads); `recur train --threads` takes 1 and up. */
export const THREADS_OPTION = integerOption(0, { min: 0, max: 256 });

/** Below this batch size a second thread slows a training step down (docs/decisions.md). */
export const MULTI_THREAD_MIN_BATCH = 128;

/**
 * The automatic thread count (recur.training.threads = 0; the CLI without --threads): one
 * thread below MULTI_THREAD_MIN_BATCH; from it, `share` of the cores, at least 1: 'half' for
 * the extension (the other half stays with the editor), 'all' for the CLI.
 */
export function automaticThreads(batchSize: number, share: 'half' | 'all' = 'half', cores = os.cpus().length): number {
  if (batchSize < MULTI_THREAD_MIN_BATCH) return 1;
  return Math.max(1, share === 'all' ? cores : Math.floor(cores / 2));
}

/** Environment that limits TensorFlow's thread pools to `threads` threads. */
export function threadEnvironment(threads: number): Record<string, string> {
  const n = String(Math.max(1, Math.floor(threads)));
  return {
    TF_NUM_INTRAOP_THREADS: n, // the pool that runs one op (matMul...) in parallel: the one that limits (1 = inline, one thread)
    TF_NUM_INTEROP_THREADS: '1', // runs independent ops concurrently; eager tfjs does not use it (one idle thread less)
    OMP_NUM_THREADS: n, // OpenMP builds only; no effect measured on this one
    TF_CPP_MIN_LOG_LEVEL: '2', // TensorFlow's info and warning logs off
  };
}

/** Lowers this process's scheduling priority so the editor stays responsive. */
export function lowerPriority(): void {
  try {
    os.setPriority(0, 10);
  } catch {
    /* not permitted here: run at normal priority */
  }
}
