// The walk's rules (../corpus/walkWorkspace.ts) for one path at a time, for files that change
// while the editor runs (the file watcher feeds them to the index one by one): dependency and
// build folders, lock and binary files by name, exclude globs (files.exclude, search.exclude,
// recur.corpus.exclude) and .gitignore files, nested ones too. The .gitignore rules of each
// folder are read once (bounded: ../files/boundedRead.ts) and kept until clear() (a
// .gitignore changed).
import path from 'node:path';
import { GitignoreStack } from '../corpus/gitignore';
import { excludeMatcher, type PathMatcher } from '../corpus/globMatcher';
import { isMinifiedName, SKIPPED_EXTENSIONS, SKIPPED_FILE_NAMES, SKIPPED_FOLDERS } from '../corpus/skipRules';
import type { WalkSkipReason } from '../corpus/walkWorkspace';

/** Folders whose .gitignore rules are kept at most (then they are read again). */
const MAX_CACHED_FOLDERS = 2000;

export class PathRules {
  private readonly isExcluded: PathMatcher;
  private readonly stacks = new Map<string, Promise<GitignoreStack>>();

  constructor(
    readonly root: string,
    excludeGlobs: readonly string[],
  ) {
    this.isExcluded = excludeMatcher(excludeGlobs);
  }

  /** Why the walk would leave out the file at `relativePath` (forward slashes), or undefined when it would take it. */
  async reasonFor(relativePath: string): Promise<WalkSkipReason | undefined> {
    const parts = relativePath.split('/');
    const name = parts[parts.length - 1];
    if (parts.slice(0, -1).some((folder) => SKIPPED_FOLDERS.has(folder))) return 'skippedFolder';
    if (SKIPPED_FILE_NAMES.has(name) || SKIPPED_EXTENSIONS.has(path.extname(name).toLowerCase()) || isMinifiedName(name)) return 'skippedName';
    if (this.isExcluded(relativePath)) return 'excluded';
    let folder = '';
    for (const part of parts.slice(0, -1)) {
      const inner = folder ? `${folder}/${part}` : part;
      if ((await this.stackFor(folder)).ignores(inner, true)) return 'gitignored';
      folder = inner;
    }
    return (await this.stackFor(folder)).ignores(relativePath, false) ? 'gitignored' : undefined;
  }

  /** Forgets the .gitignore rules read so far. */
  clear(): void {
    this.stacks.clear();
  }

  /** The .gitignore rules that apply inside `folder` (relative, '' for the root). */
  private stackFor(folder: string): Promise<GitignoreStack> {
    const known = this.stacks.get(folder);
    if (known) return known;
    if (this.stacks.size >= MAX_CACHED_FOLDERS) this.stacks.clear();
    const parent = folder === '' ? Promise.resolve(GitignoreStack.empty()) : this.stackFor(folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '');
    const stack = parent.then(async (outer) => (await outer.enter(this.root, folder)).stack);
    this.stacks.set(folder, stack);
    return stack;
  }
}
