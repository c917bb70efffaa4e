// Makes the small seeded model the completion tests use (test/fixtures/models/):
//   npx tsx scripts/make-fixture-model.ts
// tiny-mix.recur: a 1-layer LSTM (E 16, H 64, ~42k parameters) trained for a few hundred
// steps on FIXTURE_TEXT below (the fixture workspace's math.ts and a few lines), with its
// context models (a 4 MB budget, the smallest) built from the same text; the mixer is
// fitted on the code fixture's files (test/fixtures/workspace-code/src), real code it has
// not seen, so it learns how far to trust each part as on a real workspace. The whole stack
// continues FIXTURE_TEXT confidently: after "  return a" it suggests " + b;". Training
// uses tfjs-node (seeded init and batching); the file is committed, so tests do not train.
// tiny-lstm.recur, beside it, is the same network as an earlier Recur wrote it (checkpoint
// format 1, no context models, no checksums): the tests keep it to prove such files still
// load and suggest; this script no longer writes it.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { joinFiles } from '../src/core/corpus/readCorpus';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_TRAIN_CONFIG, type ModelConfig } from '../src/core/model/config';
import { encodeText } from '../src/core/vocabulary';
import { createTfjsBackend } from '../src/core/train/tf/tfjsBackend';
import { runTraining } from '../src/core/train/trainer';
import { CONTEXT_MEMORY_MB_RANGE, stackSizesFor } from '../src/core/predict/stackConfig';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'test', 'fixtures', 'models', 'tiny-mix.recur');

export const FIXTURE_TEXT = `${readFileSync(path.join(ROOT, 'test', 'fixtures', 'workspace-small', 'src', 'math.ts'), 'utf8')}
export function greet(name: string): string {
  return 'Hello, ' + name + '!';
}
`;

async function main(): Promise<void> {
  const model: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 16, hiddenSize: 64, layers: 1 };
  const text = Array.from({ length: 40 }, () => FIXTURE_TEXT).join('\n');
  const bytes = encodeText(text);
  const codeDir = path.join(ROOT, 'test', 'fixtures', 'workspace-code', 'src');
  const codeFiles = readdirSync(codeDir)
    .sort()
    .map((name) => readFileSync(path.join(codeDir, name)));
  const validationBytes = joinFiles(codeFiles.map((bytes) => ({ bytes })));
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-fixture-'));
  try {
    const summary = await runTraining({
      backend: createTfjsBackend(),
      model,
      train: { ...DEFAULT_TRAIN_CONFIG, seqLength: 48, batchSize: 16, learningRate: 1e-2, warmupSteps: 20, maxSteps: 600, maxMinutes: 0, evalEvery: 100, patience: 0, seed: 7 },
      trainBytes: bytes,
      validationBytes,
      corpus: { roots: ['fixture'], trainFiles: 1, validationFiles: codeFiles.length, trainBytes: bytes.length, validationBytes: validationBytes.length },
      bestCheckpointPath: path.join(scratch, 'best.recur'),
      latestCheckpointPath: path.join(scratch, 'latest.recur'),
      shouldStop: () => false,
      onEvent: (event) => {
        if (event.kind === 'eval') process.stderr.write(`step ${event.point.step}: validation bpc ${event.point.valBpc.toFixed(3)}\n`);
      },
      logEvery: 50,
      context: { sizes: stackSizesFor(CONTEXT_MEMORY_MB_RANGE.min) },
    });
    copyFileSync(path.join(scratch, 'best.recur'), OUT);
    process.stdout.write(`${OUT}: ${summary.steps} steps, validation bpc ${summary.bestValBpc.toFixed(3)} (network alone), ${summary.bestMixBpc.toFixed(3)} (with context models)\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main();
