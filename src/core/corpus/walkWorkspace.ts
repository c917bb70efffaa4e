// Lists the candidate files of one workspace folder, in a stable (sorted) order, leaving out
// excluded globs, .gitignore'd paths, dependency/build folders, lock files, known binary
// extensions and minified bundles by name. Symbolic links are not followed, and neither they
// nor special files (FIFOs, sockets, devices) are read; each is reported, never dropped unseen.
import { readdir } from 'node:fs/promises';
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

export type WalkSkipReason = 'excluded' | 'gitignored' | 'skippedFolder' | 'skippedName' | 'symlink' | 'special';

export async function* walkWorkspace(root: string, isExcluded: PathMatcher, onSkip: (reason: WalkSkipReason, relativePath: string) => void = () => {}): AsyncGenerator<CandidateFile> {
  yield* walkFolder(root, '', GitignoreStack.empty().enter(root, ''), isExcluded, onSkip);
}

async function* walkFolder(root: string, folder: string, ignores: GitignoreStack, isExcluded: PathMatcher, onSkip: (reason: WalkSkipReason, relativePath: string) => void): AsyncGenerator<CandidateFile> {
  let entries;
  try {
    entries = await readdir(path.join(root, folder), { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const rel = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (SKIPPED_FOLDERS.has(entry.name)) onSkip('skippedFolder', rel);
      else if (isExcluded(rel)) onSkip('excluded', rel);
      else if (ignores.ignores(rel, true)) onSkip('gitignored', rel);
      else yield* walkFolder(root, rel, ignores.enter(root, rel), isExcluded, onSkip);
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
