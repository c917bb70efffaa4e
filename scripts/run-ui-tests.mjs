// Runs the UI suite (test/ui/*.test.ts): real VS Code (code-server) in headless chromium,
// driven with playwright-core. Screenshots land in test-output/ui/.
//   node scripts/run-ui-tests.mjs [filter] [--no-setup] [--real]
// --real runs the opt-in session on a real repository (realRepository.test.ts, ~15 minutes).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { setup } from './lib/setup.mjs';
import { repoRoot, runAsyncFiltered } from './lib/run.mjs';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (process.argv.includes('--real')) process.env.RECUR_REAL_REPOSITORY = '1';
if (!process.argv.includes('--no-setup')) await setup({ tests: true });
const files = readdirSync(path.join(repoRoot, 'test', 'ui'))
  .filter((f) => f.endsWith('.test.ts') && (!args[0] || f.includes(args[0])))
  .sort()
  .map((f) => path.join('test', 'ui', f));
if (files.length === 0) {
  console.error('no UI tests found');
  process.exit(1);
}
// A file's tests share one timeout: the session on a real repository takes longer than the rest.
const timeoutMs = process.env.RECUR_REAL_REPOSITORY === '1' ? 40 * 60_000 : 600_000;
process.exit(await runAsyncFiltered(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', `--test-timeout=${timeoutMs}`, ...files], { cwd: repoRoot }));
