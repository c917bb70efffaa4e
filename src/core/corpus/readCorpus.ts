// The corpus: every text file of the workspace folders that is worth learning from, read
// with bounded memory, split into training and validation files, each side joined into one
// byte string with the separator byte 0x00 between files.
//
// Files are visited in a stable order (folders in the given order, names sorted) and taken
// until the total-size cap is reached; the training side is joined in a pseudo-random order
// fixed by the paths (split.ts: inTrainingOrder), so no stretch of it is one folder. The
// split is by file (split.ts). With a single file, it is used for both training and
// validation and a warning says so: training can still run, but validation scores measure
// memorisation, not generalisation.
//
// Nothing is dropped unseen: every file or folder left out is listed with its reason
// (skippedFiles; skipReport.ts puts it in words), and files decoded from UTF-16 are listed
// too (convertedFiles). onProgress reports the files read so far, for long walks.
import path from 'node:path';
import { stat } from 'node:fs/promises';
import { type CorpusKnobs, type CorpusOptions, type CorpusSummary, MAX_LISTED_VALIDATION_PATHS } from '../../shared/corpus';
import { excludeMatcher } from './globMatcher';
import { readTextFile } from './readTextFile';
import { type CorpusSkipReason, describeSkipped, formatSize, SETTING_KNOBS, type SkippedFile } from './skipReport';
import { inTrainingOrder, splitFiles } from './split';
import { walkWorkspace } from './walkWorkspace';
import { integerOption, numberOption } from '../options';
import { languageCodeOfPath } from '../languages';

export type { CorpusOptions } from '../../shared/corpus';
export type { CorpusSkipReason, SkippedFile } from './skipReport';

export const FILE_SEPARATOR = 0x00;

/**
 * The caps as users set them, in their units (recur.corpus.*, `recur train/eval --max-mb
 * --max-file-kb --max-line`): defaults and ranges (../options.ts). corpusOptionsFrom turns
 * them into CorpusOptions.
 */
export const CORPUS_OPTIONS = {
  maxTotalSizeMB: numberOption(20, { min: 0.01 }),
  maxFileSizeKB: numberOption(512, { min: 1 }),
  maxLineLength: integerOption(1000, { min: 80 }),
} as const;

export interface CorpusKnobValues {
  maxTotalSizeMB: number;
  maxFileSizeKB: number;
  maxLineLength: number;
  excludeGlobs: readonly string[];
}

export function corpusOptionsFrom(values: CorpusKnobValues, knobs?: CorpusKnobs): CorpusOptions {
  return {
    maxTotalBytes: Math.round(values.maxTotalSizeMB * 1024 * 1024),
    maxFileBytes: Math.round(values.maxFileSizeKB * 1024),
    maxLineLength: values.maxLineLength,
    excludeGlobs: values.excludeGlobs,
    ...(knobs ? { knobs } : {}),
  };
}

export interface CorpusProgress {
  filesRead: number;
  bytesTaken: number;
}

export interface Corpus {
  trainBytes: Uint8Array;
  validationBytes: Uint8Array;
  /** The language code of each file joined in trainBytes / validationBytes, in order (../languages.ts). */
  trainLanguages: number[];
  validationLanguages: number[];
  summary: CorpusSummary;
  /** Relative paths of the validation files (for the log). */
  validationPaths: string[];
  /** Files and folders left out, counted by reason. */
  skipped: Partial<Record<CorpusSkipReason, number>>;
  /** The same, one entry each, in walk order. */
  skippedFiles: SkippedFile[];
  /** Files decoded from UTF-16 (they had a byte order mark). */
  convertedFiles: { path: string; from: string }[];
  /** True when the total-size cap stopped the walk early. */
  truncated: boolean;
  /** True when the only file is used for both training and validation. */
  sameFileForBoth: boolean;
  /** Things the user should know (one sentence each). */
  warnings: string[];
}

/** A corpus that cannot be trained on; the message says why in one line. */
export class CorpusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorpusError';
  }
}

interface TakenFile {
  key: string;
  bytes: Buffer;
}

export async function readCorpus(roots: readonly string[], options: CorpusOptions, onProgress?: (progress: CorpusProgress) => void): Promise<Corpus> {
  await assertReadableFolders(roots);
  const walk = await takeFiles(roots, options, onProgress);
  if (walk.taken.length === 0) throw new CorpusError(`no text files to train on in ${roots.join(', ')}${describeSkipped(walk.skipped, options, options.knobs)}`);
  return assembleCorpus(roots, options, walk);
}

