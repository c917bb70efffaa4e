// Atomic file replacement, and the clean-up of what an interrupted one leaves behind.
//
// writeFileAtomic writes `.NAME.PID.TIME.tmp` beside NAME, fsyncs it and renames it over
// NAME: a crash at any point leaves the old file or the new one, never a mix. Every failure
// path (open, write, fsync, rename) removes the temporary file before the error goes on.
// A process killed mid-write (kill -9, power loss) cannot clean up: sweepStaleTemps removes
// the temporary files of NAME whose writer (the PID in the name) is no longer running, or
// whose PID now belongs to a process that started after the file's TIME (a reused PID); the
// trainer calls it on the checkpoint paths before each run (../model/prepareRun.ts).
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { pidExists, startedAfter } from './processIdentity';

/** The temporary file a write of `file` by this process uses now. */
export function tempPathFor(file: string, pid = process.pid, now = Date.now()): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${pid}.${now}.tmp`);
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* already gone */
  }
}

export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const temp = tempPathFor(file);
  const fd = openSync(temp, 'wx'); // nothing to clean up when this fails
  try {
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    removeQuietly(temp);
    throw err;
  }
}

/** The writer's pid and the write's start time in a temporary file name of `base` (.BASE.PID.TIME.tmp), or undefined when the name is not one. */
export function tempWriter(name: string, base: string): { pid: number; timeMs: number } | undefined {
  const prefix = `.${base}.`;
  if (!name.startsWith(prefix) || !name.endsWith('.tmp')) return undefined;
  const m = /^(\d+)\.(\d+)\.tmp$/.exec(name.slice(prefix.length));
  return m ? { pid: Number(m[1]), timeMs: Number(m[2]) } : undefined;
}

/** True when the writer of a temporary file cannot be running any more: its pid is gone, or is now another process's. */
function writerGone(writer: { pid: number; timeMs: number }): boolean {
  return !pidExists(writer.pid) || startedAfter(writer.pid, writer.timeMs);
}

/**
 * Removes the temporary files left beside each of `files` by writers that are no longer
 * running (files of other names, and those of live processes, are left alone). Returns the
 * paths removed.
 */
export function sweepStaleTemps(files: readonly string[]): string[] {
  const removed: string[] = [];
  const byFolder = new Map<string, string[]>();
  for (const file of files) byFolder.set(path.dirname(file), [...(byFolder.get(path.dirname(file)) ?? []), path.basename(file)]);
  for (const [folder, bases] of byFolder) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      for (const base of bases) {
        const writer = tempWriter(name, base);
        if (writer === undefined || !writerGone(writer)) continue; // this process's own writes are dated after it started: kept
        const full = path.join(folder, name);
        try {
          unlinkSync(full);
          removed.push(full);
        } catch {
          /* gone already, or not ours to remove */
        }
      }
    }
  }
  return removed;
}
