// The training / validation split: by file, decided by a hash of the file's path relative to
// its workspace folder, so the same file always lands on the same side (across runs, machines
// and added files), and validation text is never a neighbour of training text in one file.

/** Share of files held out for validation. */
export const VALIDATION_SHARE = 0.05;

/** FNV-1a 32-bit hash of a string's UTF-16 code units: small, fast, stable everywhere. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** A number in [0, 1) for a path: the file is held out when it is below VALIDATION_SHARE. */
export function splitScore(relativePath: string): number {
  return fnv1a(relativePath) / 2 ** 32;
}

export interface SplitResult<T> {
  train: T[];
  validation: T[];
  /** Set when there was a single file, used for both (validation scores are then optimistic). */
  sameFileForBoth: boolean;
}

/**
 * Splits files by path hash. At least one file is held out (the one with the lowest score)
 * and at least one is trained on. A lone file is used for both, and `sameFileForBoth` says so.
 */
export function splitFiles<T extends { key: string }>(files: readonly T[]): SplitResult<T> {
  if (files.length === 0) return { train: [], validation: [], sameFileForBoth: false };
  if (files.length === 1) return { train: [files[0]], validation: [files[0]], sameFileForBoth: true };
  const scored = files.map((f) => ({ f, score: splitScore(f.key) }));
  let validation = scored.filter((s) => s.score < VALIDATION_SHARE);
  if (validation.length === 0) {
    const lowest = scored.reduce((a, b) => (b.score < a.score ? b : a));
    validation = [lowest];
  }
  if (validation.length === scored.length) {
    const highest = validation.reduce((a, b) => (b.score > a.score ? b : a));
    validation = validation.filter((s) => s !== highest);
  }
  const held = new Set(validation.map((s) => s.f));
  return { train: files.filter((f) => !held.has(f)), validation: files.filter((f) => held.has(f)), sameFileForBoth: false };
}

/**
 * The order training files are joined in: pseudo-random, fixed by a hash of each path (salted,
 * so it is independent of the split). The trainer cuts the joined text into B streams that it
 * reads side by side for thousands of steps (train/batcher.ts); in walk order each stream would
 * be one folder or package at a time, and the network would chase whichever 32 folders it is in
 * instead of learning the whole workspace. Stable across runs, so a resumed run continues in place.
 */
export function inTrainingOrder<T extends { key: string }>(files: readonly T[]): T[] {
  return files
    .map((f) => ({ f, order: fnv1a(`training order\0${f.key}`) }))
    .sort((a, b) => a.order - b.order || (a.f.key < b.f.key ? -1 : a.f.key > b.f.key ? 1 : 0))
    .map((s) => s.f);
}
