// An exclusive lock on a file that several processes may want to write (a checkpoint):
// the lock is a file NAME.lock created with O_EXCL, holding its owner's pid, process start
// time, host and purpose. Another process that finds it learns who holds it; a lock is stale,
// and is taken over, when
//   - its owner is no longer running on this host (killed, crashed, machine restarted), or
//     its pid now belongs to another process (./processIdentity.ts);
//   - it cannot be read as a lock (empty: its writer failed or died between creating it and
//     writing it, e.g. on a full disk; or damaged) and is older than OWNER_WRITE_GRACE_MS,
//     the moment its writer needs to fill it.
// Released by release() and, as a last resort, when the process exits. A writer that cannot
// fill its new lock (ENOSPC) removes it before the error goes on.
//
// Taking over a stale lock: it is first renamed to a name of our own, then checked to be the
// same file (inode, size, mtime) that was judged stale, so two processes that both found it
// stale cannot both end up holding the lock.
import { closeSync, linkSync, openSync, renameSync, type Stats, statSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import { readBoundedSync } from './boundedRead';
import { isSameProcessRunning, selfIdentity } from './processIdentity';

export interface LockOwner {
  pid: number;
  /** Process start time in clock ticks since boot (Linux), to tell a reused pid apart. */
  startTicks?: number;
  host: string;
  /** What it is doing, in a few words (e.g. "recur train", "VS Code training process"). */
  purpose: string;
  /** ISO time the lock was taken. */
  since: string;
}

/** How long a new lock file may stay empty while its writer fills it. */
export const OWNER_WRITE_GRACE_MS = 2000;
/** A lock file is a line of JSON: anything larger is not one. */
const MAX_LOCK_BYTES = 64 * 1024;

/** The file is locked by another running process. */
export class LockHeldError extends Error {
  constructor(
    readonly file: string,
    readonly owner: LockOwner | undefined,
  ) {
    super(`${file} is in use by ${describeOwner(owner)}; wait for it to finish or stop it${owner && owner.host === os.hostname() ? ` (kill ${owner.pid})` : ''}, then try again`);
    this.name = 'LockHeldError';
  }
}

export function describeOwner(owner: LockOwner | undefined): string {
  if (!owner) return 'another process (its lock file cannot be read)';
  const host = owner.host === os.hostname() ? '' : ` on ${owner.host}`;
  return `another ${owner.purpose} (pid ${owner.pid}${host}, since ${owner.since})`;
}

export interface FileLock {
  /** The lock file. */
  readonly path: string;
  /** When a stale lock was taken over: its owner (undefined owner: the lock file was empty or damaged). */
  readonly tookOverFrom: { owner: LockOwner | undefined } | undefined;
  release(): void;
}

export function lockPathFor(file: string): string {
  return `${file}.lock`;
}

/** What a lock file says: its owner (undefined when it cannot be read as one) and the file's identity. */
type LockRead = { kind: 'missing' } | { kind: 'found'; owner: LockOwner | undefined; file: Stats };

function parseOwner(text: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(text) as LockOwner;
    return owner && Number.isInteger(owner.pid) && typeof owner.host === 'string' ? owner : undefined;
  } catch {
    return undefined; // being written right now, empty, or damaged
  }
}

function readLock(lockFile: string): LockRead {
  let file: Stats;
  try {
    file = statSync(lockFile);
  } catch {
    return { kind: 'missing' };
  }
  const read = readBoundedSync(lockFile, { maxBytes: MAX_LOCK_BYTES });
  if (!read.ok && read.reason === 'missing') return { kind: 'missing' };
  return { kind: 'found', owner: read.ok ? parseOwner(read.bytes.toString('utf8')) : undefined, file };
}

function isStale(lock: Extract<LockRead, { kind: 'found' }>, now = Date.now()): boolean {
  const { owner } = lock;
  if (!owner) return now - lock.file.mtimeMs > OWNER_WRITE_GRACE_MS;
  return owner.host === os.hostname() && !isSameProcessRunning(owner.pid, owner.startTicks, Date.parse(owner.since));
}

/**
 * Takes the lock on `file` (creating `file.lock`), or throws LockHeldError naming the
 * process that holds it. Errors from the file system (a missing folder, no permission, a
 * full disk) go through unchanged, and leave no lock file.
 */
export function acquireLock(file: string, purpose: string): FileLock {
  const lockFile = lockPathFor(file);
  const me: LockOwner = { ...selfIdentity(), host: os.hostname(), purpose, since: new Date().toISOString() };
  let tookOverFrom: FileLock['tookOverFrom'];
  let last: LockRead = { kind: 'missing' };
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockFile, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      last = readLock(lockFile);
      if (last.kind === 'missing') continue; // released meanwhile: try again
      if (!isStale(last)) throw new LockHeldError(file, last.owner);
      if (takeOverStale(lockFile, last.file)) tookOverFrom = { owner: last.owner };
      continue;
    }
    writeOwner(fd, lockFile, me);
    return heldLock(lockFile, me, tookOverFrom);
  }
  throw new LockHeldError(file, last.kind === 'found' ? last.owner : undefined);
}

/** Fills a new lock file; on failure (ENOSPC...) removes it, so it cannot block the next run. */
function writeOwner(fd: number, lockFile: string, me: LockOwner): void {
  try {
    try {
      const bytes = Buffer.from(JSON.stringify(me));
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    removeQuietly(lockFile);
    throw err;
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* gone */
  }
}

/** Moves a stale lock out of the way; puts it back if, by then, the lock file was another (someone else's live lock). */
function takeOverStale(lockFile: string, stale: Stats): boolean {
  const aside = `${lockFile}.${process.pid}.stale`;
  try {
    renameSync(lockFile, aside);
  } catch {
    return false; // someone else moved it first
  }
  let moved: Stats | undefined;
  try {
    moved = statSync(aside);
  } catch {
    moved = undefined;
  }
  const same = moved !== undefined && moved.ino === stale.ino && moved.dev === stale.dev && moved.size === stale.size && moved.mtimeMs === stale.mtimeMs;
  if (!same) {
    try {
      linkSync(aside, lockFile); // not ours to break: put it back (fails if a new lock is there already)
    } catch {
      /* a newer lock is in place; it wins */
    }
  }
  removeQuietly(aside);
  return same;
}

function heldLock(lockFile: string, me: LockOwner, tookOverFrom: FileLock['tookOverFrom']): FileLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const lock = readLock(lockFile);
    // Remove it only while it is still ours.
    if (lock.kind === 'found' && lock.owner && lock.owner.pid === me.pid && lock.owner.since === me.since) removeQuietly(lockFile);
  };
  process.on('exit', release);
  return { path: lockFile, tookOverFrom, release };
}
