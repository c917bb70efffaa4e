// The CLI's side of issue items 6 and 7: `recur train --verbose` names every file left out,
// the summary line names the flag that admits a too-large file, `recur complete --file` on a
// FIFO refuses at once instead of hanging, and long commands show progress on stderr.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildOnce, FIXTURE, runCli } from './helpers/buildOnce';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-inputs-'));
const TINY = ['--hidden', '16', '--embedding', '8', '--layers', '1', '--seq', '16', '--batch', '4', '--context-mb', '0'];
before(() => buildOnce());
after(() => rmSync(scratch, { recursive: true, force: true }));

test('train --verbose names each file left out; the summary names the flag that admits it', () => {
  const ws = path.join(scratch, 'ws');
  mkdirSync(path.join(ws, 'src'), { recursive: true });
  for (const name of ['a', 'b', 'c']) writeFileSync(path.join(ws, 'src', `${name}.ts`), `export const ${name} = 1;\n`.repeat(20));
  writeFileSync(path.join(ws, 'huge.json'), `[${'1,'.repeat(400 * 1024)}1]\n`);
  writeFileSync(path.join(ws, 'data.bin2'), Buffer.from([0, 1, 2, 3]));
  const out = path.join(scratch, 'v.recur');
  const r = runCli(['train', ws, '--steps', '1', '--out', out, '--max-file-kb', '100', '--max-line', '100000', '--verbose', ...TINY], scratch);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /left out huge\.json: 800 KB, over the 100 KB file-size cap \(raise --max-file-kb to include it\)/);
  assert.match(r.stderr, /left out data\.bin2: binary/);
  assert.match(r.stderr, /left out: .*1 over the 100 KB file-size cap \(--max-file-kb\)/);
  const quiet = runCli(['train', ws, '--steps', '1', '--out', out, '--max-file-kb', '100', ...TINY], scratch);
  assert.match(quiet.stderr, /--verbose lists them/);
  assert.doesNotMatch(quiet.stderr, /left out huge\.json/);
});

test('complete --file on a FIFO refuses at once instead of hanging', () => {
  const fifo = path.join(scratch, 'pipe');
  execFileSync('mkfifo', [fifo]);
  const model = path.join(FIXTURE, '..', 'models', 'tiny-lstm.recur');
  const started = Date.now();
  const r = runCli(['complete', model, '--file', fifo, '--offset', '0'], scratch, { timeoutMs: 20_000 });
  assert.notEqual(r.code, null, 'it did not hang (killed by the timeout)');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /recur: .*pipe: not a regular file \(a FIFO, socket or device\); --file must name a text file/);
  assert.ok(Date.now() - started < 20_000);
  const asCheckpoint = runCli(['complete', fifo, '--file', path.join(FIXTURE, 'src', 'math.ts')], scratch, { timeoutMs: 20_000 });
  assert.notEqual(asCheckpoint.code, null, 'a FIFO as the checkpoint does not hang either');
  assert.match(asCheckpoint.stderr, /pipe: not a regular file/);
});

test('eval, train and sample show progress on stderr while they work', () => {
  const out = path.join(scratch, 'p.recur');
  const env = { RECUR_PROGRESS_MS: '0' }; // every update, so a small run shows them too
  const train = runCli(['train', FIXTURE, '--steps', '10', '--out', out, ...TINY], scratch, { env });
  assert.equal(train.code, 0, train.stderr);
  assert.match(train.stderr, /^training: \d+%, step \d+/m);
  const ev = runCli(['eval', out, FIXTURE], scratch, { env });
  assert.equal(ev.code, 0, ev.stderr);
  assert.match(ev.stderr, /^eval: \d+%, [\d.]+ MB, \d+ s/m);
  const sample = runCli(['sample', out, '--length', '20', '--seed', '1'], scratch, { env });
  assert.match(sample.stderr, /^sample: \d+%, \d+ of 20 bytes/m);
  const quiet = runCli(['eval', out, FIXTURE, '--quiet'], scratch, { env });
  assert.doesNotMatch(quiet.stderr, /eval:/);
});
