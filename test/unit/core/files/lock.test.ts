// Locks and temporary files left behind must never block the next run (src/core/files/lock.ts,
// atomicWrite.ts): an empty lock file (its writer failed on a full disk), a lock or a
// temporary file whose pid now belongs to another process, and a full disk while locking.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireLock, LockHeldError, lockPathFor, OWNER_WRITE_GRACE_MS } from '../../../../src/core/files/lock';
import { sweepStaleTemps } from '../../../../src/core/files/atomicWrite';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-lock-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const dir = path.join(scratch, `case-${n++}`);
  mkdirSync(dir);
  return path.join(dir, 'm.recur');
};
const age = (file: string, ms: number) => utimesSync(file, new Date(Date.now() - ms), new Date(Date.now() - ms));

test('an empty (0-byte) lock file older than a moment is taken over; a brand-new one is respected', () => {
  const file = fresh();
  writeFileSync(lockPathFor(file), '');
  assert.throws(() => acquireLock(file, 'test'), LockHeldError, 'being written right now, perhaps');
  age(lockPathFor(file), OWNER_WRITE_GRACE_MS + 1000);
  const lock = acquireLock(file, 'test');
  assert.deepEqual(lock.tookOverFrom, { owner: undefined });
  lock.release();
  assert.ok(!existsSync(lockPathFor(file)));
});

test('a damaged lock file is taken over the same way', () => {
  const file = fresh();
  writeFileSync(lockPathFor(file), '{"pid": 12');
  age(lockPathFor(file), 60_000);
  acquireLock(file, 'test').release();
});

test('a lock without a start time whose pid now belongs to a process started after it is stale', () => {
  const file = fresh();
  // This test process is alive under that pid, but it started after 2020: not the lock's owner.
  writeFileSync(lockPathFor(file), JSON.stringify({ pid: process.pid, host: os.hostname(), purpose: 'recur train', since: '2020-01-01T00:00:00.000Z' }));
  const lock = acquireLock(file, 'test');
  assert.equal(lock.tookOverFrom?.owner?.since, '2020-01-01T00:00:00.000Z');
  lock.release();
  // The same pid, dated after this process started: its owner, alive.
  writeFileSync(lockPathFor(file), JSON.stringify({ pid: process.pid, host: os.hostname(), purpose: 'recur train', since: new Date().toISOString() }));
  assert.throws(
    () => acquireLock(file, 'test'),
    (err: unknown) => err instanceof LockHeldError && /in use by another recur train \(pid \d+/.test(err.message),
  );
});

test('a temporary file whose pid was reused by a later process is swept; one this process writes now is kept', () => {
  const file = fresh();
  const dir = path.dirname(file);
  const reused = `.m.recur.${process.pid}.1600000000000.tmp`;
  const mine = `.m.recur.${process.pid}.${Date.now()}.tmp`;
  for (const name of [reused, mine]) writeFileSync(path.join(dir, name), 'x');
  const removed = sweepStaleTemps([file]).map((f) => path.basename(f));
  assert.ok(removed.includes(reused), `removed: ${removed.join(', ')}`);
  assert.ok(!removed.includes(mine));
  assert.ok(readdirSync(dir).includes(mine));
});

/** A 64 KB tmpfs, filled to the last byte (root only; undefined where mounting is not allowed). */
function fullDisk(): { dir: string; unmount(): void } | undefined {
  const dir = path.join(scratch, `tmpfs-${n++}`);
  mkdirSync(dir);
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status !== 0) return undefined;
  spawnSync('dd', ['if=/dev/zero', `of=${path.join(dir, 'filler')}`, 'bs=4k'], { stdio: 'ignore' }); // stops at ENOSPC
  return { dir, unmount: () => execFileSync('umount', [dir]) };
}

test('a full disk while locking leaves no lock file behind: the next run is not blocked', (t) => {
  const disk = fullDisk();
  if (!disk) return t.skip('cannot mount a small tmpfs here (needs root)');
  try {
    const file = path.join(disk.dir, 'm.recur');
    assert.throws(
      () => acquireLock(file, 'test'),
      (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOSPC',
    );
    assert.ok(!existsSync(lockPathFor(file)), 'no 0-byte lock left');
    rmSync(path.join(disk.dir, 'filler'));
    acquireLock(file, 'test').release();
  } finally {
    disk.unmount();
  }
});
