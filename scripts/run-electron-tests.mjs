// The in-host suite on desktop VS Code through @vscode/test-electron, for machines with
// internet (it downloads VS Code 1.100.3). Offline, use `npm run test:vscode` (code-server),
// which is what `npm test` runs.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setup } from './lib/setup.mjs';
import { repoRoot } from './lib/run.mjs';

await setup();
const require = createRequire(path.join(repoRoot, 'package.json'));
const { runTests } = require('@vscode/test-electron');

const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-electron-'));
const workspace = path.join(scratch, 'workspace');
cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace-small'), workspace, { recursive: true });
const resultsFile = path.join(scratch, 'results.jsonl');
writeFileSync(resultsFile, '');
try {
  await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'vscode', 'index'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { RECUR_TEST_RESULTS: resultsFile, RECUR_TEST_WORKSPACE: workspace, RECUR_TEST_MODE: '1' },
  });
} catch (err) {
  console.error(`test-electron: ${err?.message ?? err}`);
}
const end = readFileSync(resultsFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l))
  .find((r) => r.kind === 'end');
console.log(end ? `in-host (electron): ${end.passed} passed, ${end.failed} failed` : 'in-host (electron): 0 passed, 1 failed');
process.exit(end && end.failed === 0 && end.passed > 0 ? 0 : 1);
