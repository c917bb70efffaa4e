// The extension activates in the real extension host, contributes its commands and status
// bar, and keeps libtensorflow out of the extension host.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { RecurApi } from '../../src/extension';

const EXTENSION_ID = 'recur-dev.recur';

suite('activation', () => {
  test('activates and returns its API', async () => {
    const extension = vscode.extensions.getExtension<RecurApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    const api = await extension.activate();
    assert.ok(api.paths.bestCheckpoint.endsWith('model.recur'));
    assert.equal(extension.isActive, true);
  });

  test('registers every Recur command', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['recur.trainOnWorkspace', 'recur.stopTraining', 'recur.showModelPanel', 'recur.toggleInlineSuggestions']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  test('libtensorflow is not loaded into the extension host', () => {
    const loaded = Object.keys(require.cache).filter((m) => /tfjs|tensorflow/i.test(m));
    assert.deepEqual(loaded, []);
    const maps = readFileSync('/proc/self/maps', 'utf8');
    assert.ok(!/libtensorflow/.test(maps), 'no libtensorflow mapped into the extension host process');
  });
});
