// Lists the candidate files of one workspace folder, in a stable (sorted) order, leaving out
// excluded globs, .gitignore'd paths, dependency/build folders, lock files, known binary
// extensions and minified bundles by name. Symbolic links are not followed, and neither they
// nor special files (FIFOs, sockets, devices) are read; each is reported, never dropped unseen,
// and so are folders that cannot be listed and .gitignore files that were not read (a link,
// a special file, too large: ./gitignore.ts), whose rules then do not apply.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { GitignoreStack } from './gitignore';
import type { PathMatcher } from './globMatcher';
import { isMinifiedName, SKIPPED_EXTENSIONS, SKIPPED_FILE_NAMES, SKIPPED_FOLDERS } from './skipRules';

export interface CandidateFile {
  /** Absolute path. */
  file: string;
  /** Path relative to the workspace folder, forward slashes. */
  relativePath: string;
}

export type WalkSkipReason = 'excluded' | 'gitignored' | 'skippedFolder' | 'skippedName' | 'symlink' | 'special' | 'unreadableFolder' | 'gitignoreNotRead';

type OnSkip = (reason: WalkSkipReason, relativePath: string) => void;

/**
 * The candidate files of `root`, or only those under its folder `under` (relative, forward
 * slashes): the same files the whole walk would list there (the ancestors' .gitignore rules
 * apply; nothing when an ancestor is one the whole walk would not enter).
 */
export async function* walkWorkspace(root: string, isExcluded: PathMatcher, onSkip: OnSkip = () => {}, under = ''): AsyncGenerator<CandidateFile> {
  const ignores = under ? await ancestorsRules(root, under, isExcluded) : GitignoreStack.empty();
  if (ignores) yield* walkFolder(root, under, ignores, isExcluded, onSkip);
}

/** The .gitignore rules in force inside `under`, or undefined when the whole walk would not enter it (skipped, excluded, ignored, a link, not a folder). */
async function ancestorsRules(root: string, under: string, isExcluded: PathMatcher): Promise<GitignoreStack | undefined> {
  let ignores = GitignoreStack.empty();
  const parts = under.split('/');
  for (let depth = 0; depth < parts.length; depth++) {
    ignores = (await ignores.enter(root, parts.slice(0, depth).join('/'))).stack;
    const folder = parts.slice(0, depth + 1).join('/');
    if (SKIPPED_FOLDERS.has(parts[depth]) || isExcluded(folder) || ignores.ignores(folder, true)) return undefined;
    const info = await lstat(path.join(root, folder)).catch(() => undefined);
    if (!info?.isDirectory()) return undefined;
  }
  return ignores;
}

async function* walkFolder(root: string, folder: string, outer: GitignoreStack, isExcluded: PathMatcher, onSkip: OnSkip): AsyncGenerator<CandidateFile> {
  let entries;
  try {
    entries = await readdir(path.join(root, folder), { withFileTypes: true });
  } catch {
    onSkip('unreadableFolder', folder || '.');
    return;
  }
  const { stack: ignores, refused } = await outer.enter(root, folder);
  if (refused) onSkip('gitignoreNotRead', folder ? `${folder}/.gitignore` : '.gitignore');
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const rel = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (SKIPPED_FOLDERS.has(entry.name)) onSkip('skippedFolder', rel);
      else if (isExcluded(rel)) onSkip('excluded', rel);
      else if (ignores.ignores(rel, true)) onSkip('gitignored', rel);
      else yield* walkFolder(root, rel, ignores, isExcluded, onSkip);
    } else if (entry.isFile()) {
      const name = entry.name;
      if (SKIPPED_FILE_NAMES.has(name) || SKIPPED_EXTENSIONS.has(path.extname(name).toLowerCase()) || isMinifiedName(name)) onSkip('skippedName', rel);
      else if (isExcluded(rel)) onSkip('excluded', rel);
      else if (ignores.ignores(rel, false)) onSkip('gitignored', rel);
      else yield { file: path.join(root, folder, name), relativePath: rel };
    } else if (isExcluded(rel)) onSkip('excluded', rel);
    else if (ignores.ignores(rel, false)) onSkip('gitignored', rel);
    else onSkip(entry.isSymbolicLink() ? 'symlink' : 'special', rel);
  }
}
