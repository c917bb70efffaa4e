// The monorepo of bench:monorepo, built from what the project already installs (no network):
//   web/    the training files of a benchmark corpus (by default js-web-framework, hapi),
//           the project the user edits: its held-out files are what the user types
//   libs/   every JavaScript/TypeScript file and package.json of this repository's own
//           node_modules (about 18,500 library files, 166 MB), paths kept, with any nested
//           `node_modules` folder renamed `nm` (the corpus rules would skip it by name);
//           with libsMB, only the first libsMB MB of them in directory order
// and beside it the project alone (the same training files as the root of their own folder).
// Both are kept under ${RECUR_CACHE_DIR:-~/.cache/recur}/bench/monorepo/, rebuilt when the
// corpus's files or the installed packages (package-lock.json) change.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BenchSplit, writeWorkspace } from './benchCorpus';

const repo = path.resolve(__dirname, '..', '..', '..');
const cacheRoot = process.env.RECUR_CACHE_DIR || path.join(os.homedir(), '.cache', 'recur');
const LIBRARY_FILE = /\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$|^package\.json$/;

export interface BenchWorkspaces {
  /** The project alone: its training files at the root. */
  alone: string;
  /** The monorepo's root (web/ and libs/). */
  monorepo: string;
  /** The project's folder inside the monorepo ('web'). */
  projectFolder: string;
  libraryFiles: number;
  libraryBytes: number;
}

/** Builds (or reuses) both workspaces for a split. */
export async function benchWorkspaces(split: BenchSplit, log: (line: string) => void, libsMB?: number): Promise<BenchWorkspaces> {
  const key = `${stamp(split)}${libsMB === undefined ? '' : `-libs${libsMB}mb`}`;
  const dir = path.join(cacheRoot, 'bench', 'monorepo', `${split.name.replace(/[^\w.-]+/g, '_')}-${key}`);
  const done = path.join(dir, 'built.json');
  const result = { alone: path.join(dir, 'alone'), monorepo: path.join(dir, 'monorepo'), projectFolder: 'web' };
  if (!existsSync(done)) {
    log(`  building the monorepo in ${dir} (libs/ from ${path.join(repo, 'node_modules')})...`);
    const { buildAside } = (await import('../../lib/buildAside.mjs')) as { buildAside: (dir: string, marker: string, build: (staging: string) => void) => void };
    buildAside(dir, 'built.json', (staging) => {
      writeWorkspace(path.join(staging, 'alone'), split.train);
      writeWorkspace(path.join(staging, 'monorepo', result.projectFolder), split.train);
      const libs = copyLibraries(path.join(repo, 'node_modules'), path.join(staging, 'monorepo', 'libs'), libsMB === undefined ? Infinity : libsMB * 2 ** 20);
      writeFileSync(path.join(staging, 'built.json'), JSON.stringify(libs));
    });
  }
  return { ...result, ...(JSON.parse(readFileSync(done, 'utf8')) as { libraryFiles: number; libraryBytes: number }) };
}

/** Copies the library files under `from` into `to` (at most about maxBytes); nested node_modules become nm. */
function copyLibraries(from: string, to: string, maxBytes: number): { libraryFiles: number; libraryBytes: number } {
  let libraryFiles = 0;
  let libraryBytes = 0;
  const visit = (folder: string, target: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (libraryBytes >= maxBytes) return;
      const source = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === '.bin' || entry.name === '.cache') continue;
        visit(source, path.join(target, entry.name === 'node_modules' ? 'nm' : entry.name));
      } else if (entry.isFile() && LIBRARY_FILE.test(entry.name)) {
        mkdirSync(target, { recursive: true });
        copyFileSync(source, path.join(target, entry.name));
        libraryFiles++;
        libraryBytes += statSync(source).size;
      }
    }
  };
  visit(from, to);
  return { libraryFiles, libraryBytes };
}

/** The split's training files and the installed packages, hashed. */
function stamp(split: BenchSplit): string {
  const hash = createHash('sha256');
  for (const f of split.train) hash.update(f.relativePath).update(f.bytes);
  hash.update(readFileSync(path.join(repo, 'package-lock.json')));
  return hash.digest('hex').slice(0, 12);
}
