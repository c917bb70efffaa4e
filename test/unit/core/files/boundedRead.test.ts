// The bounded reader (src/core/files/boundedRead.ts): regular files only, never through a
// link, never outside the folder, at most maxBytes, with a timeout; sync and async agree.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BoundedRead, FileRefusedError, readBounded, readBoundedOrThrow, readBoundedSync, withOpenedFile } from '../../../../src/core/files/boundedRead';

const root = mkdtempSync(path.join(os.tmpdir(), 'recur-bounded-'));
const outsideDir = mkdtempSync(path.join(os.tmpdir(), 'recur-bounded-outside-'));
after(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outsideDir, { recursive: true, force: true });
});
writeFileSync(path.join(root, 'ok.txt'), 'hello');
writeFileSync(path.join(root, 'big.txt'), 'x'.repeat(5000));
writeFileSync(path.join(outsideDir, 'secret.txt'), 'secret');
execFileSync('mkfifo', [path.join(root, 'fifo')]);
symlinkSync('/dev/zero', path.join(root, 'zero'));
symlinkSync(path.join(root, 'ok.txt'), path.join(root, 'link-inside'));
symlinkSync(path.join(outsideDir, 'secret.txt'), path.join(root, 'link-outside'));
symlinkSync(outsideDir, path.join(root, 'linked-folder'));
mkdirSync(path.join(root, 'sub'));
writeFileSync(path.join(root, 'sub', 'inner.txt'), 'inner');

const options = { maxBytes: 1024, within: root };

async function both(name: string, extra: Partial<typeof options> & { followLinks?: boolean } = {}): Promise<BoundedRead> {
  const file = path.join(root, name);
  const sync = readBoundedSync(file, { ...options, ...extra });
  const async = await readBounded(file, { ...options, ...extra });
  assert.deepEqual(async, sync, `${name}: sync and async agree`);
  return sync;
}

const reasonOf = (read: BoundedRead) => (read.ok ? 'ok' : read.reason);

test('regular files inside the folder are read whole', async () => {
  const read = await both('ok.txt');
  assert.ok(read.ok && read.bytes.toString() === 'hello');
  const inner = await both('sub/inner.txt');
  assert.ok(inner.ok && inner.bytes.toString() === 'inner');
});

test('FIFOs, devices, links, linked folders and files over the cap are refused', async () => {
  assert.equal(reasonOf(await both('fifo')), 'notRegular');
  assert.equal(reasonOf(await both('zero')), 'symlink');
  assert.equal(reasonOf(await both('link-inside')), 'symlink', 'no link is followed, even to a file inside');
  assert.equal(reasonOf(await both('link-outside')), 'symlink');
  assert.equal(reasonOf(await both('linked-folder/secret.txt')), 'outside');
  assert.deepEqual(await both('big.txt'), { ok: false, reason: 'tooLarge', size: 5000 });
  assert.equal(reasonOf(await both('missing.txt')), 'missing');
  assert.equal(reasonOf(readBoundedSync('/dev/null', { maxBytes: 10 })), 'notRegular');
});

test('followLinks follows a link to a regular file, still never to a device', async () => {
  const read = await both('link-outside', { followLinks: true, within: undefined });
  assert.ok(read.ok && read.bytes.toString() === 'secret');
  assert.equal(reasonOf(await both('zero', { followLinks: true, within: undefined })), 'notRegular');
});

test('readBoundedOrThrow names the file and the reason', () => {
  assert.throws(
    () => readBoundedOrThrow(path.join(root, 'fifo'), options),
    (err: unknown) => err instanceof FileRefusedError && err.message === `${path.join(root, 'fifo')}: not a regular file (a FIFO, socket or device)`,
  );
});

test('a read that does not finish in time gives up with a timeout, and the file is closed later', async () => {
  const started = Date.now();
  let release!: () => void;
  const result = await withOpenedFile(
    path.join(root, 'ok.txt'),
    { ...options, timeoutMs: 200 },
    () => new Promise<BoundedRead>((resolve) => (release = () => resolve({ ok: true, bytes: Buffer.alloc(0) }))),
  );
  assert.deepEqual(result, { ok: false, reason: 'timeout' });
  assert.ok(Date.now() - started < 2000);
  release();
});
