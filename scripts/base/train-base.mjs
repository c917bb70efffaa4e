// npm run train:base [-- --minutes M] [--threads N] [--lr PEAK] [--from CKPT] [--fresh]
// Trains the base model (models/README.md) on the base corpus with the project's own
// trainer (`recur train`), at the default model size, at lowered priority, resuming from its
// latest checkpoint in ${RECUR_CACHE_DIR:-~/.cache/recur}/base-model/ (so it can run in
// pieces across sessions). Builds the corpus first when it is missing (npm run corpus:base).
// `npm run export:base` then writes models/base.recur from the best checkpoint.
//
// Each piece is one training run: warmup, then cosine decay over its --minutes budget
// (default 120), so a long training is a series of warm restarts; --lr lowers the peak of a
// later piece (default: the trainer's). --from CKPT starts from that checkpoint's network when
// base-model/ holds none to continue (a new corpus: the best-by-validation is then chosen
// afresh on its validation files, and the trainer halves the peak, as for any fine-tuning).
// On a machine whose cache holds no checkpoint to continue (a fresh machine), it continues
// the training state committed at the end of the last session (models/training/, written by
// `npm run keep:base-training`: the network with Adam's state and its history), or, when
// there is none, the shipped network, models/base.recur, the way --from does.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { log, repoRoot, runAsync } from '../lib/run.mjs';
import { publicCodeRoot } from '../lib/public-code.mjs';
import { baseModelDir, committedTrainingState, latestCheckpoint as latest } from './paths.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};

const corpusFiles = path.join(publicCodeRoot, 'base-corpus', 'files');
const out = path.join(baseModelDir, 'base.recur');

if (!existsSync(corpusFiles)) {
  log('base corpus missing: building it (npm run corpus:base)...');
  const code = await runAsync('npm', ['run', 'corpus:base'], { cwd: repoRoot });
  if (code !== 0) process.exit(code);
}
if (!existsSync(path.join(repoRoot, 'dist', 'cli.js'))) {
  const code = await runAsync('npm', ['run', 'build'], { cwd: repoRoot });
  if (code !== 0) process.exit(code);
}
mkdirSync(baseModelDir, { recursive: true });
// Where to start when the cache holds nothing to continue and neither --from nor --fresh chose.
let from = option('--from');
if (!from && !args.includes('--fresh') && !existsSync(out) && !existsSync(latest)) {
  const shipped = path.join(repoRoot, 'models', 'base.recur');
  if (existsSync(committedTrainingState)) {
    copyFileSync(committedTrainingState, latest);
    log(`no checkpoint in ${baseModelDir} to continue: continuing the committed training state (${path.relative(repoRoot, committedTrainingState)})`);
  } else if (existsSync(shipped)) {
    from = shipped;
    log(`no checkpoint in ${baseModelDir} to continue: continuing the shipped network (${path.relative(repoRoot, shipped)})`);
  }
}
const trainArgs = [
  path.join(repoRoot, 'bin', 'recur.js'),
  'train',
  corpusFiles,
  '--out',
  out,
  '--minutes',
  option('--minutes', '120'),
  '--threads',
  option('--threads', '1'),
  '--max-mb',
  '256', // the whole corpus (models/README.md: about 95 MB)
  '--eval-every',
  option('--eval-every', '250'),
  '--patience',
  '0', // the base corpus's validation is noisy (15 languages): never stop early
  '--context-mb',
  '0', // the network alone here; export:base fits the prediction stack
  ...(option('--lr') ? ['--lr', option('--lr')] : []),
  ...(from ? ['--from', path.resolve(from)] : []),
  ...(args.includes('--fresh') ? ['--fresh'] : []),
];
log(`training the base model into ${out} (resumes from ${path.basename(out, '.recur')}.latest.recur when it exists)`);
// nice 19: the base model trains in the background of whatever else the machine does.
const code = await runAsync('nice', ['-n', '19', process.execPath, ...trainArgs], { cwd: repoRoot, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
process.exit(code);
