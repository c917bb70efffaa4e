// The base model shipped in models/base.recur, in the real extension host: with no workspace
// model it is loaded at once (quickly), the status bar says so, it suggests in a fresh
// document without any training, it reads the workspace in the background into the saved
// index (then suggests the workspace's own names, a new file's too), and "Train on
// Workspace" fine-tunes it: the checkpoint records its base and the history marks the run
// that started from it.
import * as assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { RecurApi } from '../../src/extension';
import type { TrainingOutcome } from '../../src/editor/training/runState';
import { readCheckpoint } from '../../src/core/model/checkpoint';
import { BASE_MODEL_NAME } from '../../src/core/model/config';
import { readIndex } from '../../src/core/index/indexFile';

async function configure(values: Record<string, unknown>, target = vscode.ConfigurationTarget.Workspace): Promise<void> {
  const config = vscode.workspace.getConfiguration('recur');
  for (const [key, value] of Object.entries(values)) await config.update(key, value, target);
}

/** A fine-tuning run short enough for a test: a few steps at the base model's own size. */
const SHORT_RUN: Record<string, unknown> = { 'training.maxSteps': 4, 'training.maxMinutes': 2, 'training.threads': 1, 'training.batchSize': 4, 'training.sequenceLength': 32, 'context.memoryMB': 4 };

/** The extension's API, from suiteSetup. */
let api: RecurApi;

suite('base model', () => {
  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<RecurApi>('recur-dev.recur')!.activate();
    assert.ok(existsSync(api.paths.baseModel), `${api.paths.baseModel} ships with the extension`);
    for (const file of [api.paths.bestCheckpoint, api.paths.latestCheckpoint, api.paths.baseIndex]) rmSync(file, { force: true });
  });

  suiteTeardown(async () => {
    await configure(Object.fromEntries(Object.keys(SHORT_RUN).map((k) => [k, undefined])));
    await configure({ 'model.useBaseModel': false }, vscode.ConfigurationTarget.Global);
    for (const file of [api.paths.bestCheckpoint, api.paths.latestCheckpoint, api.paths.baseIndex]) rmSync(file, { force: true });
    await api.models.reload();
  });

  test('with no workspace model the base model is loaded at once, within the activation budget, and the status bar says so', loadsBaseModelAtOnce);
  test('in a fresh document, with no training, the base model suggests', suggestsInFreshDocument);
  test("the base model reads the workspace in the background, and then suggests the workspace's own names", indexesWorkspaceInBackground);
  test('"Train on Workspace" fine-tunes the base model: the checkpoint records its base and the history marks where the workspace began', fineTunesBaseModel);
});

/** With no workspace model, reload loads the shipped base model (with its context models) within a loose time bound, and the status bar names it. */
async function loadsBaseModelAtOnce(): Promise<void> {
  await configure({ 'model.useBaseModel': true }, vscode.ConfigurationTarget.Global);
  const started = performance.now();
  await api.models.reload();
  const ms = performance.now() - started;
  const loaded = api.models.current;
  assert.equal(loaded?.origin, 'base', `loaded: ${loaded?.file} (problem: ${api.models.problem})`);
  assert.ok(loaded.stack, 'with its context models');
  // VS Code warns about extensions whose activation takes over a second; loading the model
  // happens after activation, from a timer, but should fit the same budget (about 0.3 s on
  // a quiet machine). Printed; the bound only catches a load gone badly wrong (this machine
  // is shared, and a timed assertion at the target would fail under load).
  console.log(`base model loaded in ${ms.toFixed(0)} ms`);
  assert.ok(ms < 5000, `loaded in ${ms.toFixed(0)} ms`);
  await new Promise((r) => setTimeout(r, 100));
  assert.match(api.statusBar.text, /Recur: base model/);
  assert.match(api.statusBar.tooltip, /base model shipped with Recur/);
}

