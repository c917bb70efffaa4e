// The checkpoint thread (src/core/index/checkpointThread.ts): what the extension host uses to
// read checkpoints without stopping. The same result as a read on the caller's thread, the
// same one-line errors, and the caller's event loop keeps turning while the base model (8 MB,
// 13 deflated tables) is read.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CheckpointError, readCheckpoint, readCheckpointHeader, writeCheckpointAtomic } from '../../../../src/core/model/checkpoint';
import { CheckpointThread } from '../../../../src/core/index/checkpointThread';
import { IndexFileError, readIndex, writeIndexAtomic } from '../../../../src/core/index/indexFile';

const ENTRY = path.join(__dirname, '..', '..', 'helpers', 'checkpointThreadEntry.cjs');
const BASE = path.join(__dirname, '..', '..', '..', '..', 'models', 'base.recur');
const thread = new CheckpointThread(ENTRY);
const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-thread-'));
after(() => {
  thread.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

test('a checkpoint read in the thread equals one read here; without the optimizer when asked', async () => {
  const file = path.join(__dirname, '..', '..', '..', 'fixtures', 'models', 'tiny-mix.recur');
  const here = readCheckpoint(file);
  const there = await thread.read(file);
  assert.deepEqual(there, here);
  const light = await thread.read(file, { optimizer: false });
  assert.equal(light.optimizer, undefined);
  assert.deepEqual(light.weights, here.weights);
  assert.deepEqual(await thread.header(file), readCheckpointHeader(file));
});

test('errors come back as the same one line, a CheckpointError naming the file', async () => {
  const bad = path.join(scratch, 'bad.recur');
  writeFileSync(bad, 'not a checkpoint at all');
  await assert.rejects(
    thread.read(bad),
    (err: unknown) =>
      err instanceof CheckpointError &&
      err.file === bad &&
      err.message === `${bad}: not a Recur checkpoint (wrong magic bytes). Delete it or train a fresh model ("Recur: Train on Workspace", then "Start fresh").`,
  );
  await assert.rejects(thread.header(path.join(scratch, 'missing.recur')), /missing\.recur: cannot be read \(ENOENT\)/);
  assert.equal(await thread.headerIfReadable(bad), undefined);
});

test("the caller's event loop keeps turning while the base model is read in the thread", async () => {
  await thread.header(BASE); // the thread is up
  let ticks = 0;
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    ticks++;
  }, 5);
  const started = performance.now();
  const ckpt = await thread.read(BASE, { optimizer: false });
  const threadMs = performance.now() - started;
  clearInterval(timer);
  const syncStarted = performance.now();
  readCheckpoint(BASE, { optimizer: false });
  const syncMs = performance.now() - syncStarted;
  console.log(`base model: ${threadMs.toFixed(0)} ms in the thread (${ticks} ticks of the caller's loop, longest gap ${longest.toFixed(0)} ms); ${syncMs.toFixed(0)} ms read on the caller's thread`);
  assert.ok(ckpt.context, 'with its context models');
  assert.ok(ticks >= 3, `the caller's loop ran ${ticks} times during a ${threadMs.toFixed(0)} ms read`);
});

test('a caller that only shows the history gets it thinned in the thread (every step still counted)', async () => {
  const fixture = readCheckpoint(path.join(__dirname, '..', '..', '..', 'fixtures', 'models', 'tiny-lstm.recur'));
  const train = Array.from({ length: 50_000 }, (_, i) => ({
    run: 1,
    step: 5 * (i + 1),
    elapsedSec: i,
    bpc: 2,
    gradNorm: 1,
    clipped: false,
    windowSteps: 5,
    clippedSteps: 0,
    learningRate: 0.002,
    charsPerSec: 1000,
  }));
  const file = path.join(scratch, 'long.recur');
  writeCheckpointAtomic(file, { ...fixture, metrics: { runs: [], train, eval: [], baselines: [] } });
  const info = await thread.header(file, { maxTrainPoints: 1000 });
  assert.ok(info.metrics.train.length <= 1000, `${info.metrics.train.length} points`);
  assert.equal(
    info.metrics.train.reduce((n, p) => n + (p.windowSteps ?? 1), 0),
    250_000,
  );
  assert.equal((await thread.read(file, { maxTrainPoints: 1000 })).metrics.train.length, info.metrics.train.length);
  assert.equal((await thread.header(file)).metrics.train.length, 50_000, 'whole unless asked');
});

test('a saved workspace index read in the thread equals one read here; its header alone; a damaged one is an IndexFileError naming it', async () => {
  const file = path.join(scratch, 'base-index.recur');
  const manifest = {
    roots: ['/w'],
    files: [{ root: 0, path: 'a.ts', size: 3, mtimeMs: 1, bytes: 3, language: 'typescript' }],
    learnedBytes: 3,
    staleBytes: 0,
    leftOut: { binary: 2 },
    budgetBytes: 1024,
    builtAt: '2026-01-01T00:00:00.000Z',
    complete: true,
  };
  writeIndexAtomic(file, { base: { name: 'recur-base', step: 7, charsSeen: 70 }, manifest, stack: { meta: { version: 1 }, tensors: { t: { data: Float32Array.from([1, 2.5]), shape: [2] } } } });
  const whole = readIndex(file);
  assert.deepEqual(await thread.index(file), whole);
  assert.deepEqual(await thread.indexHeader(file), { base: whole.base, manifest: whole.manifest }, 'the header alone');
  const bad = path.join(scratch, 'bad-index.recur');
  writeFileSync(bad, 'RECURIX\nnonsense');
  await assert.rejects(thread.index(bad), (err: unknown) => err instanceof IndexFileError && err.file === bad && err.message.startsWith(`${bad}: `));
  assert.equal(await thread.indexHeader(bad), undefined);
});
