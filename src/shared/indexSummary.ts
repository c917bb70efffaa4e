// What the workspace index holds, as the index job reports it to the editor and the editor
// shows it (status bar while it is built, the panel's model line, the output channel): files,
// megabytes and languages read, and what was left out and why. Built by src/core/index/.

/** Why a file is not in the index: the corpus rules' reasons, or the index's own bounds. */
export type LeftOutReason =
  | 'tooLarge'
  | 'minified'
  | 'binary'
  | 'empty'
  | 'unreadable'
  | 'excluded'
  | 'gitignored'
  | 'skippedFolder'
  | 'skippedName'
  | 'symlink'
  | 'special'
  | 'unreadableFolder'
  | 'gitignoreNotRead'
  /** Less relevant than the files read, past the index's memory (recur.context.memoryMB). */
  | 'overBudget'
  /** Past the number of files the walk keeps (a very large workspace). */
  | 'walkCap';

export interface IndexSummary {
  files: number;
  bytes: number;
  /** Bytes per language, most first. */
  languages: { language: string; bytes: number }[];
  /** Files (or folders, for the walk's reasons) left out, by reason. */
  leftOut: Partial<Record<LeftOutReason, number>>;
  /** The text the index may hold (bytes). */
  budgetBytes: number;
  /** Workspace folders read. */
  roots: number;
  /** ISO time of the last full build. */
  builtAt: string;
}

/** The index job's progress, for the status bar: files and bytes read so far. */
export interface IndexProgress {
  phase: 'listing' | 'reading' | 'learning';
  files: number;
  bytes: number;
}

const REASONS: Record<LeftOutReason, string> = {
  overBudget: 'past the memory budget (recur.context.memoryMB), less relevant',
  walkCap: 'past the 200,000 files listed',
  tooLarge: 'too large (recur.corpus.maxFileSizeKB)',
  minified: 'minified or generated',
  binary: 'binary',
  empty: 'empty',
  unreadable: 'unreadable',
  excluded: 'excluded (files.exclude, recur.corpus.exclude)',
  gitignored: 'in .gitignore',
  skippedFolder: 'dependency or build folders',
  skippedName: 'lock, binary or minified by name',
  symlink: 'symbolic links',
  special: 'special files',
  unreadableFolder: 'folders that cannot be read',
  gitignoreNotRead: '.gitignore files not read (too large or outside the folder)',
};

/** "8.4 MB", "166 MB"; under 0.1 MB in KB ("12 KB"), so that no part reads "0.0 MB". */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb < 0.1) return `${Math.ceil(bytes / 1024)} KB`;
  return `${mb < 10 ? mb.toFixed(1) : mb.toFixed(0)} MB`;
}

/** "1,234 files, 8.4 MB (javascript 6.1 MB, typescript 2.0 MB, json 0.3 MB)". */
export function describeIndexContents(summary: IndexSummary): string {
  const languages = summary.languages.slice(0, 4).map((l) => `${l.language} ${formatMegabytes(l.bytes)}`);
  return `${summary.files.toLocaleString('en-US')} files, ${formatMegabytes(summary.bytes)}${languages.length ? ` (${languages.join(', ')})` : ''}`;
}

/** "left out: 17,000 past the memory budget ..., 30 minified or generated", or '' when nothing was. */
export function describeLeftOut(summary: IndexSummary): string {
  const parts = (Object.entries(summary.leftOut) as [LeftOutReason, number][])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${n.toLocaleString('en-US')} ${REASONS[reason] ?? reason}`);
  return parts.length ? `left out: ${parts.join(', ')}` : '';
}
