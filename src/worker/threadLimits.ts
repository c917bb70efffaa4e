// How many CPU threads libtensorflow (tfjs-node) may use, and a lowered priority.
// TensorFlow reads these environment variables once, when its thread pools are created,
// so they must be set before '@tensorflow/tfjs-node' is loaded.
//
// Measured (2-core machine, `recur train` on src/ with H=256, B=32; busy threads counted from
// /proc/PID/task/*/stat over 8 s, script kept in the report): no variable -> 3 busy threads
// (the JS thread runs each op and 2 intra-op pool threads join it); TF_NUM_INTRAOP_THREADS=1
// -> exactly 1 busy thread (ops run inline), 1.00 core; TF_NUM_INTRAOP_THREADS=2 -> 3 busy
// threads (the pool's 2 plus the calling thread); OMP_NUM_THREADS=1 alone and
// TF_NUM_INTEROP_THREADS=1 alone -> no change (3 busy threads). So TF_NUM_INTRAOP_THREADS is
// the one that limits; the others are set for builds that use them and cost nothing.
// (TF_CPP_MIN_LOG_LEVEL=2 does not silence the one-line oneDNN banner of this libtensorflow.)
//
// How many (the native-kernel trainer, `npm run bench:train -- --threads 1,2 --batch
// 32,64,128`, medians of alternating rounds on this shared 2-core machine, load average 6-13):
// a step is a chain of small ops (64 recurrent steps per layer, forward and backward) plus a
// few large matmuls. The small ones lose with a second thread (a [32,256]x[256,1024] matmul:
// 162 us with 1 thread, 284 us with 2: the pool's hand-off costs more than the work), the
// large ones gain ([2048,256]x[256,1024]: 6.0 ms -> 3.7 ms). chars/s, 1 thread vs 2, two
// runs: B 32: 11,505 vs 7,008 and 9,001 vs 6,951; B 64: 11,646 vs 12,836 and 11,208 vs
// 12,539; B 128: 11,769 vs 14,108 and 7,940 vs 14,552. So at the default B = 32 one thread
// is the faster setting here, and the extension keeps half the cores (on 2 cores: 1, and
// the editor keeps the other); the CLI sets no limit unless --threads is given (a second
// thread pays from B = 64, or on more cores). TF_ENABLE_ONEDNN_OPTS=0 was slower (CPU time
// per step 160-190 ms against 120-155 ms, alternating).
import os from 'node:os';
import { integerOption } from '../core/options';

/** recur.training.threads: 0 = automatic (automaticThreads); `recur train --threads` takes 1 and up. */
export const THREADS_OPTION = integerOption(0, { min: 0, max: 256 });

/** recur.training.threads = 0: half the cores, at least 1 (the other half stays with the editor). */
export function automaticThreads(cores = os.cpus().length): number {
  return Math.max(1, Math.floor(cores / 2));
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
