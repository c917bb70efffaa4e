// The tfjs-node training backend ('tensorflow', ../backend.ts): TensorFlow's kernels through
// tfjs-node's binding. Creating it loads libtensorflow (loadTfjs.ts) with the thread limit
// given, or the one already in the environment (the training process's parent sets it).
// Only chooseBackend.ts creates it.
import type { TrainingBackend } from '../backend';
import { loadTfjs } from './loadTfjs';
import * as tf from './tf';
import { TrainableModel } from './trainStep';

export function createTfjsBackend(options: { threads?: number } = {}): TrainingBackend {
  loadTfjs(options.threads);
  return {
    name: 'tensorflow',
    description: describe(),
    createNetwork: (config, weights, optimizer) => new TrainableModel(config, weights, optimizer),
  };
}

/** "tfjs-node (TensorFlow 2.21.0, 1 thread)" */
function describe(): string {
  const version = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding?.TF_Version;
  const threads = Number(process.env.TF_NUM_INTRAOP_THREADS);
  const parts = [version ? `TensorFlow ${version}` : 'TensorFlow', threads > 0 ? `${threads} thread${threads === 1 ? '' : 's'}` : "TensorFlow's default threads"];
  return `tfjs-node (${parts.join(', ')})`;
}
