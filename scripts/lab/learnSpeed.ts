// Lab: CPU per byte of the stack's two ways of learning a workspace (statistics alone:
// learnContexts; the whole stack: learnFiles), alternated in one run, on the files of a folder.
// Not the product: a measurement tool.
//   node scripts/run-bundled.mjs scripts/lab/learnSpeed.ts --checkpoint C --workspace DIR [--rounds N] [--mode contexts|bytes|both]
import path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { readCheckpoint } from '../../src/core/model/checkpoint';
import { DEFAULT_CONTEXT_MEMORY_MB, stackSizesFor } from '../../src/core/predict/stackConfig';
import { stackFromSection } from '../../src/core/predict/stackState';
import { learnContexts, learnFiles } from '../../src/core/index/contextStack';
import { languageCodeOfPath } from '../../src/core/languages';
import { cpuSeconds } from '../bench/lib/indexSpeed';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

async function main(): Promise<void> {
  const base = readCheckpoint(option('--checkpoint', 'models/base.recur'));
  const paths = filesUnder(option('--workspace', '.')).sort();
  const texts = paths.map((p) => new Uint8Array(readFileSync(p)));
  const languages = paths.map(languageCodeOfPath);
  const bytes = texts.reduce((n, t) => n + t.length, 0);
  const sizes = stackSizesFor(Number(option('--mb', String(DEFAULT_CONTEXT_MEMORY_MB))));
  const rounds = Number(option('--rounds', '3'));
  const mode = option('--mode', 'both');
  const template = stackFromSection(base.context!);
  const fresh = () => {
    const stack = template.withEmptyStatistics(sizes);
    stack.languageContexts = true;
    return stack;
  };
  for (let r = 0; r < rounds; r++) {
    if (mode !== 'bytes') {
      const stack = fresh();
      const t = cpuSeconds();
      learnContexts(stack, texts, languages);
      console.log(`round ${r} learnContexts ${(((cpuSeconds() - t) * 1e6) / bytes).toFixed(2)} µs/byte (${bytes} bytes)`);
    }
    if (mode !== 'contexts') {
      const stack = fresh();
      const t = cpuSeconds();
      await learnFiles(stack, texts, () => false, undefined, undefined, languages);
      console.log(`round ${r} learnFiles    ${(((cpuSeconds() - t) * 1e6) / bytes).toFixed(2)} µs/byte`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
