// `recur train` never loses or silently replaces a model (issue items 1, 2, 4, 5): a best
// checkpoint without its .latest sibling is continued, --fresh keeps the old files, two runs
// on the same --out cannot both write, a stale lock or temporary file of a killed run is
// cleaned up, a missing --out folder is found before training, and a continued model that
// keeps its shape says so.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCheckpoint } from '../../../src/core/model/checkpoint';
import { buildOnce, CLI, FIXTURE, runCli } from '../helpers/buildOnce';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-safety-'));
const TINY = ['--hidden', '16', '--embedding', '8', '--layers', '1', '--seq', '16', '--batch', '4', '--context-mb', '0'];
before(() => buildOnce());
after(() => rmSync(scratch, { recursive: true, force: true }));

function folder(name: string): string {
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A pid that certainly belongs to no running process: one that has just exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

test('a best checkpoint without its .latest sibling is continued, not replaced by a new model', () => {
  const dir = folder('no-latest');
  const out = path.join(dir, 'm.recur');
  assert.equal(runCli(['train', FIXTURE, '--steps', '6', '--out', out, ...TINY], dir).code, 0);
  rmSync(path.join(dir, 'm.latest.recur'));
  const before = readCheckpoint(out);
  const second = runCli(['train', FIXTURE, '--steps', '2', '--out', out, ...TINY], dir);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /m\.latest\.recur is missing: continuing from the best checkpoint .*m\.recur \(step 6\)/);
  assert.match(second.stderr, /run 2: .* from step 6/);
  const latest = readCheckpoint(path.join(dir, 'm.latest.recur'));
  assert.equal(latest.step, 8, 'the run went on from the best checkpoint');
  const best = readCheckpoint(out);
  assert.ok(best.step >= before.step, `the best checkpoint is the old one or a better continuation (step ${best.step})`);
  assert.ok(best.metrics.eval.length >= before.metrics.eval.length, 'its history is kept');
});

test('--fresh keeps the old files as *.previous', () => {
  const dir = folder('fresh');
  const out = path.join(dir, 'm.recur');
  assert.equal(runCli(['train', FIXTURE, '--steps', '3', '--out', out, ...TINY], dir).code, 0);
  const fresh = runCli(['train', FIXTURE, '--steps', '2', '--out', out, '--fresh', ...TINY], dir);
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.match(fresh.stderr, /kept the previous m\.recur as .*m\.recur\.previous/);
  assert.equal(readCheckpoint(`${out}.previous`).step, 3);
  assert.equal(readCheckpoint(path.join(dir, 'm.latest.recur.previous')).step, 3);
  assert.equal(readCheckpoint(path.join(dir, 'm.latest.recur')).step, 2);
});

test('a shape flag that a continued model cannot take is named, with how to start fresh', () => {
  const dir = folder('shape');
  const out = path.join(dir, 'm.recur');
  assert.equal(runCli(['train', FIXTURE, '--steps', '2', '--out', out, ...TINY], dir).code, 0);
  const again = runCli(['train', FIXTURE, '--steps', '1', '--out', out, ...TINY, '--hidden', '32', '--cell', 'gru'], dir);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /warning: --cell gru, --hidden 32 not applied: .*m\.latest\.recur holds an LSTM, 1 × 16, embedding 8, and a continued model keeps its shape\. Add --fresh/);
  assert.match(again.stderr, /run 2: \d+ parameters \(the shape of m\.latest\.recur, not of --cell\/--hidden\)/);
  const same = runCli(['train', FIXTURE, '--steps', '1', '--out', out, ...TINY], dir);
  assert.doesNotMatch(same.stderr, /not applied/, 'no warning when the flags agree');
});

test('a second run on the same --out stops at once, naming the first; a stale lock is taken over', async () => {
  const dir = folder('lock');
  const out = path.join(dir, 'm.recur');
  const first = spawn(process.execPath, [CLI, 'train', FIXTURE, '--steps', '100000', '--out', out, ...TINY], { cwd: dir, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' }, stdio: 'ignore' });
  try {
    const deadline = Date.now() + 60_000;
    while (!existsSync(`${out}.lock`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(existsSync(`${out}.lock`), 'the first run holds the lock');
    const started = Date.now();
    const second = runCli(['train', FIXTURE, '--steps', '2', '--out', out, ...TINY], dir);
    assert.notEqual(second.code, 0, 'the second run must not train');
    assert.match(second.stderr, new RegExp(`recur: .*m\\.recur is in use by another recur train \\(pid ${first.pid}, since .*\\); wait for it to finish or stop it \\(kill ${first.pid}\\)`));
    assert.ok(Date.now() - started < 20_000, 'it stops before reading or training');
  } finally {
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
  }
  // The killed run's lock is stale: the next run takes it over.
  assert.ok(existsSync(`${out}.lock`));
  const third = runCli(['train', FIXTURE, '--steps', '2', '--out', out, ...TINY], dir);
  assert.equal(third.code, 0, third.stderr);
  assert.match(third.stderr, /took over the lock left by another recur train \(pid \d+/);
  assert.ok(!existsSync(`${out}.lock`), 'the lock is released at the end');
});

test('a lock whose pid was reused by an unrelated process is still stale', () => {
  const dir = folder('reused');
  const out = path.join(dir, 'm.recur');
  // process.pid is alive, but it is not the process that took this lock (its start time differs).
  writeFileSync(`${out}.lock`, JSON.stringify({ pid: process.pid, startTicks: 1, host: os.hostname(), purpose: 'recur train', since: '2020-01-01T00:00:00.000Z' }));
  const r = runCli(['train', FIXTURE, '--steps', '1', '--out', out, ...TINY], dir);
  assert.equal(r.code, 0, r.stderr);
});

test('temporary files of killed writers are removed at start; those of live processes are kept', () => {
  const dir = folder('temps');
  const out = path.join(dir, 'm.recur');
  const dead = deadPid();
  const stale = [`.m.recur.${dead}.1700000000000.tmp`, `.m.latest.recur.${dead}.1700000000001.tmp`];
  for (const name of stale) writeFileSync(path.join(dir, name), Buffer.alloc(1 << 20));
  const live = `.m.recur.${process.pid}.${Date.now()}.tmp`; // written by this (live) process, after it started
  writeFileSync(path.join(dir, live), 'x');
  const other = `.notes.txt.${dead}.1700000000003.tmp`; // not a checkpoint's: not ours to remove
  writeFileSync(path.join(dir, other), 'x');
  const r = runCli(['train', FIXTURE, '--steps', '1', '--out', out, ...TINY], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /removed 2 temporary file\(s\) left by an interrupted write/);
  const left = readdirSync(dir)
    .filter((f) => f.endsWith('.tmp'))
    .sort();
  assert.deepEqual(left, [live, other].sort());
});

test('a missing --out folder is found before reading or training, and the message names --out', () => {
  const dir = folder('missing-out');
  const out = path.join(dir, 'no', 'such', 'm.recur');
  const started = Date.now();
  const r = runCli(['train', FIXTURE, '--steps', '50', '--out', out, ...TINY], dir);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /recur: --out .*no\/such\/m\.recur: the folder .*no\/such does not exist; create it first/);
  assert.doesNotMatch(r.stderr, /\.tmp|step \d|corpus:/);
  assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
});
