// SIGTERM in the middle of a run (kill, a service manager, a shutdown) keeps the steps taken
// since the last save: `recur train` and the training process stop after the current step
// and write the latest checkpoint, as Ctrl-C and a stop request do.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCheckpoint } from '../../../src/core/model/checkpoint';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/core/model/config';
import type { WorkerMessage } from '../../../src/shared/workerProtocol';
import { buildOnce, CLI, FIXTURE, WORKER } from '../helpers/buildOnce';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-sigterm-'));
before(() => buildOnce());
after(() => rmSync(scratch, { recursive: true, force: true }));

const TINY = ['--hidden', '16', '--embedding', '8', '--layers', '1', '--seq', '16', '--batch', '4', '--context-mb', '0'];

test('recur train: SIGTERM after some steps (none saved yet) saves them all and exits 0', async () => {
  const out = path.join(scratch, 'cli.recur');
  // No evaluation (so no save) before the signal: everything trained so far exists only in memory.
  const child = spawn(process.execPath, [CLI, 'train', FIXTURE, '--steps', '1000000', '--eval-every', '1000000', '--out', out, '--json', ...TINY], {
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', RECUR_PROGRESS_MS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const stepsSeen = await new Promise<number>((resolve) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const steps = [...stderr.matchAll(/training: .*step (\d+),/g)].map((m) => Number(m[1]));
      if (steps.length && steps.at(-1)! >= 20) resolve(steps.at(-1)!);
    });
  });
  assert.ok(!existsSync(path.join(scratch, 'cli.latest.recur')), 'nothing saved before the signal');
  const signalledAt = Date.now();
  child.kill('SIGTERM');
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  console.log(`recur train: stopped ${Date.now() - signalledAt} ms after SIGTERM`);
  // The reason first: a report may show only the message's first lines.
  assert.equal(code, 0, `exit code ${code}, signal ${signal}; the end of stderr:\n${stderr.split('\n').slice(-8).join('\n')}`);
  assert.match(stderr, /stopping after this step \(SIGTERM\)/);
  const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as { steps: number };
  const latest = readCheckpoint(path.join(scratch, 'cli.latest.recur'));
  assert.ok(summary.steps >= stepsSeen, `${summary.steps} steps trained, ${stepsSeen} seen`);
  assert.equal(latest.step, summary.steps, 'every step trained is in the latest checkpoint');
});

test('the training process: SIGTERM after some steps saves them all', async () => {
  const best = path.join(scratch, 'worker.recur');
  const latestFile = path.join(scratch, 'worker.latest.recur');
  const child = fork(WORKER, [], { serialization: 'advanced', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', TF_NUM_INTRAOP_THREADS: '1' }, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  let lastStep = 0;
  let signalled = false;
  child.on('message', (m: WorkerMessage) => {
    if (m.type === 'ready') {
      child.send({
        type: 'start',
        request: {
          model: { cell: 'gru', vocabSize: 256, embeddingSize: 8, hiddenSize: 16, layers: 1 },
          train: { ...DEFAULT_TRAIN_CONFIG, seqLength: 16, batchSize: 4, maxSteps: 1_000_000, maxMinutes: 0, evalEvery: 1_000_000, warmupSteps: 2, patience: 0 },
          fresh: true,
          bestCheckpointPath: best,
          latestCheckpointPath: latestFile,
          roots: [FIXTURE],
          corpus: { maxTotalBytes: 1 << 20, maxFileBytes: 1 << 16, maxLineLength: 1000, excludeGlobs: [] },
          contextMemoryMB: 0,
        },
      });
    }
    if (m.type === 'event' && m.event.kind === 'step') {
      lastStep = m.event.point.step;
      if (lastStep >= 20 && !signalled) {
        signalled = true;
        child.kill('SIGTERM');
      }
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(code, 0);
  assert.ok(existsSync(latestFile), 'the latest checkpoint was written');
  assert.ok(readCheckpoint(latestFile).step >= lastStep, `saved at step ${readCheckpoint(latestFile).step}, ${lastStep} reported`);
});
