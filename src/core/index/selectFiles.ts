// Which of the ranked files (relevance.ts) the index reads, within its budget of text: taken
// in order of relevance until the budget is spent, except that with several workspace
// folders each folder is first guaranteed an equal part of half the budget for its own most
// relevant files (so a large folder cannot crowd out a small one). Files are read here, with
// the corpus's rules (binary, minified, oversized and empty files are left out and refunded);
// a file the previous index read with the same size and modification time is not read again.
// Memory: the texts read, at most the budget.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { readTextFile } from '../corpus/readTextFile';
import { splitScore, VALIDATION_SHARE } from '../corpus/split';
import type { IndexProgress, LeftOutReason } from '../../shared/indexSummary';
import { fileKey, type IndexedFile } from './indexManifest';
import { languageOfPath } from '../languages';
import type { RankedFile } from './relevance';

export interface SelectedFile extends IndexedFile {
  tier: number;
  /** The text, when it was read now (undefined: unchanged since the previous index read it). */
  text: Uint8Array | undefined;
  /** Held out of the plain reading: read last, with the network, to refit the weighing (the workspace's validation side, by a hash of the path). */
  fit: boolean;
}

export interface Selection {
  /** Most relevant first. */
  files: SelectedFile[];
  leftOut: Partial<Record<LeftOutReason, number>>;
}

export interface SelectionLimits {
  /** The text the index may read, in bytes (fit files included). */
  budgetBytes: number;
  /** Of it, what the fit files may take at most. */
  fitBytes: number;
  maxFileBytes: number;
  maxLineLength: number;
  /** Stop at the first file past the budget instead of looking further for smaller ones that fit (a quick first index). */
  prefixOnly?: boolean;
}

/** Less budget than this left: the rest is not even looked at (all of it is left out, past the budget). */
const MIN_FILL = 1024;
/** Files stat'ed at once. */
const STAT_BATCH = 64;

interface Candidate {
  ranked: RankedFile;
  size: number;
  mtimeMs: number;
}

export async function selectFiles(
  roots: readonly string[],
  ranked: readonly RankedFile[],
  limits: SelectionLimits,
  previous: ReadonlyMap<string, IndexedFile> | undefined,
  onProgress?: (progress: IndexProgress) => void,
  shouldStop: () => boolean = () => false,
): Promise<Selection | undefined> {
  const leftOut: Partial<Record<LeftOutReason, number>> = {};
  const count = (reason: LeftOutReason) => (leftOut[reason] = (leftOut[reason] ?? 0) + 1);
  const budget = new Budget(limits.budgetBytes, roots.length);
  const chosen: Candidate[] = [];
  const deferred: Candidate[] = [];
  for (let start = 0; start < ranked.length; start += STAT_BATCH) {
    if (shouldStop()) return undefined;
    if (budget.reserved === 0 && (budget.left < MIN_FILL || (limits.prefixOnly === true && deferred.length > 0))) {
      leftOut.overBudget = (leftOut.overBudget ?? 0) + ranked.length - start;
      break;
    }
    const batch = ranked.slice(start, start + STAT_BATCH);
    const infos = await Promise.all(batch.map((f) => stat(path.join(roots[f.root], f.relativePath)).catch(() => undefined)));
    batch.forEach((file, k) => {
      const info = infos[k];
      if (!info?.isFile()) count('unreadable');
      else if (info.size > limits.maxFileBytes) count('tooLarge');
      else if (info.size === 0) count('empty');
      else (budget.take(file.root, info.size) ? chosen : deferred).push({ ranked: file, size: info.size, mtimeMs: info.mtimeMs });
    });
  }
  budget.release();
  for (const candidate of deferred) {
    if (budget.take(candidate.ranked.root, candidate.size)) chosen.push(candidate);
    else count('overBudget');
  }
  const order = new Map(ranked.map((f, i) => [f, i]));
  chosen.sort((a, b) => order.get(a.ranked)! - order.get(b.ranked)!);
  const files = await readChosen(roots, chosen, limits, previous, count, onProgress, shouldStop);
  return files && { files: markFitFiles(files, limits.fitBytes), leftOut };
}

