// Loads tfjs-node (libtensorflow) for the commands that need it, and only then: after the
// thread limits and the log level are in the environment, which TensorFlow reads once.
import { threadEnvironment } from '../worker/threadLimits';

let loaded = false;

export function loadTfjs(threads?: number): void {
  if (loaded) return;
  if (threads !== undefined) Object.assign(process.env, threadEnvironment(threads));
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-node');
  loaded = true;
}
