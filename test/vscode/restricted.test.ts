// Restricted Mode (an untrusted folder), in the real extension host: run by
// `node scripts/run-vscode-tests.mjs --restricted`, which keeps workspace trust on and gives
// the folder the .vscode/settings.json a hostile repository could ship
// (test/fixtures/restricted-settings.json: 1 GB of context models, 100 GB of text, 64 threads,
// a 2048-wide network). The workspace's values of the settings that size memory, CPU or reading
// are not used there (package.json restrictedConfigurations): the user's are. The index job
// still reads the workspace's text files, within those bounds. Skipped in the normal run.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RecurApi } from '../../src/extension';
import { readCorpusSettings, readTrainingSettings } from '../../src/settings';
import { DEFAULT_CONTEXT_MEMORY_MB } from '../../src/core/predict/stackConfig';

suite('restricted mode', () => {
  let api: RecurApi;

  suiteSetup(async function () {
    if (!process.env.RECUR_TEST_RESTRICTED) this.skip();
    api = await vscode.extensions.getExtension<RecurApi>('recur-dev.recur')!.activate();
  });

  suiteTeardown(async () => {
    if (process.env.RECUR_TEST_RESTRICTED) await vscode.workspace.getConfiguration('recur').update('model.useBaseModel', false, vscode.ConfigurationTarget.Global);
  });

  test('the folder is not trusted, and Recur is active', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.ok(api.paths.storageDir);
  });

  test("the workspace's sizes are ignored (the user's apply); a harmless setting from it applies", () => {
    const training = readTrainingSettings(2);
    assert.equal(training.contextMemoryMB, DEFAULT_CONTEXT_MEMORY_MB, 'recur.context.memoryMB 1024 from the workspace is not used');
    assert.equal(training.model.hiddenSize, 256, 'recur.model.hiddenSize 2048 from the workspace is not used');
    assert.equal(training.threads, 1, 'recur.training.threads 64 from the workspace is not used');
    const corpus = readCorpusSettings(vscode.workspace.workspaceFolders![0]);
    assert.equal(corpus.maxTotalBytes, 20 * 1024 * 1024, 'recur.corpus.maxTotalSizeMB 100000 from the workspace is not used');
    assert.ok(corpus.excludeGlobs.includes('**/assets/**'), 'recur.corpus.exclude (it only narrows what is read) applies');
    // The folder does set them (VS Code hides them even from inspect() in Restricted Mode).
    const shipped = JSON.parse(readFileSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(shipped['recur.context.memoryMB'], 1024);
    assert.equal(vscode.workspace.getConfiguration('recur').inspect<number>('context.memoryMB')?.workspaceValue, undefined);
  });

  test('the index job reads the text files of the untrusted folder', async () => {
    await vscode.workspace.getConfiguration('recur').update('model.useBaseModel', true, vscode.ConfigurationTarget.Global);
    await api.models.reload();
    assert.equal(api.models.current?.origin, 'base');
    const outcome = await api.baseIndexer.run();
    assert.equal(outcome.kind, 'indexed', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'indexed' && outcome.files > 0);
  });
});
