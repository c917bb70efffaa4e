// The one place the trainer side imports tfjs from. tfjs-core only: the backend
// (tfjs-node's 'tensorflow') is chosen at the entry points (worker, CLI, benches, tests),
// which import '@tensorflow/tfjs-node' and so register it into this same tfjs-core.
// Bundles that contain this file must keep '@tensorflow/tfjs-core' external next to
// '@tensorflow/tfjs-node', so there is only one tfjs-core (one engine, one Tensor class).
export * from '@tensorflow/tfjs-core';