/**
 * The budget as files are taken in order of relevance: each folder's share (with several
 * folders, an equal part of half the budget) is kept for it until it has used it or every
 * file has been seen (release()); the rest goes to whichever file comes first.
 */
class Budget {
  private readonly share: number;
  private readonly used: number[];
  private total = 0;
  private released = false;

  constructor(
    private readonly bytes: number,
    roots: number,
  ) {
    this.share = roots > 1 ? bytes / 2 / roots : 0;
    this.used = Array.from({ length: roots }, () => 0);
  }

  /** Bytes still kept for folders that have not used their share. */
  get reserved(): number {
    return this.released ? 0 : this.used.reduce((n, u) => n + Math.max(0, this.share - u), 0);
  }

  get left(): number {
    return this.bytes - this.total;
  }

  /** Takes `size` bytes for a file of folder `root` when they fit; false when not. */
  take(root: number, size: number): boolean {
    const ownShare = Math.max(0, this.share - this.used[root]);
    if (this.total + size + this.reserved - Math.min(size, ownShare) > this.bytes) return false;
    this.used[root] += size;
    this.total += size;
    return true;
  }

  /** Every file has been seen: the shares not used are free. */
  release(): void {
    this.released = true;
  }
}

/** Reads the chosen files that are new or changed; false when stopped. */
async function readChosen(
  roots: readonly string[],
  chosen: readonly Candidate[],
  limits: SelectionLimits,
  previous: ReadonlyMap<string, IndexedFile> | undefined,
  count: (reason: LeftOutReason) => void,
  onProgress?: (progress: IndexProgress) => void,
  shouldStop: () => boolean = () => false,
): Promise<SelectedFile[] | undefined> {
  const files: SelectedFile[] = [];
  let bytes = 0;
  for (const { ranked, size, mtimeMs } of chosen) {
    if (files.length % 100 === 0) {
      if (shouldStop()) return undefined;
      onProgress?.({ phase: 'reading', files: files.length, bytes });
    }
    const entry = { root: ranked.root, path: ranked.relativePath, size, mtimeMs, language: languageOfPath(ranked.relativePath), tier: ranked.tier, fit: false };
    const known = previous?.get(fileKey(ranked.root, ranked.relativePath));
    if (known && known.size === size && known.mtimeMs === mtimeMs) {
      files.push({ ...entry, bytes: known.bytes, text: undefined });
      bytes += known.bytes;
      continue;
    }
    const read = await readTextFile(path.join(roots[ranked.root], ranked.relativePath), limits);
    if (read.kind === 'skipped') {
      count(read.reason);
      continue;
    }
    files.push({ ...entry, bytes: read.bytes.length, text: read.bytes });
    bytes += read.bytes.length;
  }
  onProgress?.({ phase: 'reading', files: files.length, bytes });
  return files;
}

/**
 * The fit files: the most relevant files on the validation side (a hash of the path, as the
 * training split decides it), up to fitBytes; when none is, the one with the lowest split
 * score that fits (as the training split holds one out), so that the weighing is refitted.
 */
function markFitFiles(files: SelectedFile[], fitBytes: number): SelectedFile[] {
  let fit = 0;
  for (const file of files) {
    if (splitScore(file.path) >= VALIDATION_SHARE || fit + file.bytes > fitBytes) continue;
    file.fit = true;
    fit += file.bytes;
  }
  const small = files.filter((f) => f.bytes <= fitBytes);
  if (fit === 0 && files.length > 1 && small.length > 0) small.reduce((a, b) => (splitScore(b.path) < splitScore(a.path) ? b : a)).fit = true;
  return files;
}
