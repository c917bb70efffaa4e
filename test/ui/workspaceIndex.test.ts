// The workspace index as a user sees it in real VS Code: a folder with a small project beside
// a few megabytes of library code; while the base model's first index is built the status
// bar shows its progress (files, MB), and afterwards the model panel says what the index
// holds and what it left out; a name defined in a file saved a moment ago shows as ghost text
// in another editor within 2 seconds of the save. Screenshots: test-output/ui/index-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Frame } from 'playwright-core';
import { openVSCode, REPO_ROOT, type VSCodeSession } from './harness';
import { ghostTextNow } from './ghostText';
import { SKIPPED_FOLDERS } from '../../src/core/corpus/skipRules';

const LIBRARY_BYTES = 4 * 1024 * 1024;
let folder: string;
let vscode: VSCodeSession;

/** A project under app/ and up to LIBRARY_BYTES of JavaScript from this repository's node_modules under libs/ (folders the walk skips by name, dist/ and the like, renamed so that it reads them). */
function monorepo(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'recur-ui-monorepo-'));
  mkdirSync(path.join(root, 'app', 'src'), { recursive: true });
  writeFileSync(path.join(root, 'app', 'package.json'), '{ "name": "app" }\n');
  writeFileSync(
    path.join(root, 'app', 'src', 'orders.ts'),
    'export function totalOfOrders(orders: { amount: number }[]): number {\n  return orders.reduce((sum, order) => sum + order.amount, 0);\n}\n',
  );
  let bytes = 0;
  const visit = (from: string, to: string): void => {
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      if (bytes >= LIBRARY_BYTES) return;
      const source = path.join(from, entry.name);
      if (entry.isDirectory() && entry.name !== '.bin') visit(source, path.join(to, SKIPPED_FOLDERS.has(entry.name) ? `${entry.name}_` : entry.name));
      else if (entry.isFile() && /\.(js|ts)$/.test(entry.name) && statSync(source).size < 256 * 1024) {
        mkdirSync(to, { recursive: true });
        copyFileSync(source, path.join(to, entry.name));
        bytes += statSync(source).size;
      }
    }
  };
  visit(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'libs'));
  return root;
}

before(async () => {
  folder = monorepo();
  // recur.context.memoryMB 8: an index budget of 2 MB, so the libraries overflow it and the test stays short.
  // VS Code's own word suggestions are off, so the ghost text is Recur's alone.
  vscode = await openVSCode({
    folder,
    inPlace: true,
    settings: {
      'workbench.startupEditor': 'none',
      'recur.context.memoryMB': 8,
      'recur.completions.debounceMs': 0,
      'editor.quickSuggestions': { other: false, comments: false, strings: false },
      'editor.suggestOnTriggerCharacters': false,
      'editor.autoClosingBrackets': 'never',
      'files.autoSave': 'off',
    },
  });
});

after(async () => {
  await vscode?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function panelFrame(timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of vscode.page.frames()) {
      if (await frame.evaluate(() => document.querySelector('[data-recur-panel]') !== null).catch(() => false)) return frame;
    }
    await vscode.page.waitForTimeout(250);
  }
  throw new Error('the model panel webview did not appear');
}

test('the first index shows its progress in the status bar, and the panel says what the index holds', async () => {
  await vscode.openFile('app/src/orders.ts');
  // Listing first ("N files found"), then reading: files and MB read so far.
  const progress = await vscode.waitForStatusBar(/Recur: indexing [\d,]+ files · [\d.]+ (MB|KB) (read|learned)/, 120_000);
  console.log(`status bar: ${progress}`);
  await vscode.screenshot('index-progress-status-bar');
  await vscode.waitForStatusBar(/Recur: base model/, 600_000);
  await vscode.runCommand('Recur: Show Model Panel');
  const frame = await panelFrame();
  const line = frame.locator('.empty-state p', { hasText: 'Workspace index:' });
  await line.waitFor({ timeout: 60_000 });
  const text = await line.innerText();
  console.log(`panel: ${text}`);
  assert.match(text, /^Workspace index: [\d,]+ files, [\d.]+ MB \(/);
  assert.match(text, /left out: [\d,]+ past the memory budget/);
  await vscode.screenshot('index-panel-line');
});

test('a name from a file saved a moment ago shows as ghost text in another editor within 2 seconds', async () => {
  const { page } = vscode;
  await vscode.runCommand('View: Close All Editor Groups');
  writeFileSync(path.join(folder, 'app', 'src', 'live.ts'), 'export const placeholder = 1;\n');
  // The other editor, importing the name (left group); the file to save on the right.
  await vscode.openFile('app/src/orders.ts');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.type('import { zorblatQu', { delay: 20 });
  await page.waitForTimeout(1500);
  assert.ok(!(await ghostTextNow(vscode)).startsWith('intessence'), `no such suggestion before the save (ghost text "${await ghostTextNow(vscode)}")`);
  await page.keyboard.press('Control+\\');
  await vscode.openFile('app/src/live.ts');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nexport function zorblatQuintessence(count: number): number {\nreturn count * 7;\n}\n', { delay: 10 });
  await page.keyboard.press('Control+S');
  const saved = performance.now();
  await page.locator('.tab.active:not(.dirty)', { hasText: 'live.ts' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Control+1');
  await page.keyboard.type('i');
  let ms: number | undefined;
  while (performance.now() - saved < 10_000) {
    if ((await ghostTextNow(vscode)).startsWith('ntessence')) {
      ms = performance.now() - saved;
      break;
    }
    await page.waitForTimeout(50);
  }
  await vscode.screenshot('index-saved-name-suggested');
  console.log(`the saved name was ghost text in the other editor ${ms?.toFixed(0)} ms after Ctrl+S (switching editors and a keystroke included)`);
  assert.ok(ms !== undefined, `suggested at all (ghost text "${await ghostTextNow(vscode)}")`);
  assert.ok(ms < 2000, `suggested ${ms.toFixed(0)} ms after the save`);
});
