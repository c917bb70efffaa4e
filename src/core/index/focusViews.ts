// From the files the editor says matter (open, then recently edited; absolute paths, best
// first) to what relevance.ts needs per workspace folder: the focus files in it, what they
// import (read from disk, their first IMPORT_SCAN_CHARS) and git's changed files.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { changedSinceGit } from './gitChanges';
import { importSpecifiers, IMPORT_SCAN_CHARS, type ResolvedImports, resolveImports } from './imports';
import { languageOfPath } from '../languages';
import type { WorkspaceListing } from './listWorkspace';
import type { RootView } from './relevance';

/** Focus files whose imports are read at most. */
export const MAX_FOCUS_FILES = 32;

/** The relative path of `file` inside `root` (forward slashes), or undefined when it is outside. */
export function insideRoot(root: string, file: string): string | undefined {
  const relative = path.relative(root, file);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

export async function focusViews(roots: readonly string[], listing: WorkspaceListing, focusFiles: readonly string[]): Promise<RootView[]> {
  const focus = focusFiles.slice(0, MAX_FOCUS_FILES);
  const views: RootView[] = [];
  for (const [r, root] of roots.entries()) {
    const inRoot = [...new Set(focus.map((f) => insideRoot(root, f)).filter((f): f is string => f !== undefined))];
    const files = new Set(listing.files[r]);
    const imports: ResolvedImports = { files: [], folders: [] };
    for (const relativePath of inRoot) {
      const language = languageOfPath(relativePath);
      const specifiers = importSpecifiers(await readStart(path.join(root, relativePath)), language);
      const resolved = resolveImports(relativePath, specifiers, language, (p) => files.has(p), listing.packages[r]);
      imports.files.push(...resolved.files);
      imports.folders.push(...resolved.folders);
    }
    views.push({ focus: inRoot, imports, packages: listing.packages[r], changed: await changedSinceGit(root, listing.files[r]) });
  }
  return views;
}

/** The start of a file as text ('' when it cannot be read). */
async function readStart(file: string): Promise<string> {
  try {
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      if (!(await handle.stat()).isFile()) return '';
      const buffer = Buffer.alloc(IMPORT_SCAN_CHARS);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.toString('utf8', 0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}
