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
// (TF_CPP_MIN_LOG_LEVEL=2 does not silence the oneDNN banner this libtensorflow logs while it
// loads: tensorflowNoise.mjs filters it where we start the process.)
//
// How many: measured with `npm run bench:train -- --threads 1,2 --batch 32,64,128 --rounds 3`
// (the whole-step LSTM trainer, medians of alternating rounds on this shared 2-core machine;
// the README has the figures). A step is a chain of ~450 ops; at B <= 64 most are small
// (64 recurrent steps per layer, forward and backward), and a second thread slows them down
// more than it speeds up the few large matmuls: TensorFlow's BlockLSTMV2 takes 26 ms per
// layer with two threads against 13 ms with one, a [32,1024]x[1024,256] matmul 154 us against
// 101 us, while a [2048,256]x[256,1024] one gains (5.2 ms -> 3.3 ms). chars/s, 1 thread vs 2,
// two runs: B 32: 20,238 vs 15,097 and 20,063 vs 14,927; B 64: 23,624 vs 22,568 and 23,659
// vs 22,023; B 128: 25,593 vs 25,410 and 21,397 vs 25,154 (even here; the large matmuls'
// share, which a second thread speeds up, grows with B and with more cores). So below
// MULTI_THREAD_MIN_BATCH one thread is the automatic choice (at the default B = 32, for the
// extension and the CLI alike); from it, the extension takes half the cores (the other half
// stays with the editor) and the CLI all of them. Only the LSTM was measured. TF_ENABLE_ONEDNN_OPTS=0
// was slower (with the earlier, tape-based trainer: CPU time per step 160-190 ms against
// 120-155 ms, alternating; now: small matmuls 220 us against 154 us with two threads).
import os from 'node:os';
import { integerOption } from './options';

/** recur.training.threads: 0 = automatic (automaticThreads); `recur train --threads` takes 1 and up. */
export const THREADS_OPTION = integerOption(0, { min: 0, max: 256 });

/** Below this batch size a second thread slows a training step down (measured above); at it the two were even here, and the large matmuls a second thread speeds up weigh more as B grows. */
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
