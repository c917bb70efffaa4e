// A long-trained workspace: a checkpoint whose history holds 200,000 logged steps (about a
// million training steps) must still open in the panel, its curves drawn over the whole
// history, with no error in the webview; the editor's thread neither parses its 34 MB header
// (the checkpoint thread does) nor rebuilds 200,000 points (the thread thins them to about
// 10,000 for the chart: src/shared/metrics.ts thinHistory).
// Screenshot: test-output/ui/panel-long-history.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { readCheckpoint, writeCheckpointAtomic } from '../../src/core/model/checkpoint';
import type { EvalPoint, MetricsHistory, TrainPoint } from '../../src/shared/metrics';
import { openVSCode, REPO_ROOT, type VSCodeSession } from './harness';

const POINTS = 200_000;
let vscode: VSCodeSession;
const consoleErrors: string[] = [];

before(async () => {
  vscode = await openVSCode({
    folder: path.join(REPO_ROOT, 'test', 'fixtures', 'workspace-small'),
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'recur.model.useBaseModel': false },
  });
  vscode.page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
});

after(async () => {
  await vscode?.close();
});

/** A history of POINTS logged steps (every 5 steps) and an evaluation every 100 steps. */
function longHistory(): MetricsHistory {
  const train: TrainPoint[] = [];
  const evals: EvalPoint[] = [];
  for (let i = 0; i < POINTS; i++) {
    const step = 5 * (i + 1);
    const bpc = 1.4 + 2.6 * Math.exp(-i / 20_000) + 0.05 * Math.sin(i);
    train.push({
      run: 1 + Math.floor(i / 50_000),
      step,
      elapsedSec: step / 10,
      bpc,
      gradNorm: 1 + Math.abs(Math.sin(i / 7)),
      clipped: i % 97 === 0,
      windowSteps: 5,
      clippedSteps: i % 97 === 0 ? 1 : 0,
      learningRate: 0.002,
      charsPerSec: 20_000,
    });
    if (step % 100 === 0) evals.push({ run: train[i].run, step, elapsedSec: step / 10, valBpc: bpc + 0.2, valPerplexity: 2 ** (bpc + 0.2), trainBpc: bpc });
  }
  const runs = [1, 2, 3, 4].map((run) => ({ run, startedAt: '2026-01-01T00:00:00.000Z', startStep: (run - 1) * 250_000, cell: 'lstm', hiddenSize: 8, layers: 1 }));
  return { runs, train, eval: evals, baselines: [{ name: 'brotli', bpc: 2.3 }] };
}

/** The extension's storage folder for this workspace (code-server keeps it under the profile). */
async function storageDir(): Promise<string> {
  const root = path.join(path.dirname(vscode.workspace), 'profile', 'user-data', 'User', 'workspaceStorage');
  for (let i = 0; i < 120; i++) {
    for (const hash of existsSync(root) ? readdirSync(root) : []) {
      const dir = path.join(root, hash, 'recur-dev.recur');
      if (existsSync(dir)) return dir;
    }
    await vscode.page.waitForTimeout(250);
  }
  throw new Error(`no recur-dev.recur storage folder under ${root}`);
}

async function panelFrame(): Promise<Frame> {
  for (let i = 0; i < 120; i++) {
    for (const frame of vscode.page.frames()) {
      if (await frame.evaluate(() => document.querySelector('[data-recur-panel]') !== null).catch(() => false)) return frame;
    }
    await vscode.page.waitForTimeout(250);
  }
  throw new Error('the model panel webview did not appear');
}

test('a 200,000-point history opens in the panel with its curves drawn and no error', async () => {
  const fixture = readCheckpoint(path.join(REPO_ROOT, 'test', 'fixtures', 'models', 'tiny-lstm.recur'));
  const metrics = longHistory();
  const best = path.join(await storageDir(), 'model.recur');
  writeCheckpointAtomic(best, { ...fixture, step: POINTS * 5, metrics, context: undefined });
  await vscode.waitForStatusBar(/ready/, 120_000);
  await vscode.runCommand('Recur: Show Model Panel');
  const frame = await panelFrame();
  const chart = frame.locator('.training-view .chart').first();
  let points = 0;
  for (let i = 0; i < 240 && points === 0; i++) {
    points = Number(await chart.getAttribute('data-points').catch(() => 0));
    if (points === 0) await vscode.page.waitForTimeout(250);
  }
  await vscode.page.waitForTimeout(500);
  await vscode.screenshot('panel-long-history');
  // About 10,000 training points (merged) and the 10,000 validation points, to the last step.
  assert.ok(points >= 10_000 && points <= 25_000, `${points} points on the loss chart`);
  // The last batch's card names the history's last step: the whole history was read.
  assert.match(await frame.locator('.stats').innerText(), /last batch · step 1,000,000/);
  const inked = await frame.evaluate(() => {
    const canvas = document.querySelector('.training-view .chart canvas') as HTMLCanvasElement | null;
    if (!canvas) return 0;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let differing = 0;
    for (let i = 4; i < data.length; i += 4) if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) differing++;
    return differing;
  });
  assert.ok(inked > 2000, `the loss chart has drawn lines (${inked} pixels)`);
  const renderMs = Number(await chart.getAttribute('data-render-ms'));
  console.log(`loss chart: ${points} points (of a ${POINTS}-point history) drawn in ${renderMs.toFixed(0)} ms`);
  assert.deepEqual(
    consoleErrors.filter((e) => /call stack|RangeError|recur/i.test(e)),
    [],
  );
});
