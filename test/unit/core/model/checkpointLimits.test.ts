// Checkpoints made to do harm or damaged where no tensor checksum looks: a deflate bomb, huge
// sizes in the header or the context section's description, single-byte flips in the
// header, fields of the wrong type. The hostile files are written in version 2 (no header
// checksum: what an attacker writes most easily, and what older Recur wrote). Each is refused with one line naming the file (or loads
// unchanged), within 10 s and 1 GB; the memory-hungry ones run in a child process under that
// limit (boundedChild.ts), so a regression fails the test instead of the machine.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Checkpoint, CheckpointError, decodeCheckpoint, encodeCheckpoint, integrityNote, readCheckpoint } from '../../../../src/core/model/checkpoint';
import { describeRun, runTsBounded } from '../../helpers/boundedChild';
import { deflateBomb, joinCheckpoint, replaceTensor, splitCheckpoint } from '../../helpers/checkpointEdits';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'models');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-hostile-ckpt-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The fixture with context models, written in the current format. */
let withContext: Buffer;
before(() => {
  withContext = encodeCheckpoint(readCheckpoint(path.join(FIXTURES, 'tiny-mix.recur')));
});

/** Loads `file` as the editor and the CLI do (checkpoint, then its context models) in a child: its one-line error, or 'loaded'. */
async function loadInChild(file: string, label: string): Promise<string> {
  const run = await runTsBounded(`
    const { readCheckpoint } = require('./src/core/model/checkpoint');
    const { stackFromSection } = require('./src/core/predict/stackState');
    try {
      const c = readCheckpoint(${JSON.stringify(file)});
      if (c.context) stackFromSection(c.context);
      console.log('loaded');
    } catch (err) {
      console.log(String(err.message).split('\\n')[0]);
    }
  `);
  console.log(`${label}: ${describeRun(run)}`);
  assert.ok(!run.timedOut && !run.overMemory, `${label}: ${describeRun(run)}`);
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

function write(name: string, bytes: Buffer): string {
  const file = path.join(scratch, name);
  writeFileSync(file, bytes);
  return file;
}

test('a 10 MB deflate bomb (9.4 GB of zeros) in the context table is refused before it is inflated', async () => {
  const bomb = await deflateBomb(150);
  assert.ok(bomb.length < 10 * 2 ** 20);
  const parts = splitCheckpoint(withContext);
  // As declared: its shape says 9.4 GB.
  const honest = write('bomb-declared.recur', joinCheckpoint(replaceTensor(parts, 'context.table', bomb, { shape: [150 * 2 ** 26] }), 2));
  assert.match(await loadInChild(honest, 'bomb, declared 9.4 GB'), /bomb-declared\.recur: .*(more than|would take)/);
  // Hidden: a plausible 64 MB declared, the stream inflates far past it.
  const hidden = write('bomb-hidden.recur', joinCheckpoint(replaceTensor(parts, 'context.table', bomb, { shape: [2 ** 26] }), 2));
  assert.match(await loadInChild(hidden, 'bomb, declared 64 MB'), /bomb-hidden\.recur: tensor context\.table inflates past its declared size/);
  // As small as the real table: more stored bytes than its data could ever deflate to.
  const small = write('bomb-small.recur', joinCheckpoint(replaceTensor(parts, 'context.table', bomb), 2));
  assert.match(await loadInChild(small, 'bomb, declared as the table'), /bomb-small\.recur: tensor context\.table is stored larger than its data could be/);
});

test('huge sizes in the context description are refused before allocation (workspaceCapacity 3e9, tableBuckets 2^31)', async () => {
  const parts = splitCheckpoint(withContext);
  const meta = parts.header.context as Record<string, unknown>;
  const capacity = write('capacity.recur', joinCheckpoint({ ...parts, header: { ...parts.header, context: { ...meta, workspaceCapacity: 3e9 } } }, 2));
  assert.match(await loadInChild(capacity, 'workspaceCapacity 3e9'), /workspace text capacity of 3000000000 bytes/);
  const buckets = write('buckets.recur', joinCheckpoint({ ...parts, header: { ...parts.header, context: { ...meta, tableBuckets: 2 ** 31 } } }, 2));
  assert.match(await loadInChild(buckets, 'tableBuckets 2^31'), /table of 2147483648 buckets/);
});

test('huge sizes in the header are refused before allocation: tensor shapes, header length, tensor count', async () => {
  const parts = splitCheckpoint(withContext);
  const resized = (name: string, shape: number[]) => ({ ...parts, header: { ...parts.header, tensors: parts.header.tensors.map((t) => (t.name === name ? { ...t, shape } : t)) } });
  const weight = write('weight-shape.recur', joinCheckpoint(resized('embedding', [256, 3e9]), 2));
  assert.match(await loadInChild(weight, 'embedding [256, 3e9]'), /weight-shape\.recur: tensor embedding has shape \[256, 3000000000\]/);
  const context = write('context-shape.recur', joinCheckpoint(resized('context.apm1', [3e9]), 2));
  assert.match(await loadInChild(context, 'context.apm1 [3e9]'), /context-shape\.recur: .*would take more than/);
  const length = joinCheckpoint(parts, 2);
  length.writeUInt32LE(0xfffffff0, 8);
  assert.match(await loadInChild(write('header-length.recur', length), 'header length 4 GB'), /header-length\.recur: .*header claims 4294967280 bytes/);
  const many = { ...parts, header: { ...parts.header, tensors: Array.from({ length: 100_000 }, (_, i) => ({ name: `context.t${i}`, shape: [1], dtype: 'uint8', bytes: 1, crc32: 0 })) } };
  assert.match(await loadInChild(write('many-tensors.recur', joinCheckpoint(many, 2)), '100,000 tensors'), /many-tensors\.recur: .*tensors must have at most 4096 entries/);
});

/** Everything a decoded checkpoint says, tensors included, for "harmless" comparisons. */
function content(ckpt: Checkpoint): unknown {
  const { integrity: _integrity, ...rest } = ckpt;
  return rest;
}

test('40 single-byte flips in the header are each refused with a message naming the file, or harmless', () => {
  const bytes = withContext;
  const headerEnd = 12 + bytes.readUInt32LE(8) + 4;
  const original = content(decodeCheckpoint(bytes, 'm.recur'));
  let refused = 0;
  for (let k = 0; k < 40; k++) {
    const at = 8 + Math.floor(((headerEnd - 8) * (k + 0.5)) / 40);
    const damaged = Buffer.from(bytes);
    damaged[at] ^= [0x01, 0x02, 0x10, 0x20][k % 4];
    try {
      assert.deepEqual(content(decodeCheckpoint(damaged, 'm.recur')), original, `flip at byte ${at} (${JSON.stringify(String.fromCharCode(bytes[at]))}) was accepted and changed the checkpoint`);
    } catch (err) {
      if (err instanceof assert.AssertionError) throw err;
      assert.ok(err instanceof CheckpointError && /^m\.recur: /.test(err.message) && !err.message.includes('\n'), `flip at ${at}: ${(err as Error).message}`);
      refused++;
    }
  }
  console.log(`header flips: ${refused} of 40 refused, ${40 - refused} harmless`);
});

test('header fields of the wrong type or shape give one line naming the file and the field, not a TypeError', () => {
  const parts = splitCheckpoint(withContext);
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['corpus.roots: 5', { corpus: { roots: 5, trainFiles: 1, validationFiles: 1, trainBytes: 1, validationBytes: 1 } }, /corpus\.roots must be a list/],
    ['tensors: null', { tensors: null }, /tensors must be a list, not null/],
    ['shape of floats', { tensors: parts.header.tensors.map((t, i) => (i === 0 ? { ...t, shape: [1.5, 2] } : t)) }, /tensors\[0\]\.shape \(embedding\) must be a whole number >= 0, not 1\.5/],
    ['model: null', { model: null }, /model must be an object, not null/],
    ['metrics.train: {}', { metrics: { train: {} } }, /metrics\.train must be a list/],
    ['metrics.startEval: {}', { metrics: { startEval: {} } }, /metrics\.startEval must be a list/],
    ['metrics.startEval[0].valBpc: "x"', { metrics: { startEval: [{ run: 1, step: 0, elapsedSec: 0, valBpc: 'x' }] } }, /metrics\.startEval\[0\]\.valBpc must be a number or null/],
    ['train.seqLength: -3', { train: { ...(parts.header.train as object), seqLength: -3 } }, /train\.seqLength must be an integer >= 4 <= 1024, not -3/],
  ];
  for (const [label, edit, expected] of cases) {
    for (const version of [2, 3] as const) {
      const bytes = joinCheckpoint({ ...parts, header: { ...parts.header, ...edit } }, version);
      assert.throws(
        () => decodeCheckpoint(bytes, 'edited.recur'),
        (err: unknown) =>
          err instanceof CheckpointError && err.message.startsWith('edited.recur: its header is not valid: ') && expected.test(err.message) && /Delete it or train a fresh model/.test(err.message),
        `${label} (version ${version})`,
      );
    }
  }
});

test('version 2 files load with their header unchecked and say so; version 1 files say their data is unchecked', () => {
  const v2 = decodeCheckpoint(joinCheckpoint(splitCheckpoint(withContext), 2), 'old.recur');
  assert.equal(v2.integrity, 'headerUnchecked');
  assert.match(integrityNote(v2, 'old.recur')!, /^old\.recur is a version 2 checkpoint: its tensors are checksummed but its header is not/);
  const v1 = readCheckpoint(path.join(FIXTURES, 'tiny-lstm.recur'));
  assert.equal(v1.integrity, 'unchecked');
  assert.match(integrityNote(v1, 'tiny-lstm.recur')!, /version 1 checkpoint: its data has no checksums/);
  assert.equal(integrityNote(decodeCheckpoint(withContext), 'new.recur'), undefined);
  assert.equal(readFileSync(path.join(FIXTURES, 'tiny-mix.recur')).length > 0, true);
});
