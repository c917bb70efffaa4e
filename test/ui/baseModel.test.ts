// A new user opens a folder with Recur's defaults and nothing trained: the status bar says
// the base model is in use, and typing shows ghost text from it at once, without training.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openVSCode, REPO_ROOT, type VSCodeSession } from './harness';
import { settledGhostText } from './ghostText';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace-code');

let vscode: VSCodeSession;

before(async () => {
  // Recur's defaults; only VS Code's own word suggestions are turned off, so the ghost text is Recur's alone.
  vscode = await openVSCode({ folder: FIXTURE, settings: { 'editor.quickSuggestions': { other: false, comments: false, strings: false }, 'editor.suggestOnTriggerCharacters': false } });
});
after(async () => {
  await vscode?.close();
});

test('a new user opens a folder and sees ghost text from the base model without training', async () => {
  const text = await vscode.waitForStatusBar(/Recur: base model/, 60_000);
  assert.doesNotMatch(text, /no model/);
  const { page } = vscode;
  await vscode.openFile('src/stats.ts');
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('export function smallest(values: number[]): number {', { delay: 30 });
  await page.keyboard.press('Enter');
  await page.keyboard.type('if (values.len', { delay: 60 });
  const suggestion = await settledGhostText(vscode);
  assert.match(suggestion, /^gth/, `the ghost text continues "values.len" (got "${suggestion}")`);
  await vscode.screenshot('base-model-ghost-text');
});
