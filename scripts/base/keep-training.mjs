// npm run keep:base-training
// Copies the base model's training state (the latest checkpoint in the cache: the network,
// Adam's state and the history, written atomically at each evaluation) into
// models/training/, to be committed before a session ends: a new machine's cache is empty,
// and `npm run train:base` continues from this copy there. Safe while a piece runs (it copies
// the last evaluation's state).
import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { log, repoRoot } from '../lib/run.mjs';
import { committedTrainingState, latestCheckpoint } from './paths.mjs';

if (!existsSync(latestCheckpoint)) {
  console.error(`[recur] no training state to keep: ${latestCheckpoint} is missing (run npm run train:base first)`);
  process.exit(1);
}
mkdirSync(path.dirname(committedTrainingState), { recursive: true });
const staging = `${committedTrainingState}.partial`;
copyFileSync(latestCheckpoint, staging);
renameSync(staging, committedTrainingState);
const mb = (statSync(committedTrainingState).size / 1e6).toFixed(1);
log(`kept the training state (${mb} MB) in ${path.relative(repoRoot, committedTrainingState)}; commit it`);
