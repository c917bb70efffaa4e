// Makes the small seeded models the completion tests use (test/fixtures/models/):
//   npx tsx scripts/make-fixture-model.ts
// tiny-lstm.recur: a 1-layer LSTM (E 16, H 64, ~42k parameters, ~170 KB) trained for a few
// hundred steps on FIXTURE_TEXT below (the fixture workspace's math.ts and a few lines), so
// it continues that text confidently: after "  return a" it suggests " + b;". Training
// uses tfjs-node (seeded init and batching); the file is committed, so tests do not train.
import '@tensorflow/tfjs-node';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_TRAIN_CONFIG, type ModelConfig } from '../src/core/model/config';
import { encodeText } from '../src/core/model/vocabulary';
import { runTraining } from '../src/core/train/trainer';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'test', 'fixtures', 'models', 'tiny-lstm.recur');

export const FIXTURE_TEXT = `${readFileSync(path.join(ROOT, 'test', 'fixtures', 'workspace-small', 'src', 'math.ts'), 'utf8')}
export function greet(name: string): string {
  return 'Hello, ' + name + '!';
}
`;

async function main(): Promise<void> {
  const model: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 16, hiddenSize: 64, layers: 1 };
  const text = Array.from({ length: 40 }, () => FIXTURE_TEXT).join('\n');
  const bytes = encodeText(text);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-fixture-'));
  try {
    const summary = await runTraining({
      model,
      train: { ...DEFAULT_TRAIN_CONFIG, seqLength: 48, batchSize: 16, learningRate: 1e-2, warmupSteps: 20, maxSteps: 600, maxMinutes: 0, evalEvery: 100, patience: 0, seed: 7 },
      trainBytes: bytes,
      validationBytes: encodeText(FIXTURE_TEXT),
      corpus: { roots: ['fixture'], trainFiles: 1, validationFiles: 1, trainBytes: bytes.length, validationBytes: FIXTURE_TEXT.length },
      bestCheckpointPath: path.join(scratch, 'best.recur'),
      latestCheckpointPath: path.join(scratch, 'latest.recur'),
      shouldStop: () => false,
      onEvent: (event) => {
        if (event.kind === 'eval') process.stderr.write(`step ${event.point.step}: validation bpc ${event.point.valBpc.toFixed(3)}\n`);
      },
      logEvery: 50,
    });
    copyFileSync(path.join(scratch, 'best.recur'), OUT);
    process.stdout.write(`${OUT}: ${summary.steps} steps, validation bpc ${summary.bestValBpc.toFixed(3)}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main();
