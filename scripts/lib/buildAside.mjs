// A cache folder that several processes may build at once (two benchmarks, a benchmark and
// corpus:base): each builds a folder of its own, and the first to finish moves it in. A file
// the build writes last marks the folder complete. Node built-ins only.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Builds `dir` unless its `marker` file exists: `build(staging)` fills an empty folder of this
 * process's own and writes `marker` in it last. When build returns, `dir` is complete (this
 * process's or another's); a build that fails while no other finished throws its error.
 */
export function buildAside(dir, marker, build) {
  const done = path.join(dir, marker);
  if (existsSync(done)) return;
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    build(staging);
    if (!existsSync(done)) {
      rmSync(dir, { recursive: true, force: true }); // what an interrupted build left
      renameSync(staging, dir);
    }
  } catch (error) {
    if (!existsSync(done)) throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
