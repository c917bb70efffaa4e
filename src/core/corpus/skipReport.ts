// What the corpus left out, in words: a one-line summary by reason for the log and the CLI,
// and one line per file (`recur train --verbose`, the extension's output channel). Every
// reason that a setting or flag controls names it, so the user knows how to admit the file;
// the caller says which names apply (the CLI's flags or the extension's settings).
import type { CorpusKnobs, CorpusOptions } from '../../shared/corpus';
import type { SkipReason } from './readTextFile';
import type { WalkSkipReason } from './walkWorkspace';

export type { CorpusKnobs } from '../../shared/corpus';

export type CorpusSkipReason = SkipReason | WalkSkipReason | 'overTotalCap';

/** A file or folder left out, and why (size: the file's size, for tooLarge). */
export interface SkippedFile {
  /** Relative to its workspace folder (prefixed with the folder's name when there are several). */
  path: string;
  reason: CorpusSkipReason;
  size?: number;
}

export const SETTING_KNOBS: CorpusKnobs = {
  maxFileSize: 'recur.corpus.maxFileSizeKB',
  maxLineLength: 'recur.corpus.maxLineLength',
  maxTotalSize: 'recur.corpus.maxTotalSizeMB',
  exclude: 'recur.corpus.exclude',
};

export const CLI_KNOBS: CorpusKnobs = { maxFileSize: '--max-file-kb', maxLineLength: '--max-line', maxTotalSize: '--max-mb', exclude: '--exclude' };

type Limits = Pick<CorpusOptions, 'maxFileBytes' | 'maxLineLength' | 'maxTotalBytes'>;

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Short label of a reason for `count` entries (the summary). */
function label(reason: CorpusSkipReason, count: number, limits: Limits, knobs: CorpusKnobs): string {
  const s = count === 1 ? '' : 's';
  switch (reason) {
    case 'tooLarge':
      return `${count} over the ${formatSize(limits.maxFileBytes)} file-size cap (${knobs.maxFileSize})`;
    case 'minified':
      return `${count} minified or generated (a line over ${limits.maxLineLength} characters; ${knobs.maxLineLength})`;
    case 'overTotalCap':
      return `the rest, past the ${formatSize(limits.maxTotalBytes)} total cap (${knobs.maxTotalSize})`;
    case 'binary':
      return `${count} binary`;
    case 'empty':
      return `${count} empty`;
    case 'unreadable':
      return `${count} unreadable`;
    case 'excluded':
      return `${count} excluded (files.exclude, search.exclude, ${knobs.exclude})`;
    case 'gitignored':
      return `${count} in .gitignore`;
    case 'skippedFolder':
      return `${count} dependency or build folder${s}`;
    case 'skippedName':
      return `${count} lock, binary or minified file${s} by name`;
    case 'symlink':
      return `${count} symbolic link${s} (not followed)`;
    case 'special':
      return `${count} special file${s} (FIFO, socket or device)`;
    case 'unreadableFolder':
      return `${count} folder${s} that cannot be read`;
    case 'gitignoreNotRead':
      return `${count} .gitignore file${s} not read, so not applied`;
  }
}

/** " (left out: 2 binary, 1 over the 512 KB file-size cap (--max-file-kb))", or "" when nothing was. */
export function describeSkipped(skipped: Partial<Record<CorpusSkipReason, number>>, limits: Limits, knobs: CorpusKnobs = SETTING_KNOBS): string {
  const parts = (Object.entries(skipped) as [CorpusSkipReason, number][]).filter(([, n]) => n > 0).map(([reason, n]) => label(reason, n, limits, knobs));
  return parts.length ? ` (left out: ${parts.join(', ')})` : '';
}

/** Why one file or folder was left out, in a phrase. */
export function skipReason(file: SkippedFile, limits: Limits, knobs: CorpusKnobs = SETTING_KNOBS): string {
  switch (file.reason) {
    case 'tooLarge':
      return `${formatSize(file.size ?? 0)}, over the ${formatSize(limits.maxFileBytes)} file-size cap (raise ${knobs.maxFileSize} to include it)`;
    case 'minified':
      return `a line longer than ${limits.maxLineLength} characters, as in minified or generated code (raise ${knobs.maxLineLength} to include it)`;
    case 'overTotalCap':
      return `the ${formatSize(limits.maxTotalBytes)} total cap is reached here: this file and the ones after it are left out (raise ${knobs.maxTotalSize})`;
    case 'binary':
      return 'binary (a NUL byte in its first 8 KB; UTF-16 text needs a byte order mark)';
    case 'empty':
      return 'empty';
    case 'unreadable':
      return 'cannot be read';
    case 'excluded':
      return `matches an exclude pattern (files.exclude, search.exclude or ${knobs.exclude})`;
    case 'gitignored':
      return 'ignored by .gitignore';
    case 'skippedFolder':
      return 'a dependency, build or tool folder';
    case 'skippedName':
      return 'a lock file, or binary or minified by its name';
    case 'symlink':
      return 'a symbolic link (links are not followed)';
    case 'special':
      return 'not a regular file (FIFO, socket or device)';
    case 'unreadableFolder':
      return 'a folder that cannot be read (check its permissions): nothing in it is used';
    case 'gitignoreNotRead':
      return `not read (a symbolic link, not a regular file, or over 1 MB), so its rules do not apply: make it a small regular file, or exclude what it lists with ${knobs.exclude}`;
  }
}

/** One line per file left out ("left out src/big.json: 700 KB, over the ..."), in walk order, and per converted file. */
export function skippedLines(
  corpus: { skippedFiles: readonly SkippedFile[]; convertedFiles: readonly { path: string; from: string }[] },
  limits: Limits,
  knobs: CorpusKnobs = SETTING_KNOBS,
): string[] {
  return [
    ...corpus.skippedFiles.map((f) => `left out ${f.path}: ${skipReason(f, limits, knobs)}`),
    ...corpus.convertedFiles.map((f) => `read ${f.path} as ${f.from} (it has a byte order mark) and used it as UTF-8`),
  ];
}
