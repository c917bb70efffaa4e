// The universal VSIX (`npm run package -- --universal`): no target, no native file, no tfjs
// at all, within the size limit. Installed into real VS Code (code-server --install-extension)
// it gives the whole product from the installed copy, where nothing can load tfjs-node (the
// VSIX does not contain it, and nothing above the extensions folder provides it): ghost text
// from the base model, the model panel, and a short training run, which the portable
// WebAssembly backend trains (the tooltip, the panel and the checkpoint's history say so).
// Screenshots: test-output/ui/universal-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { openVSCode, REPO_ROOT, type VSCodeSession } from './harness';
import { settledGhostText } from './ghostText';
import { NATIVE_FILE, packageVsix, UNIVERSAL_MAX_BYTES } from '../../scripts/lib/vsix.mjs';
import { listZip, readZipEntry } from '../../scripts/lib/zipList.mjs';
import { codeServerEntry } from '../../scripts/lib/code-server.mjs';
import { readCheckpoint } from '../../src/core/model/checkpoint';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace-code');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-universal-'));
const extensionsDir = path.join(scratch, 'extensions');
let vsix = '';
let installedDir = '';
let vscode: VSCodeSession | undefined;

// Recur's defaults (the base model, fine-tuned by "Train on Workspace"), with a short run:
// 24 steps of 8 x 32 characters, so the fine-tuning of the 2 x 256 base model ends in seconds.
const SETTINGS = {
  'recur.training.maxSteps': 24,
  'recur.training.batchSize': 8,
  'recur.training.sequenceLength': 32,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
};

before(async () => {
  vsix = await packageVsix({ out: path.join(scratch, 'recur-universal.vsix'), portable: true });
  const install = spawnSync(process.execPath, [codeServerEntry(), '--extensions-dir', extensionsDir, '--user-data-dir', path.join(scratch, 'data'), '--install-extension', vsix], { encoding: 'utf8' });
  assert.equal(install.status, 0, `--install-extension failed:\n${install.stdout}\n${install.stderr}`);
  const found = readdirSync(extensionsDir).find((d) => d.startsWith('recur-dev.recur-'));
  assert.ok(found, `the VSIX installed into ${extensionsDir}: ${readdirSync(extensionsDir).join(', ')}`);
  installedDir = path.join(extensionsDir, found);
});

after(async () => {
  await vscode?.close();
  rmSync(scratch, { recursive: true, force: true });
});

test('the universal VSIX: no target, no native file, no tfjs, the bundles and the base model, at most 20 MB', () => {
  const size = statSync(vsix).size;
  console.log(`universal VSIX: ${(size / 1e6).toFixed(2)} MB`);
  assert.ok(size <= UNIVERSAL_MAX_BYTES, `${size} bytes`);
  const names = listZip(vsix).map((e) => e.name);
  for (const file of ['dist/extension.js', 'dist/worker.js', 'dist/cli.js', 'dist/webview/panel.js', 'models/base.recur', 'package.json']) {
    assert.ok(names.includes(`extension/${file}`), `${file} is in the VSIX`);
  }
  assert.deepEqual(
    names.filter((n) => NATIVE_FILE.test(n)),
    [],
    'no native file',
  );
  assert.deepEqual(
    names.filter((n) => /node_modules|tensorflow/i.test(n)),
    [],
    'no node_modules, no tfjs',
  );
  assert.deepEqual(
    names.filter((n) => /^extension\/(src|test|scripts|out)\/|\.map$/.test(n)),
    [],
    'no sources, tests or source maps',
  );
  const manifest = readZipEntry(vsix, 'extension.vsixmanifest');
  assert.match(manifest, /<Identity [^>]*Id="recur"/);
  assert.doesNotMatch(manifest, /TargetPlatform=/, 'no target: one VSIX for every platform');
  // Installed: nothing from which the training process could load tfjs-node.
  assert.equal(existsSync(path.join(installedDir, 'node_modules')), false);
  assert.throws(() => createRequire(path.join(installedDir, 'dist', 'worker.js')).resolve('@tensorflow/tfjs-node'), /Cannot find module/);
});

