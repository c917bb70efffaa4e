// Runs the in-host suite (test/vscode/*.test.ts, mocha) inside the real VS Code 1.100 extension
// host, offline, through code-server: the workbench is opened in headless chromium with
// extensionDevelopmentPath + extensionTestsPath, the suite writes its results to a file, and
// this script prints them and exits non-zero when any test failed.
// Networking is made to fail in code-server's processes but its server (test/support/
// no-network.cjs through NODE_OPTIONS): the extension host that runs Recur and its training
// process have it, and
// the suite's last test (test/vscode/zz-offline.test.ts) fails if Recur tried to connect.
//   node scripts/run-vscode-tests.mjs [--grep PATTERN] [--no-setup] [--restricted]
// --restricted: workspace trust on, the folder untrusted (Restricted Mode), with workspace
// settings that a hostile repository could write; runs the "restricted mode" suite only.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setup } from './lib/setup.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { startCodeServer, workbenchUrl } from './lib/code-server-process.mjs';
import { codeServerEntry } from './lib/code-server.mjs';
import { log, repoRoot } from './lib/run.mjs';

const TIMEOUT_MS = Number(process.env.RECUR_VSCODE_TEST_TIMEOUT_MS ?? 15 * 60_000);
const grepIndex = process.argv.indexOf('--grep');
const restricted = process.argv.includes('--restricted');
const grep = restricted ? 'restricted mode' : grepIndex > 0 ? process.argv[grepIndex + 1] : undefined;

if (!process.argv.includes('--no-setup')) await setup({ tests: true });

const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-inhost-'));
const workspace = path.join(scratch, 'workspace');
cpSync(process.env.RECUR_TEST_FIXTURE ?? path.join(repoRoot, 'test', 'fixtures', 'workspace-small'), workspace, { recursive: true });
if (restricted) {
  mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  cpSync(path.join(repoRoot, 'test', 'fixtures', 'restricted-settings.json'), path.join(workspace, '.vscode', 'settings.json'));
}
const resultsFile = path.join(scratch, 'results.jsonl');
writeFileSync(resultsFile, '');
const netLog = path.join(scratch, 'network.jsonl');
writeFileSync(netLog, '');
const guard = path.join(repoRoot, 'test', 'support', 'no-network.cjs');

const server = await startCodeServer({
  profileDir: path.join(scratch, 'profile'),
  // The suites start without any model; the base model's own tests turn this back on.
  userSettings: { 'recur.model.useBaseModel': false },
  workspaceTrust: restricted,
  env: {
    RECUR_TEST_RESULTS: resultsFile,
    RECUR_TEST_GREP: grep ?? '',
    RECUR_TEST_WORKSPACE: workspace,
    RECUR_TEST_MODE: '1',
    ...(restricted ? { RECUR_TEST_RESTRICTED: '1' } : {}),
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${guard}`.trim(),
    RECUR_NET_GUARD: guard,
    RECUR_NET_GUARD_EXEMPT: codeServerEntry().replace(/\.js$/, ''), // code-server's own server process (it looks for its gallery); not Recur's
    RECUR_NET_LOG: netLog,
  },
});
const browser = await launchBrowser();
let exitCode = 1;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (err) => log(`page error: ${err.message}`));
  await page.goto(workbenchUrl(server, { folder: workspace, extensionPath: repoRoot, testsPath: path.join(repoRoot, 'out', 'test', 'vscode', 'index') }));
  const end = await waitForEnd(resultsFile, TIMEOUT_MS);
  exitCode = report(resultsFile, end);
  if (exitCode !== 0) {
    const shot = path.join(repoRoot, 'test-output', 'vscode-failure.png');
    await page.screenshot({ path: shot }).catch(() => undefined);
    log(`screenshot of the workbench at failure: ${shot}; code-server log: ${server.logFile}`);
  }
} finally {
  await browser.close().catch(() => undefined);
  await server.stop();
  if (exitCode === 0) rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);

async function waitForEnd(file, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let printed = 0;
  while (Date.now() < deadline) {
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    for (const line of lines.slice(printed)) printLive(JSON.parse(line));
    printed = lines.length;
    const end = lines.map((l) => JSON.parse(l)).find((r) => r.kind === 'end');
    if (end) return end;
    await new Promise((r) => setTimeout(r, 500));
  }
  return undefined;
}

function printLive(record) {
  if (record.kind === 'pass') console.log(`  ✔ ${record.title} (${record.ms ?? 0} ms)`);
  else if (record.kind === 'fail') console.log(`  ✘ ${record.title}\n${indent(record.error)}`);
  else if (record.kind === 'pending') console.log(`  - ${record.title} (skipped)`);
}

function indent(text) {
  return String(text)
    .split('\n')
    .slice(0, 25)
    .map((l) => `      ${l}`)
    .join('\n');
}

function report(file, end) {
  if (!end) {
    console.log(`in-host suite did not finish within ${TIMEOUT_MS / 1000}s (results so far in ${file})`);
    console.log('0 passed, 1 failed');
    return 1;
  }
  if (end.error) console.log(`in-host suite could not run: ${end.error}`);
  console.log(`in-host: ${end.passed} passed, ${end.failed} failed${end.pending ? `, ${end.pending} skipped` : ''}`);
  return end.failed === 0 && end.passed > 0 ? 0 : 1;
}
