// An exclusive lock on a file that several processes may want to write (a checkpoint):
// the lock is a file NAME.lock created with O_EXCL, holding its owner's pid, process start
// time, host and purpose. Another process that finds it learns who holds it; a lock whose
// owner is no longer running on this host (killed, crashed, machine restarted) is stale and
// is taken over. Released by release() and, as a last resort, when the process exits.
//
// Taking over a stale lock: it is first renamed to a name of our own, then checked again,
// so two processes that both found it stale cannot both end up holding the lock.
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
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

/** The file is locked by another running process. */
export class LockHeldError extends Error {
  constructor(readonly file: string, readonly owner: LockOwner | undefined) {
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
  /** True when a stale lock (its owner no longer running) was taken over. */
  readonly tookOverFrom: LockOwner | undefined;
  release(): void;
}

export function lockPathFor(file: string): string {
  return `${file}.lock`;
}

function readOwner(lockFile: string): LockOwner | undefined | 'missing' {
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : undefined;
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? owner : undefined;
  } catch {
    return undefined; // being written right now, or damaged
  }
}

function isStale(owner: LockOwner): boolean {
  return owner.host === os.hostname() && !isSameProcessRunning(owner.pid, owner.startTicks);
}

/**
 * Takes the lock on `file` (creating `file.lock`), or throws LockHeldError naming the
 * process that holds it. Errors from the file system (a missing folder, no permission) go
 * through unchanged.
 */
export function acquireLock(file: string, purpose: string): FileLock {
  const lockFile = lockPathFor(file);
  const me: LockOwner = { ...selfIdentity(), host: os.hostname(), purpose, since: new Date().toISOString() };
  let tookOverFrom: LockOwner | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockFile, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(lockFile);
      if (owner === 'missing') continue; // released meanwhile: try again
      if (!owner || !isStale(owner)) {
        // Unreadable: maybe its owner is writing it this very moment; look once more.
        if (!owner && attempt === 0) continue;
        throw new LockHeldError(file, owner);
      }
      if (takeOverStale(lockFile, owner)) tookOverFrom = owner;
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    return heldLock(lockFile, me, tookOverFrom);
  }
  throw new LockHeldError(file, (() => {
    const owner = readOwner(lockFile);
    return owner === 'missing' ? undefined : owner;
  })());
}

/** Moves a stale lock out of the way; puts it back if, by then, it was someone else's live lock. */
function takeOverStale(lockFile: string, stale: LockOwner): boolean {
  const aside = `${lockFile}.${process.pid}.stale`;
  try {
    renameSync(lockFile, aside);
  } catch {
    return false; // someone else moved it first
  }
  const moved = readOwner(aside);
  const same = moved !== 'missing' && moved !== undefined && moved.pid === stale.pid && moved.since === stale.since;
  if (!same) {
    try {
      linkSync(aside, lockFile); // not ours to break: put it back (fails if a new lock is there already)
    } catch {
      /* a newer lock is in place; it wins */
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    /* gone */
  }
  return same;
}

function heldLock(lockFile: string, me: LockOwner, tookOverFrom: LockOwner | undefined): FileLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const owner = readOwner(lockFile);
    // Remove it only while it is still ours.
    if (owner !== 'missing' && owner && owner.pid === me.pid && owner.since === me.since) {
      try {
        unlinkSync(lockFile);
      } catch {
        /* gone */
      }
    }
  };
  process.on('exit', release);
  return { path: lockFile, tookOverFrom, release };
}
