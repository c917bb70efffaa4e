// Where the base model's training keeps its files: the cache's checkpoints (the running
// piece's best and latest) and the training state committed between sessions.
import path from 'node:path';
import { cacheRoot, repoRoot } from '../lib/run.mjs';

export const baseModelDir = path.join(cacheRoot, 'base-model');
/** The latest checkpoint of the running piece: the network, Adam's state and the history. */
export const latestCheckpoint = path.join(baseModelDir, 'base.latest.recur');
/** The training state kept in the repository between sessions (npm run keep:base-training; not in the VSIX). */
export const committedTrainingState = path.join(repoRoot, 'models', 'training', 'base.latest.recur');
