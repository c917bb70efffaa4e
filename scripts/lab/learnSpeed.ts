// Lab: CPU per byte of the stack's two ways of learning a workspace (statistics alone:
// learnContexts; the whole stack: learnFiles), alternated in one run, on the files of a folder.
// Not the product: a measurement tool.
//   node scripts/run-bundled.mjs scripts/lab/learnSpeed.ts --checkpoint C --workspace DIR [--rounds N] [--mode contexts|bytes|both]
import { learnContexts, learnFiles } from '../../src/core/index/contextStack';
import { cpuSeconds } from '../bench/lib/indexSpeed';
import { labWorkspace, option } from './labWorkspace';

async function main(): Promise<void> {
  const { texts, languages, bytes, rounds, fresh } = labWorkspace();
  const mode = option('--mode', 'both');
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
