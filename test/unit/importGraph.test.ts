// The import graph of src/, walked from the TypeScript sources themselves (every import and
// re-export, type-only ones included, and import()/require() calls): no file reaches itself
// through its imports, and imports only run down the layers
//   extension.ts -> editor -> settings -> core -> shared;   worker -> core;   cli -> core
// (the worker and the CLI are separate programs: nothing imports them, and they share code
// through src/core). eslint.config.mjs states the same boundaries import by import; this
// walk sees loops, which no per-import rule can.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');

/** Loops that are known and owned elsewhere; each must name why it is still here. */
const KNOWN_LOOPS: { files: string[]; why: string }[] = [];

type Area = 'shared' | 'core' | 'worker' | 'cli' | 'settings' | 'editor' | 'extension';

/** What each part of src/ may import, besides itself. */
const MAY_IMPORT: Record<Area, Area[]> = {
  shared: [],
  core: ['shared'],
  worker: ['core', 'shared'],
  cli: ['core', 'shared'],
  settings: ['core', 'shared'],
  editor: ['settings', 'core', 'shared'],
  extension: ['editor', 'settings', 'core', 'shared'],
};

function areaOf(file: string): Area {
  const rel = path.relative(SRC, file).split(path.sep);
  if (rel.length === 1) {
    if (rel[0] === 'cli.ts') return 'cli';
    if (rel[0] === 'extension.ts') return 'extension';
    if (rel[0] === 'settings.ts' || rel[0] === 'settingSpecs.ts') return 'settings';
  }
  const area = rel[0] as Area;
  if (!(area in MAY_IMPORT)) throw new Error(`${file}: not in a known part of src/ (add it to MAY_IMPORT)`);
  return area;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.m?ts$|\.mjs$/.test(name) ? [full] : [];
  });
}

/** The file a relative specifier names, as TypeScript resolves it with moduleResolution Bundler. */
function resolve(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (/\.(ts|mjs)$/.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

interface Graph {
  edges: Map<string, string[]>;
  unresolved: string[];
}

function importGraph(files: string[]): Graph {
  const edges = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const file of files) {
    const imported = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
    const targets: string[] = [];
    for (const specifier of imported.filter((s) => s.startsWith('.'))) {
      const target = resolve(file, specifier);
      if (target) targets.push(target);
      else unresolved.push(`${rel(file)}: '${specifier}'`);
    }
    edges.set(file, [...new Set(targets)]);
  }
  return { edges, unresolved };
}

/** Strongly connected components with more than one file (Tarjan), each sorted. */
function loops(edges: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (edges.get(v) ?? []).includes(v)) found.push(component.map(rel).sort());
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

function rel(file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

const graph = importGraph(sourceFiles(SRC));

test('the walk resolves every relative import of src/ to a file', () => {
  assert.deepEqual(graph.unresolved, []);
  const count = [...graph.edges.values()].reduce((n, targets) => n + targets.length, 0);
  assert.ok(count > 300, `only ${count} imports found: the walk is not reading the sources`);
});

test('no import loops between files of src/', () => {
  const known = new Set(KNOWN_LOOPS.map((l) => [...l.files].sort().join(' <-> ')));
  const unexpected = loops(graph.edges)
    .map((files) => files.join(' <-> '))
    .filter((loop) => !known.has(loop));
  assert.deepEqual(unexpected, [], `files that import one another (type imports count: move the shared types to a file both import):\n${unexpected.join('\n')}`);
});

test('imports run down the layers: nothing imports the worker or the CLI, shared imports nothing else', () => {
  const upward: string[] = [];
  for (const [file, targets] of graph.edges) {
    const from = areaOf(file);
    for (const target of targets) {
      const to = areaOf(target);
      if (to !== from && !MAY_IMPORT[from].includes(to)) upward.push(`${rel(file)} (${from}) -> ${rel(target)} (${to})`);
    }
  }
  assert.deepEqual(upward, []);
});
