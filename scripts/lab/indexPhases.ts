// Lab: where the index job's CPU time goes, step by step (the index job's own log lines with
// the CPU seconds of each), on a folder as bench:quality --read-workspace writes it.
// Not the product: a measurement tool.
//   node scripts/run-bundled.mjs scripts/lab/indexPhases.ts --checkpoint C --workspace DIR [--focus FILE]...
import path from 'node:path';
import { readdirSync, statSync } from 'node:fs';
import { readCheckpoint } from '../../src/core/model/checkpoint';
import { CORPUS_OPTIONS, corpusOptionsFrom } from '../../src/core/corpus';
import { defaultsOf } from '../../src/core/options';
import { DEFAULT_CONTEXT_MEMORY_MB, stackSizesFor } from '../../src/core/predict/stackConfig';
import { runIndex } from '../../src/core/index/indexJob';
import { cpuSeconds } from '../bench/lib/indexSpeed';

function option(name: string): string[] {
  const out: string[] = [];
  for (let i = 2; i < process.argv.length - 1; i++) if (process.argv[i] === name) out.push(process.argv[i + 1]);
  return out;
}

function bytesUnder(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    n += entry.isDirectory() ? bytesUnder(full) : statSync(full).size;
  }
  return n;
}

async function main(): Promise<void> {
  const [checkpoint] = option('--checkpoint');
  const [workspace] = option('--workspace');
  const focus = option('--focus').map((f) => path.resolve(f));
  let last = cpuSeconds();
  const started = last;
  const lap = (what: string) => {
    const now = cpuSeconds();
    console.log(`${(now - last).toFixed(3)} s CPU  ${what}`);
    last = now;
  };
  const base = readCheckpoint(checkpoint);
  lap('read the base checkpoint');
  const corpus = corpusOptionsFrom({ ...defaultsOf(CORPUS_OPTIONS), excludeGlobs: [] });
  const root = path.resolve(workspace);
  await runIndex(
    {
      base,
      previous: undefined,
      roots: [root],
      excludes: [[]],
      focus,
      limits: { maxFileBytes: corpus.maxFileBytes, maxLineLength: corpus.maxLineLength, maxTotalBytes: corpus.maxTotalBytes },
      sizes: stackSizesFor(DEFAULT_CONTEXT_MEMORY_MB),
    },
    {
      shouldStop: () => false,
      onProgress: () => {},
      save: (_index, result) => lap(`(save called: ${result.phase}, ${result.bytesRead} bytes read)`),
      log: (m) => lap(m),
    },
  );
  const total = cpuSeconds() - started;
  const bytes = bytesUnder(root);
  console.log(`total ${total.toFixed(3)} s CPU for ${bytes} bytes: ${((total * 1e6) / bytes).toFixed(2)} µs/byte`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
