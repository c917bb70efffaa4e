// From the files the editor says matter (open, then recently edited; absolute paths, best
// first) to what relevance.ts needs per workspace folder: the focus files in it, what they
// import (read from disk, their first IMPORT_SCAN_CHARS) and git's changed files; and the
// project of the best focus file (its nearest folder with a manifest), which the first index
// lists alone.
import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { changedSinceGit } from './gitChanges';
import { importSpecifiers, IMPORT_SCAN_CHARS, type ResolvedImports, resolveImports } from './imports';
import { languageOfPath } from '../languages';
import type { ListingScope, WorkspaceListing } from './listWorkspace';
import { isManifest } from './packages';
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

/**
 * The project of the best focus file: the nearest folder above it holding a manifest
 * (packages.ts), as a listing scope; undefined when there is none below the workspace folder
 * itself (the project is the whole folder) or no focus file is in a workspace folder.
 */
export async function focusProject(roots: readonly string[], focusFiles: readonly string[]): Promise<ListingScope | undefined> {
  const file = focusFiles[0];
  const root = file === undefined ? -1 : roots.findIndex((r) => insideRoot(r, file) !== undefined);
  if (root < 0) return undefined;
  const parts = insideRoot(roots[root], file)!.split('/').slice(0, -1);
  for (let depth = parts.length; depth > 0; depth--) {
    const folder = parts.slice(0, depth).join('/');
    const names = await readdir(path.join(roots[root], folder)).catch(() => [] as string[]);
    if (names.some(isManifest)) return { root, folder };
  }
  return undefined;
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
