// The trainer's checkpoints: weights written and read back give identical logits, and a
// save that fails midway leaves the previous checkpoint intact.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import '@tensorflow/tfjs-node';
import { type Checkpoint, encodeCheckpoint, readCheckpoint, writeCheckpointAtomic } from '../../../../src/core/model/checkpoint';
import { DEFAULT_TRAIN_CONFIG, type ModelConfig } from '../../../../src/core/model/config';
import { emptyMetrics } from '../../../../src/shared/metrics';
import { initWeights } from '../../../../src/core/model/initWeights';
import { forwardLogits } from '../../../../src/core/train/tf/network';
import { TrainableModel } from '../../../../src/core/train/tf/trainStep';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-trainckpt-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

function trainedCheckpoint(config: ModelConfig, steps: number): Checkpoint {
  const model = new TrainableModel(config, initWeights(config, 2));
  try {
    const inputs = Int32Array.from({ length: 2 * 8 }, (_, i) => 97 + (i % 7));
    const targets = Int32Array.from({ length: 2 * 8 }, (_, i) => 97 + ((i + 1) % 7));
    for (let s = 0; s < steps; s++) model.step(inputs, targets, 2, 1e-2, 5);
    return { model: config, train: { ...DEFAULT_TRAIN_CONFIG }, step: steps, charsSeen: steps * 16, weights: model.weights(), optimizer: model.optimizer.exportState(), metrics: emptyMetrics() };
  } finally {
    model.dispose();
  }
}

test('save -> load gives bit-identical logits, for each cell', () => {
  for (const cell of ['lstm', 'gru', 'rnn'] as const) {
    const config: ModelConfig = { cell, vocabSize: 256, embeddingSize: 5, hiddenSize: 7, layers: 2 };
    const ckpt = trainedCheckpoint(config, 3);
    const file = path.join(scratch, `${cell}.ckpt`);
    writeCheckpointAtomic(file, ckpt);
    const loaded = readCheckpoint(file);
    const inputs = [Array.from('hello, world', (c) => c.charCodeAt(0))];
    const before = forwardLogits(ckpt.weights, config, inputs).logits;
    const afterLoad = forwardLogits(loaded.weights, loaded.model, inputs).logits;
    assert.equal(before.length, 12 * 256);
    assert.deepEqual(afterLoad, before);
    assert.equal(loaded.optimizer?.step, 3);
    assert.deepEqual(loaded.optimizer?.m, ckpt.optimizer?.m);
    // Training moved the weights away from their initial values (the round trip is not vacuous).
    assert.notDeepEqual(forwardLogits(initWeights(config, 2), config, inputs).logits, before);
  }
});

test('a save that fails midway leaves the previous checkpoint intact', () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 16, hiddenSize: 64, layers: 2 };
  const dir = mkdtempSync(path.join(scratch, 'crash-'));
  const file = path.join(dir, 'latest.ckpt');
  const previous = trainedCheckpoint(config, 1);
  writeCheckpointAtomic(file, previous);
  const previousBytes = encodeCheckpoint(readCheckpoint(file));

  // A child process writes a newer checkpoint with the file size limit set below its size,
  // so the write fails partway through (EFBIG, or killed by SIGXFSZ).
  const next = trainedCheckpoint(config, 4);
  const payload = path.join(dir, 'next.bin');
  writeFileSync(payload, encodeCheckpoint(next));
  const fullSize = statSync(payload).size;
  const script = `const fs = require('node:fs'); const { decodeCheckpoint, writeCheckpointAtomic } = require(${JSON.stringify(path.join(ROOT, 'src/core/model/checkpoint.ts'))});
    const ckpt = decodeCheckpoint(fs.readFileSync(${JSON.stringify(payload)}));
    process.stdout.write('writing\\n');
    writeCheckpointAtomic(${JSON.stringify(file)}, ckpt);
    process.stdout.write('written\\n');`;
  const limitKb = Math.floor(fullSize / 1024 / 2); // half the file
  const child = spawnSync('bash', ['-c', `ulimit -f ${limitKb}; exec "${process.execPath}" --import tsx -e "$0"`, script], { cwd: ROOT, encoding: 'utf8' });
  assert.match(child.stdout, /writing/, `the child got to the write: ${child.stderr}`);
  assert.doesNotMatch(child.stdout, /written/, 'the write must have failed');
  assert.ok(child.status !== 0 || child.signal, 'the child failed');

  const survivor = readCheckpoint(file);
  assert.equal(survivor.step, 1);
  assert.ok(encodeCheckpoint(survivor).equals(previousBytes), 'the previous checkpoint is unchanged');
  const leftovers = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
  for (const f of leftovers) assert.ok(statSync(path.join(dir, f)).size < fullSize, 'only a partial temporary file can remain');
});
