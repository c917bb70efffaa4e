// What the saved index has read: one entry per file (its folder, path, size and modification
// time when read, the bytes learned, its language), so that the next window reads again only
// the files whose size or modification time changed, and how much of what the statistics
// learned is out of date (changed or deleted files: statistics cannot forget, so past a share
// of the budget the index is built again from scratch).
import type { IndexSummary, LeftOutReason } from '../../shared/indexSummary';

export interface IndexedFile {
  /** Index of its workspace folder in IndexManifest.roots. */
  root: number;
  /** Relative to the folder, forward slashes. */
  path: string;
  size: number;
  mtimeMs: number;
  /** Bytes of text learned from it (after decoding; may differ from size). */
  bytes: number;
  language: string;
}

export interface IndexManifest {
  /** The workspace folders, absolute paths, in the order the entries number them. */
  roots: string[];
  /** The files whose text the statistics hold now, in no particular order. */
  files: IndexedFile[];
  /** Bytes learned since the last full build (what it read, plus every update). */
  learnedBytes: number;
  /** Of those, bytes of files that have since changed or gone. */
  staleBytes: number;
  /** Left out by the last build or update, by reason. */
  leftOut: Partial<Record<LeftOutReason, number>>;
  /** The text the statistics were built for (bytes). */
  budgetBytes: number;
  builtAt: string;
  /** False for a first index (the most relevant files only): the next run builds the whole one. */
  complete: boolean;
}

export function fileKey(root: number, relativePath: string): string {
  return `${root}\0${relativePath}`;
}

/** The entries by fileKey. */
export function filesByKey(manifest: IndexManifest): Map<string, IndexedFile> {
  return new Map(manifest.files.map((f) => [fileKey(f.root, f.path), f]));
}

/** What the panel and the status bar say about a manifest. */
export function summarize(manifest: IndexManifest): IndexSummary {
  const byLanguage = new Map<string, number>();
  for (const f of manifest.files) byLanguage.set(f.language, (byLanguage.get(f.language) ?? 0) + f.bytes);
  return {
    files: manifest.files.length,
    bytes: manifest.files.reduce((n, f) => n + f.bytes, 0),
    languages: [...byLanguage].map(([language, bytes]) => ({ language, bytes })).sort((a, b) => b.bytes - a.bytes),
    leftOut: { ...manifest.leftOut },
    budgetBytes: manifest.budgetBytes,
    roots: manifest.roots.length,
    builtAt: manifest.builtAt,
  };
}

/** Checks a manifest read from a file; the reason it cannot be used, or undefined. */
export function manifestProblem(value: unknown): string | undefined {
  const m = value as Partial<IndexManifest> | null;
  if (typeof m !== 'object' || m === null) return 'no manifest';
  if (!Array.isArray(m.roots) || !m.roots.every((r) => typeof r === 'string')) return 'manifest: bad roots';
  if (!Array.isArray(m.files)) return 'manifest: no files';
  for (const f of m.files as unknown[]) {
    const e = f as Partial<IndexedFile> | null;
    if (typeof e !== 'object' || e === null || !Number.isInteger(e.root) || (e.root as number) < 0 || (e.root as number) >= m.roots.length) return 'manifest: bad file entry';
    if (typeof e.path !== 'string' || typeof e.language !== 'string' || ![e.size, e.mtimeMs, e.bytes].every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0))
      return 'manifest: bad file entry';
  }
  if (![m.learnedBytes, m.staleBytes, m.budgetBytes].every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)) return 'manifest: bad counts';
  if (typeof m.builtAt !== 'string' || typeof m.complete !== 'boolean' || typeof m.leftOut !== 'object' || m.leftOut === null) return 'manifest: bad fields';
  return undefined;
}