/** Throws a CorpusError when there is no root, or a root is not a readable folder. */
async function assertReadableFolders(roots: readonly string[]): Promise<void> {
  if (roots.length === 0) throw new CorpusError('no folder to read: open a folder or workspace first');
  for (const root of roots) {
    const info = await stat(root).catch(() => undefined);
    if (!info?.isDirectory()) throw new CorpusError(`${root} is not a folder that can be read`);
  }
}

/** What the walk took and what it left out, before the split. */
interface WalkResult {
  taken: TakenFile[];
  skipped: Partial<Record<CorpusSkipReason, number>>;
  skippedFiles: SkippedFile[];
  convertedFiles: { path: string; from: string }[];
  truncated: boolean;
}

/**
 * Walks the roots in order and takes each readable text file until the total-size cap
 * (each file after the first costs one more byte for its separator); the first file over
 * the cap is skipped as overTotalCap, sets truncated and ends the walk.
 */
async function takeFiles(roots: readonly string[], options: CorpusOptions, onProgress?: (progress: CorpusProgress) => void): Promise<WalkResult> {
  const isExcluded = excludeMatcher(options.excludeGlobs);
  const limits = { maxFileBytes: Math.min(options.maxFileBytes, options.maxTotalBytes), maxLineLength: options.maxLineLength };
  const result: WalkResult = { taken: [], skipped: {}, skippedFiles: [], convertedFiles: [], truncated: false };
  let total = 0;
  let filesRead = 0;

  outer: for (const root of roots) {
    const named = (rel: string) => (roots.length > 1 ? `${path.basename(root)}/${rel}` : rel);
    const skip = (reason: CorpusSkipReason, rel: string, size?: number) => {
      result.skipped[reason] = (result.skipped[reason] ?? 0) + 1;
      result.skippedFiles.push({ path: named(rel), reason, ...(size !== undefined ? { size } : {}) });
    };
    for await (const candidate of walkWorkspace(root, isExcluded, skip)) {
      const read = await readTextFile(candidate.file, { ...limits, within: root });
      onProgress?.({ filesRead: ++filesRead, bytesTaken: total });
      if (read.kind === 'skipped') {
        skip(read.reason, candidate.relativePath, read.size);
        continue;
      }
      const cost = read.bytes.length + (result.taken.length > 0 ? 1 : 0);
      if (total + cost > options.maxTotalBytes) {
        result.truncated = true;
        skip('overTotalCap', candidate.relativePath);
        break outer;
      }
      total += cost;
      result.taken.push({ key: candidate.relativePath, bytes: read.bytes });
      if (read.converted) result.convertedFiles.push({ path: named(candidate.relativePath), from: read.converted });
    }
  }
  return result;
}

/** Splits the taken files (at least one) into training and validation and joins each side. */
function assembleCorpus(roots: readonly string[], options: CorpusOptions, walk: WalkResult): Corpus {
  const { taken, skipped, skippedFiles, convertedFiles, truncated } = walk;
  const split = splitFiles(taken);
  const warnings: string[] = [];
  if (split.sameFileForBoth) warnings.push(`only one file (${taken[0].key}) to learn from: it is used for both training and validation, so validation scores are optimistic`);
  if (truncated) warnings.push(`the workspace has more text than the ${formatSize(options.maxTotalBytes)} cap (${(options.knobs ?? SETTING_KNOBS).maxTotalSize}): the rest is left out`);
  const train = inTrainingOrder(split.train);
  const trainBytes = joinFiles(train);
  const validationBytes = joinFiles(split.validation);
  return {
    trainBytes,
    validationBytes,
    trainLanguages: train.map((f) => languageCodeOfPath(f.key)),
    validationLanguages: split.validation.map((f) => languageCodeOfPath(f.key)),
    summary: {
      roots: [...roots],
      trainFiles: split.train.length,
      validationFiles: split.validation.length,
      trainBytes: trainBytes.length,
      validationBytes: validationBytes.length,
      skipped: { ...skipped } as Record<string, number>,
      ...(split.validation.length <= MAX_LISTED_VALIDATION_PATHS ? { validationPaths: split.validation.map((f) => f.key) } : {}),
    },
    validationPaths: split.validation.map((f) => f.key),
    skipped,
    skippedFiles,
    convertedFiles,
    truncated,
    sameFileForBoth: split.sameFileForBoth,
    warnings,
  };
}

/** Files joined with one separator byte (0x00) between them. */
export function joinFiles(files: readonly { bytes: Uint8Array }[]): Uint8Array {
  const length = files.reduce((n, f) => n + f.bytes.length, 0) + Math.max(0, files.length - 1);
  const out = new Uint8Array(length); // filled with 0x00: the separators are already there
  let offset = 0;
  for (const f of files) {
    out.set(f.bytes, offset);
    offset += f.bytes.length + 1;
  }
  return out;
}
