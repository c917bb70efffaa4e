// The index's walk of the workspace folders: every candidate file by the corpus rules
// (../corpus/walkWorkspace.ts: excludes, .gitignore, dependency and build folders, lock and
// binary files by name, no links), and the packages it finds (manifests, and the names
// package.json and go.mod give). Nothing is read but the manifests, at most
// MANIFEST_READ_BYTES each. Bounded: at most MAX_LISTED_FILES paths are kept (about 100
// bytes each); the rest of a larger workspace is counted as left out ('walkCap').
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { excludeMatcher } from '../corpus/globMatcher';
import { walkWorkspace } from '../corpus/walkWorkspace';
import type { LeftOutReason } from '../../shared/indexSummary';
import { isManifest, MANIFEST_READ_BYTES, manifestName, PackageMap } from './packages';

export const MAX_LISTED_FILES = 200_000;
/** Manifests read for their package's name at most (per walk). */
const MAX_MANIFESTS_READ = 5_000;

export interface WorkspaceListing {
  /** Relative paths per folder, in walk order. */
  files: string[][];
  packages: PackageMap[];
  /** Files and folders left out by the walk, by reason. */
  leftOut: Partial<Record<LeftOutReason, number>>;
}

/** A part of the workspace to list alone: one folder (relative, forward slashes) of roots[root]. */
export interface ListingScope {
  root: number;
  folder: string;
}

/** The candidate files of every folder, or, with `scope`, of that one folder alone (the other roots' lists empty). */
export async function listWorkspace(roots: readonly string[], excludes: readonly (readonly string[])[], shouldStop: () => boolean = () => false, scope?: ListingScope): Promise<WorkspaceListing> {
  const listing: WorkspaceListing = { files: [], packages: [], leftOut: {} };
  const count = (reason: LeftOutReason) => (listing.leftOut[reason] = (listing.leftOut[reason] ?? 0) + 1);
  let listed = 0;
  let manifestsRead = 0;
  for (const [r, root] of roots.entries()) {
    const files: string[] = [];
    const packages = new PackageMap();
    listing.files.push(files);
    listing.packages.push(packages);
    if (scope && scope.root !== r) continue;
    for await (const candidate of walkWorkspace(root, excludeMatcher(excludes[r] ?? []), count, scope?.folder)) {
      if (listed >= MAX_LISTED_FILES) {
        count('walkCap');
        continue;
      }
      files.push(candidate.relativePath);
      if (++listed % 1000 === 0 && shouldStop()) return listing;
      const name = path.posix.basename(candidate.relativePath);
      if (!isManifest(name)) continue;
      const text = manifestsRead++ < MAX_MANIFESTS_READ ? await readHead(candidate.file) : '';
      packages.addManifest(candidate.relativePath, manifestName(name, text));
    }
  }
  return listing;
}

/** The first MANIFEST_READ_BYTES of a file as UTF-8 ('' when it cannot be read). */
async function readHead(file: string): Promise<string> {
  try {
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK); // a FIFO put in its place does not block
    try {
      const buffer = Buffer.alloc(MANIFEST_READ_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.toString('utf8', 0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}
