// Loads tfjs-node (libtensorflow): the one place that does, for the training process
// (src/worker/trainingWorker.ts, on `start`) and the CLI commands that need it (train, eval, sample).
// Only after the thread limits and the log level are in the environment: TensorFlow reads
// them once, when it creates its thread pools (../../threadLimits.ts). The extension host never
// calls this (the lint rules keep tfjs out of src/editor/).
import { threadEnvironment } from '../../threadLimits';

let loaded = false;

/** `threads`: limit TensorFlow's pools to this many threads (undefined: leave the environment as it is). */
export function loadTfjs(threads?: number): void {
  if (loaded) return;
  if (threads !== undefined) Object.assign(process.env, threadEnvironment(threads));
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  // A plain require: the bundles keep tfjs-node external, resolved at run time from node_modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-node');
  loaded = true;
}