/** A fresh untitled document gets a suggestion from the base model with no training. */
async function suggestsInFreshDocument(): Promise<void> {
  await vscode.workspace.getConfiguration('recur').update('completions.debounceMs', 0, vscode.ConfigurationTarget.Global);
  try {
    const content =
      'import { readFileSync } from "node:fs";\n\nexport function loadConfiguration(path: string) {\n  const text = readFileSync(path, "utf8");\n  return JSON.parse(text);\n}\n\nexport function loadSettings(path: string) {\n  const text = readFileSync(';
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content });
    const editor = await vscode.window.showTextDocument(document);
    const end = document.positionAt(content.length);
    editor.selection = new vscode.Selection(end, end);
    const items = await api.completions.provider.provideInlineCompletionItems(
      document,
      end,
      { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined },
      new vscode.CancellationTokenSource().token,
    );
    const text = items?.[0]?.insertText as string | undefined;
    assert.ok(text && text.startsWith('path'), `suggested ${JSON.stringify(text)}`);
  } finally {
    await vscode.workspace.getConfiguration('recur').update('completions.debounceMs', undefined, vscode.ConfigurationTarget.Global);
  }
}

/** The background indexer saves the workspace's index, and a new file's names are then suggested. */
async function indexesWorkspaceInBackground(this: Mocha.Context): Promise<void> {
  this.timeout(120_000);
  await api.baseIndexer.run(); // the one started after the base model loaded, if still going
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const file = path.join(folder, 'quorvel.ts');
  writeFileSync(file, 'export function quorvelFrandishWidget(count: number): number {\n  return count * 3;\n}\n\nexport const twice = quorvelFrandishWidget(2);\n');
  try {
    const outcome = await api.baseIndexer.run();
    assert.equal(outcome.kind, 'indexed', JSON.stringify(outcome));
    assert.equal(api.models.current?.file, api.paths.baseIndex);
    assert.equal(api.models.current?.origin, 'base');
    assert.match(api.statusBar.text, /Recur: base model/);
    await vscode.workspace.getConfiguration('recur').update('completions.debounceMs', 0, vscode.ConfigurationTarget.Global);
    const content = 'import { quorvelFrandishWidget } from "./quorvel";\n\nconst many = quorvelFr';
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content });
    const end = document.positionAt(content.length);
    await vscode.window.showTextDocument(document, { selection: new vscode.Selection(end, end) });
    // The new file reaches the suggestions through the file watcher (src/editor/index/liveIndex.ts), the saved index through the job above.
    let text: string | undefined;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline && !text?.startsWith('andishWidget'); await new Promise((r) => setTimeout(r, 200))) {
      const items = await api.completions.provider.provideInlineCompletionItems(
        document,
        end,
        { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined },
        new vscode.CancellationTokenSource().token,
      );
      text = items?.[0]?.insertText as string | undefined;
    }
    assert.ok(text?.startsWith('andishWidget'), `suggested ${JSON.stringify(text)}`);
    assert.ok(
      readIndex(api.paths.baseIndex).manifest.files.some((f) => f.path === 'quorvel.ts'),
      'the saved index holds it too',
    );
  } finally {
    rmSync(file, { force: true });
    await vscode.workspace.getConfiguration('recur').update('completions.debounceMs', undefined, vscode.ConfigurationTarget.Global);
  }
}

/** "Train on Workspace" fine-tunes the base model: the checkpoint records its base and the run history marks the run from it. */
async function fineTunesBaseModel(this: Mocha.Context): Promise<void> {
  this.timeout(300_000);
  await configure(SHORT_RUN);
  const base = readCheckpoint(api.paths.baseModel);
  const outcome = (await vscode.commands.executeCommand('recur.trainOnWorkspace')) as TrainingOutcome;
  assert.equal(outcome.kind, 'finished', JSON.stringify(outcome));
  const best = readCheckpoint(api.paths.bestCheckpoint);
  assert.deepEqual(best.base, { name: BASE_MODEL_NAME, step: base.step, charsSeen: base.charsSeen });
  assert.deepEqual(best.model, base.model, "the base model's shape, whatever the settings say");
  assert.ok(best.step > base.step, `the best checkpoint (step ${best.step}) is from this run, not the base (step ${base.step})`);
  assert.equal(readCheckpoint(api.paths.latestCheckpoint).step, base.step + 4, 'four fine-tuning steps');
  const runs = best.metrics.runs;
  assert.equal(runs.at(-1)?.fromBase, BASE_MODEL_NAME, 'the last run started from the base');
  assert.equal(runs.length, base.metrics.runs.length + 1, "the base's own runs come before it");
  await api.models.reload();
  assert.equal(api.models.current?.origin, 'workspace');
}
