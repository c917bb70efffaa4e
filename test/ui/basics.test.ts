// A new user's first minute: Recur's status bar item is there, its commands are in the
// command palette under "Recur", and a workspace file opens in the editor.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openVSCode, REPO_ROOT, type VSCodeSession } from './harness';

const FIXTURE = process.env.RECUR_TEST_FIXTURE ?? path.join(REPO_ROOT, 'test', 'fixtures', 'workspace-small');
let vscode: VSCodeSession;

before(async () => {
  vscode = await openVSCode({ folder: FIXTURE });
});
after(async () => {
  await vscode?.close();
});

test('the status bar shows Recur', async () => {
  const text = await vscode.waitForStatusBar(/Recur/i, 60_000);
  assert.match(text, /Recur/);
  await vscode.screenshot('basics-status-bar');
});

test('the command palette lists the Recur commands', async () => {
  const { page } = vscode;
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>Recur: ');
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  await rows.first().waitFor();
  await page.waitForTimeout(300);
  const labels = (await rows.allInnerTexts()).join('\n');
  for (const title of ['Recur: Train on Workspace', 'Recur: Show Model Panel', 'Recur: Toggle Inline Suggestions']) {
    assert.ok(labels.includes(title), `palette shows "${title}" in:\n${labels}`);
  }
  await vscode.screenshot('basics-command-palette');
  await page.keyboard.press('Escape');
});

test('a workspace file opens in the editor', async () => {
  await vscode.openFile('src/math.ts');
  const text = await vscode.page.locator('.monaco-editor .view-lines').first().innerText();
  assert.match(text, /\S/);
  await vscode.screenshot('basics-editor');
});
