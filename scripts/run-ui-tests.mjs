// Runs the UI suite (test/ui/*.test.ts): real VS Code (code-server) in headless chromium,
// driven with playwright-core. Screenshots land in test-output/ui/.
//   node scripts/run-ui-tests.mjs [filter] [--no-setup]
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { setup } from './lib/setup.mjs';
import { repoRoot, runAsyncFiltered } from './lib/run.mjs';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!process.argv.includes('--no-setup')) await setup({ tests: true });
const files = readdirSync(path.join(repoRoot, 'test', 'ui'))
  .filter((f) => f.endsWith('.test.ts') && (!args[0] || f.includes(args[0])))
  .sort()
  .map((f) => path.join('test', 'ui', f));
if (files.length === 0) {
  console.error('no UI tests found');
  process.exit(1);
}
process.exit(await runAsyncFiltered(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=600000', ...files], { cwd: repoRoot }));
