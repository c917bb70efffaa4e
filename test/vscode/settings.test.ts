// Settings of the wrong type, read through the real VS Code configuration: each reads as its
// default and is named in one line with the fix (what the output channel shows), never a
// TypeError from deep inside (recur.corpus.exclude: 5 used to throw "is not iterable").
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readCompletionSettings, readCorpusSettings, readTrainingSettings, settingProblems } from '../../src/settings';

suite('settings', () => {
  const config = () => vscode.workspace.getConfiguration('recur');
  const wrong: [string, unknown][] = [
    ['corpus.exclude', 5],
    ['model.layers', 'two'],
    ['completions.languages', ['python']],
    ['model.cell', 'transformer'],
  ];

  teardown(async () => {
    for (const [key] of wrong) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  test('values of the wrong type read as the defaults, each named once with the fix', async () => {
    for (const [key, value] of wrong) await config().update(key, value, vscode.ConfigurationTarget.Global);
    const corpus = readCorpusSettings();
    assert.ok(Array.isArray(corpus.excludeGlobs));
    const training = readTrainingSettings(2);
    assert.equal(training.model.layers, 2);
    assert.equal(training.model.cell, 'lstm');
    assert.deepEqual(readCompletionSettings().languages, { '*': true, plaintext: false, markdown: false, scminput: false });
    const problems = settingProblems();
    assert.equal(problems.length, wrong.length, problems.join('\n'));
    for (const [key] of wrong)
      assert.ok(
        problems.some((p) => p.startsWith(`recur.${key} must be `) && p.endsWith('Fix it in your user or workspace settings (Preferences: Open Settings), or remove it.')),
        `recur.${key}: ${problems.join('\n')}`,
      );
  });
});
