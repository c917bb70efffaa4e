// Everything a training run does to its two checkpoint files before the first step, shared
// by `recur train` and the extension's training process, so that no run loses or silently
// replaces a model:
//
//   1. the folder of the checkpoints exists and can be written (checked first, not after
//      minutes of training);
//   2. the files are locked (../files/lock.ts, on the best checkpoint: NAME.lock): a second
//      run on the same files stops at once with a message naming the first;
//   3. temporary files left by writers that were killed mid-write are removed;
//   4. a fresh start moves the existing files aside (NAME.previous) instead of replacing them;
//      otherwise the run continues the latest checkpoint or, when only the best one is there,
//      the best one (its weights and history; the optimizer starts anew).
//
// The caller must call release() when the run ends (also on failure); the lock is also
// removed when the process exits, and a lock left by a killed process is taken over.
import { accessSync, constants, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Checkpoint, integrityNote, readCheckpoint } from './checkpoint';
import type { CheckpointFiles } from './checkpointFiles';
import { sweepStaleTemps } from '../files/atomicWrite';
import { acquireLock, describeOwner } from '../files/lock';

export interface PreparedRun {
  /** The checkpoint to continue, if any. */
  resume: Checkpoint | undefined;
  /** Which file `resume` was read from. */
  resumedFrom: string | undefined;
  /** What was done that the user should hear about, one sentence each. */
  notes: string[];
  /** Ends the run's hold on the files (removes the lock). */
  release(): void;
}

/** The checkpoints' folder is missing or cannot be written. */
export class CheckpointFolderError extends Error {
  constructor(
    readonly file: string,
    readonly folder: string,
    readonly reason: string,
  ) {
    super(`cannot save ${file}: ${reason}`);
    this.name = 'CheckpointFolderError';
  }
}

export const PREVIOUS_SUFFIX = '.previous';

export function prepareRun(files: CheckpointFiles, options: { fresh: boolean; purpose: string }): PreparedRun {
  for (const file of [files.best, files.latest]) checkFolder(file);
  let lock;
  try {
    lock = acquireLock(files.best, options.purpose);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new CheckpointFolderError(files.best, path.dirname(files.best), `the folder ${path.dirname(files.best)} cannot be written (${code})`);
    if (code === 'ENOSPC' || code === 'EDQUOT')
      throw new CheckpointFolderError(files.best, path.dirname(files.best), `the disk holding ${path.dirname(files.best)} is full (${code}); free some space`);
    throw err;
  }
  try {
    const notes: string[] = [];
    if (lock.tookOverFrom?.owner) notes.push(`took over the lock left by ${describeOwner(lock.tookOverFrom.owner)}, which is no longer running`);
    else if (lock.tookOverFrom) notes.push('took over an empty or damaged lock file (left by a run that failed as it started, e.g. on a full disk)');
    const swept = sweepStaleTemps([files.best, files.latest]);
    if (swept.length) notes.push(`removed ${swept.length} temporary file(s) left by an interrupted write: ${swept.map((f) => path.basename(f)).join(', ')}`);
    if (options.fresh) {
      for (const file of [files.best, files.latest]) {
        const aside = setAside(file);
        if (aside) notes.push(`kept the previous ${path.basename(file)} as ${aside}`);
      }
      return { resume: undefined, resumedFrom: undefined, notes, release: lock.release };
    }
    if (existsSync(files.latest)) {
      const resume = readCheckpoint(files.latest);
      notes.push(...[integrityNote(resume, files.latest)].filter((n): n is string => n !== undefined));
      return { resume, resumedFrom: files.latest, notes, release: lock.release };
    }
    if (existsSync(files.best)) {
      const resume = readCheckpoint(files.best);
      notes.push(...[integrityNote(resume, files.best)].filter((n): n is string => n !== undefined));
      notes.push(`${files.latest} is missing: continuing from the best checkpoint ${files.best} (step ${resume.step}) so it is not replaced by a new model; the optimizer state starts anew`);
      return { resume, resumedFrom: files.best, notes, release: lock.release };
    }
    return { resume: undefined, resumedFrom: undefined, notes, release: lock.release };
  } catch (err) {
    lock.release();
    throw err;
  }
}

function checkFolder(file: string): void {
  const folder = path.dirname(file);
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    throw new CheckpointFolderError(file, folder, `the folder ${folder} does not exist`);
  }
  if (!isFolder) throw new CheckpointFolderError(file, folder, `${folder} is not a folder`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new CheckpointFolderError(file, folder, `the folder ${folder} cannot be written`);
  }
}

/** Renames an existing file to FILE.previous (replacing an older one); returns the new path. */
function setAside(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const aside = file + PREVIOUS_SUFFIX;
  rmSync(aside, { force: true });
  renameSync(file, aside);
  return aside;
}
