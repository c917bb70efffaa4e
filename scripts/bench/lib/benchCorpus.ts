// The benchmarks' view of a public project (scripts/bench/corpora.json): its files read with
// the workspace corpus's own rules (src/core/corpus: skipped folders and names, binary,
// minified and oversized files), split by a hash of the path: a file is held out when its
// split score (src/core/corpus/split.ts) is at least 1 - HELD_OUT_SHARE, so held-out files are
// never the trainer's own validation files (those score below VALIDATION_SHARE), and the same
// file is always on the same side. Training sees the other files only, copied into a folder
// (as a user's workspace would be) that `recur train` reads.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { excludeMatcher } from '../../../src/core/corpus/globMatcher';
import { readTextFile } from '../../../src/core/corpus/readTextFile';
import { splitScore } from '../../../src/core/corpus/split';
import { walkWorkspace } from '../../../src/core/corpus/walkWorkspace';

export const HELD_OUT_SHARE = 0.1;

export const DEFAULT_BENCH_CORPORA = ['js-web-framework', 'python-http', 'go-web-framework'];

export interface BenchFile {
  relativePath: string;
  bytes: Uint8Array;
}

export interface BenchSplit {
  name: string;
  root: string;
  train: BenchFile[];
  held: BenchFile[];
}

export const CORPUS_LIMITS = { maxFileBytes: 512 * 1024, maxLineLength: 1000 };

/** Every text file of `root` that the workspace corpus would take, in walk order. */
export async function readFolder(root: string): Promise<BenchFile[]> {
  const files: BenchFile[] = [];
  for await (const candidate of walkWorkspace(root, excludeMatcher([]))) {
    const read = await readTextFile(candidate.file, CORPUS_LIMITS);
    if (read.kind === 'text') files.push({ relativePath: candidate.relativePath, bytes: read.bytes });
  }
  return files;
}

export function isHeldOut(relativePath: string): boolean {
  return splitScore(relativePath) >= 1 - HELD_OUT_SHARE;
}

/** A public corpus by name (fetched into the cache when missing), split into train and held-out files. */
export async function benchSplit(name: string): Promise<BenchSplit> {
  const { prepareBenchCorpus } = (await import('../../lib/public-code.mjs')) as { prepareBenchCorpus: (name: string) => string };
  const root = prepareBenchCorpus(name);
  return splitFolder(name, root);
}

export async function splitFolder(name: string, root: string): Promise<BenchSplit> {
  const files = await readFolder(root);
  return { name, root, train: files.filter((f) => !isHeldOut(f.relativePath)), held: files.filter((f) => isHeldOut(f.relativePath)) };
}

/** Two folders given by the user: all of one trains, all of the other is held out. */
export async function folderPair(trainRoot: string, heldRoot: string): Promise<BenchSplit> {
  return { name: `${path.basename(trainRoot)} -> ${path.basename(heldRoot)}`, root: trainRoot, train: await readFolder(trainRoot), held: await readFolder(heldRoot) };
}

/** Writes files into `dir` (emptied first) under their relative paths: a workspace for `recur train`. */
export function writeWorkspace(dir: string, files: readonly BenchFile[]): void {
  rmSync(dir, { recursive: true, force: true });
  for (const f of files) {
    const target = path.join(dir, f.relativePath);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.bytes);
  }
}

export function totalBytes(files: readonly BenchFile[]): number {
  return files.reduce((n, f) => n + f.bytes.length, 0);
}