test('from the installed universal VSIX, typing shows ghost text from the base model', async () => {
  vscode = await openVSCode({ folder: FIXTURE, extensionPath: null, extensionsDir, settings: SETTINGS });
  await vscode.waitForStatusBar(/Recur: base model/, 90_000);
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
  await vscode.screenshot('universal-ghost-text');
  await page.keyboard.press('Escape');
});

test('the model panel opens on the base model and shows its activations over the open file', async () => {
  const session = vscode!;
  await session.runCommand('Recur: Show Model Panel');
  const frame = await panelFrame(session);
  const header = await waitFor('the panel to show the model', async () => {
    const text = await frame.locator('.header-model').innerText();
    return /LSTM/.test(text) ? text : undefined;
  });
  assert.match(header, /LSTM 2 × 256/);
  await frame.locator('.tab', { hasText: 'Activations' }).click();
  const text = frame.locator('.activations-view .char-text');
  const spans = await waitFor('the text of stats.ts, one span per character', async () => {
    if (
      !/stats\.ts/.test(
        await frame
          .locator('.window-file')
          .innerText()
          .catch(() => ''),
      )
    )
      return undefined;
    const n = await text.locator(':scope > span:not(.cursor-mark)').count();
    return n > 50 ? n : undefined;
  });
  assert.ok(spans > 50, `${spans} characters`);
  assert.equal(await frame.locator('.saturation-plot').count(), 3, 'input, forget and output gates of the LSTM');
  await session.page.waitForTimeout(400);
  await session.screenshot('universal-panel-activations');
  await frame.locator('.tab', { hasText: 'Training' }).click();
});

test('Train on Workspace trains with the portable WebAssembly backend: the tooltip, the panel and the history say so', async () => {
  const session = vscode!;
  await session.runCommand('Recur: Train on Workspace');
  await session.waitForStatusBar(/training [1-9]\d*%/, 180_000);
  const tooltip = await statusBarTooltip(session);
  assert.match(tooltip, /Training with WebAssembly \(portable, SIMD[^)]*, 1 thread\): [\d,]+ characters per second\./);
  await session.screenshot('universal-training-tooltip');
  await session.page.mouse.move(700, 400);
  await session.waitForStatusBar(/ready · ppl \d/, 300_000);
  const frame = await panelFrame(session);
  const stats = await waitFor("the panel to show the run's speed", async () => {
    const text = await frame.locator('.stats').innerText();
    return /WebAssembly/.test(text) ? text : undefined;
  });
  assert.match(stats, /Speed\s+[\d.,]+k?\/s\s+last run · WebAssembly\s/);
  await session.screenshot('universal-panel-trained');
  const latest = findFile(path.dirname(session.workspace), 'model.latest.recur');
  assert.ok(latest, 'the run wrote its checkpoint into the workspace storage');
  const history = readCheckpoint(latest).metrics;
  assert.equal(history.runs.at(-1)?.backend?.name, 'wasm', JSON.stringify(history.runs.at(-1)));
  assert.equal(history.runs.at(-1)?.fromBase, 'recur-base', 'the base model was fine-tuned');
});

/** The status bar item's hover text. */
async function statusBarTooltip(session: VSCodeSession): Promise<string> {
  const item = session.page.locator('#recur-dev\\.recur\\.recur\\.status, [id$="recur.status"]').first();
  await item.hover();
  const hover = session.page.locator('.monaco-hover, .workbench-hover, .custom-hover').filter({ hasText: 'Training' }).first();
  await hover.waitFor({ timeout: 10_000 });
  return hover.innerText();
}

/** The frame that holds the panel's document (polls: the webview loads after the command). */
async function panelFrame(session: VSCodeSession, timeoutMs = 30_000): Promise<Frame> {
  return waitFor(
    "the panel's frame",
    async () => {
      for (const frame of session.page.frames()) {
        if (await frame.evaluate(() => document.querySelector('[data-recur-panel]') !== null).catch(() => false)) return frame;
      }
      return undefined;
    },
    timeoutMs,
  );
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function findFile(dir: string, name: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name === name) return full;
    if (entry.isDirectory()) {
      const found = findFile(full, name);
      if (found) return found;
    }
  }
  return undefined;
}
