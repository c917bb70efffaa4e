// A long-trained model: a checkpoint whose history holds 200,000 logged steps is continued
// by `recur train` (the trainer's ranges over the history once spread it into Math.max's
// arguments, which overflows the call stack past about 120,000 points), within 10 s and 1 GB.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCheckpoint, writeCheckpointAtomic } from '../../../src/core/model/checkpoint';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/core/model/config';
import { describeRun, runBounded } from '../helpers/boundedChild';
import { buildOnce, CLI, FIXTURE } from '../helpers/buildOnce';
import { longHistory } from '../helpers/longHistory';

const POINTS = 200_000;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-long-'));
before(() => buildOnce());
after(() => rmSync(scratch, { recursive: true, force: true }));

test('recur train continues a checkpoint with a 200,000-point history', async () => {
  const fixture = readCheckpoint(path.join(FIXTURE, '..', 'models', 'tiny-lstm.recur'));
  const { train, eval: evals } = longHistory(POINTS);
  const out = path.join(scratch, 'long.recur');
  const step = POINTS * 5;
  writeCheckpointAtomic(path.join(scratch, 'long.latest.recur'), {
    ...fixture,
    train: { ...DEFAULT_TRAIN_CONFIG, seqLength: 16, batchSize: 4 },
    step,
    metrics: {
      runs: [{ run: 1, startedAt: '2026-01-01T00:00:00.000Z', startStep: 0, cell: fixture.model.cell, hiddenSize: fixture.model.hiddenSize, layers: fixture.model.layers }],
      train,
      eval: evals,
      baselines: [],
    },
  });
  const run = await runBounded(process.execPath, [CLI, 'train', FIXTURE, '--out', out, '--steps', '10', '--seq', '16', '--batch', '4', '--context-mb', '0', '--json'], {
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    timeoutMs: 60_000,
  });
  console.log(`continue a 200,000-point history for 10 steps: ${describeRun(run)}`);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, new RegExp(`continuing .* from step ${step}`));
  const latest = readCheckpoint(path.join(scratch, 'long.latest.recur'));
  assert.equal(latest.step, step + 10);
  assert.equal(latest.metrics.train.length, POINTS + 2, 'the old history kept, 2 points logged (every 5 steps)');
  assert.ok(latest.metrics.train.at(-1)!.elapsedSec > POINTS / 2, 'time continues from the end of the history');
  assert.ok(!run.overMemory && run.peakRssBytes < 1024 ** 3, describeRun(run));
});
