// Inline suggestions inside the real extension host, with the seeded fixture model
// (test/fixtures/models/tiny-mix.recur: a tiny network and its context models, trained on
// the fixture workspace's math.ts) copied to the workspace's best-checkpoint path. The
// provider is called directly (api.completions.provider: the object VS Code calls), with
// real documents and editors.
import * as assert from 'node:assert/strict';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RecurApi } from '../../src/extension';
import type { InlineSuggestions } from '../../src/editor/completions/registerCompletions';
import { CompletionEngine } from '../../src/core/complete/completionEngine';
import { readCompletionSettings } from '../../src/settings';
import { InferenceModel } from '../../src/core/infer/inferenceModel';
import { decodeCheckpoint } from '../../src/core/model/checkpoint';
import { stackFromSection } from '../../src/core/predict/stackState';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'models');
const FIXTURE = path.join(FIXTURES, 'tiny-mix.recur');
/** The same network as an earlier Recur wrote it: format 1, no context models. */
const FORMAT_1 = path.join(FIXTURES, 'tiny-lstm.recur');
const PREFIX = 'export function add(a: number, b: number): number {\n  return a';

/** Recur's API and its inline suggestions, from activating the extension (useFixtureModel). */
let api: RecurApi;
let suggestions: InlineSuggestions;
const config = () => vscode.workspace.getConfiguration('recur');

/** Activates Recur, loads the fixture model and turns the provider's own debounce off. */
async function useFixtureModel(): Promise<void> {
  api = await vscode.extensions.getExtension<RecurApi>('recur-dev.recur')!.activate();
  suggestions = api.completions;
  copyFileSync(FIXTURE, api.paths.bestCheckpoint);
  await api.models.reload();
  assert.ok(api.models.current, `the fixture model loaded (problem: ${api.models.problem})`);
  await config().update('completions.debounceMs', 0, vscode.ConfigurationTarget.Global);
}

/** Resets the settings these tests change and leaves the workspace without a model, as the other suites expect. */
async function leaveWithoutModel(): Promise<void> {
  for (const key of ['completions.debounceMs', 'completions.enabled', 'completions.minAcceptProbability']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  rmSync(api.paths.bestCheckpoint, { force: true });
  await api.models.reload();
  assert.equal(api.models.current, undefined);
}

/** A new untitled document holding `content`, shown in the editor, the cursor at its end. */
async function editorWith(content: string, language = 'typescript'): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  const editor = await vscode.window.showTextDocument(document);
  const end = document.positionAt(content.length);
  editor.selection = new vscode.Selection(end, end);
  return editor;
}

/** The provider's suggestions (their insert texts) at the editor's cursor; an explicit invoke unless `trigger` says otherwise. */
async function suggest(
  editor: vscode.TextEditor,
  token = new vscode.CancellationTokenSource().token,
  selected?: vscode.SelectedCompletionInfo,
  trigger = vscode.InlineCompletionTriggerKind.Invoke,
): Promise<string[] | undefined> {
  const items = await suggestions.provider.provideInlineCompletionItems(editor.document, editor.selection.active, { triggerKind: trigger, selectedCompletionInfo: selected }, token);
  return items?.map((item) => item.insertText as string);
}

/** What VS Code asks while the user types: an automatic trigger. */
const typing = (editor: vscode.TextEditor) => suggest(editor, undefined, undefined, vscode.InlineCompletionTriggerKind.Automatic);

/** The cold-start answer of the shared completion path for the same text and settings (an explicit invoke, as suggest() sends). */
function coldStart(before: string, after = ''): string[] {
  const ckpt = decodeCheckpoint(readFileSync(FIXTURE));
  const model = new InferenceModel(ckpt.model, ckpt.weights);
  return new CompletionEngine(model, stackFromSection(ckpt.context!)).complete('cold', { before, beforeStart: 0, after }, readCompletionSettings().engine, true).map((c) => c.text);
}

// Each suite starts from the fixture model with the default settings (but no extra debounce);
// a test that changes the model or a setting puts it back before it ends.
suite('inline completions', () => {
  suiteSetup(useFixtureModel);
  suiteTeardown(leaveWithoutModel);

  test('a known prefix gives the expected suggestion', async () => {
    const editor = await editorWith(PREFIX);
    const got = await suggest(editor);
    assert.deepEqual(got?.slice(0, 1), [' + b;']);
    assert.deepEqual(got, coldStart(PREFIX));
  });

  test('typing a repeated identifier in a new file: the completion copies it from the document', async () => {
    // An identifier the model has never seen, used once; typing its start again gets the rest.
    const editor = await editorWith('const zorblaxQuintessence = loadSettings();\nexport function show(): void {\n  console.log(zorblaxQ', 'typescript');
    assert.ok(api.models.current?.stack, 'the fixture carries context models');
    const got = await typing(editor);
    assert.ok(got && got[0].startsWith('uintessence'), `got ${JSON.stringify(got)}`);
  });

  test('a confident position shows the expected text; an unsure one shows nothing', async () => {
    assert.deepEqual(await typing(await editorWith(PREFIX)), [' + b;']);
    // After a line the fixture never saw, nothing is likely enough to be accepted.
    assert.equal(await typing(await editorWith("const weather = fetchForecast('Reykjav")), undefined);
  });

  test('editing above the cursor gives the same suggestion as a cold start on the edited text', async () => {
    const body = '\nexport function mean(values: number[]): number {\n  if (values.length === 0) return 0;\n  let total = 0;\n  for (const value of values) total += ';
    const editor = await editorWith(PREFIX + '\n}\n' + body);
    await suggest(editor); // the document is now in the state cache
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// edited above\nconst x = 1;\n'));
    const end = editor.document.positionAt(editor.document.getText().length);
    editor.selection = new vscode.Selection(end, end);
    const text = editor.document.getText();
    assert.deepEqual(await suggest(editor), coldStart(text));
  });

  test('with an IntelliSense item selected, the suggestion extends it', async () => {
    // After "if (value > high) return" the fixture knows what comes: " high;".
    const content = 'export function clamp(value: number, low: number, high: number): number {\n  if (value < low) return low;\n  if (value > high) retu';
    const editor = await editorWith(content);
    const cursor = editor.selection.active;
    const selected = { range: new vscode.Range(cursor.translate(0, -4), cursor), text: 'return' };
    const got = await suggest(editor, undefined, selected);
    assert.ok(got && got.length > 0, 'a suggestion');
    for (const text of got) assert.ok(text.startsWith('return') && text.length > 'return'.length, text);
    // The search's best reads the text as if the item were accepted. The sampled alternatives
    // behind it are not compared: they move with what the context tables learned from the
    // documents earlier tests opened (completionEngine.ts), which a cold start never read.
    assert.equal(got[0].slice('return'.length), coldStart(content.slice(0, -4) + 'return')[0]);
  });
});

suite('inline completions: older and corrupt checkpoints', () => {
  suiteSetup(useFixtureModel);
  suiteTeardown(leaveWithoutModel);

  test('an older checkpoint (format 1, no context models) still loads and suggests with the network alone', async () => {
    copyFileSync(FORMAT_1, api.paths.bestCheckpoint);
    await api.models.reload();
    try {
      assert.equal(api.models.current?.stack, undefined);
      assert.equal(api.models.current?.checkpoint.integrity, 'unchecked');
      await config().update('completions.minAcceptProbability', 0, vscode.ConfigurationTarget.Global);
      // The network alone is unsure after "return a": the expected saving peaks at " + " (see test/unit/core/complete/suggest.test.ts).
      assert.deepEqual(await typing(await editorWith(PREFIX)), [' + ']);
    } finally {
      await config().update('completions.minAcceptProbability', undefined, vscode.ConfigurationTarget.Global);
      copyFileSync(FIXTURE, api.paths.bestCheckpoint);
      await api.models.reload();
    }
  });

  test('a corrupt checkpoint is reported as a problem and gives no suggestions; a good one recovers', async () => {
    const editor = await editorWith(PREFIX);
    writeFileSync(api.paths.bestCheckpoint, 'not a checkpoint');
    await api.models.reload();
    assert.equal(api.models.current, undefined);
    assert.match(api.models.problem ?? '', /not a Recur checkpoint/);
    assert.equal(suggestions.switch.state().kind, 'unavailable');
    assert.equal(await suggest(editor), undefined);
    copyFileSync(FIXTURE, api.paths.bestCheckpoint);
    await api.models.reload();
    assert.equal(api.models.problem, undefined);
    assert.deepEqual((await suggest(editor))?.slice(0, 1), [' + b;']);
  });
});

suite('inline completions: when nothing is suggested', () => {
  suiteSetup(useFixtureModel);
  suiteTeardown(leaveWithoutModel);

  test('a cancelled request returns nothing', async () => {
    const editor = await editorWith(PREFIX);
    const source = new vscode.CancellationTokenSource();
    source.cancel();
    await config().update('completions.debounceMs', 5, vscode.ConfigurationTarget.Global);
    try {
      assert.equal(await suggest(editor, source.token), undefined);
    } finally {
      await config().update('completions.debounceMs', 0, vscode.ConfigurationTarget.Global);
    }
  });

  test('a disabled language (plaintext by default) gets nothing', async () => {
    const editor = await editorWith(PREFIX, 'plaintext');
    assert.equal(await suggest(editor), undefined);
  });

  test('nothing with a selection or several cursors', async () => {
    const editor = await editorWith(PREFIX);
    editor.selection = new vscode.Selection(new vscode.Position(1, 2), editor.document.positionAt(PREFIX.length));
    assert.equal(await suggest(editor), undefined);
    const end = editor.document.positionAt(PREFIX.length);
    editor.selections = [new vscode.Selection(end, end), new vscode.Selection(new vscode.Position(0, 3), new vscode.Position(0, 3))];
    assert.equal(await suggest(editor), undefined);
  });
});

suite('inline completions: on/off, snooze, status bar and timings', () => {
  suiteSetup(useFixtureModel);
  suiteTeardown(leaveWithoutModel);

  test('the toggle command turns suggestions off and on', async () => {
    const editor = await editorWith(PREFIX);
    await vscode.commands.executeCommand('recur.toggleInlineSuggestions');
    assert.equal(config().get('completions.enabled'), false);
    assert.equal(await suggest(editor), undefined);
    await vscode.commands.executeCommand('recur.toggleInlineSuggestions');
    assert.equal(config().get('completions.enabled'), true);
    assert.ok((await suggest(editor))?.length);
  });

  test('snoozing silences suggestions until resumed', async () => {
    const editor = await editorWith(PREFIX);
    await vscode.commands.executeCommand('recur.snoozeInlineSuggestions', 5);
    assert.equal(suggestions.switch.state().kind, 'snoozed');
    assert.equal(await suggest(editor), undefined);
    await vscode.commands.executeCommand('recur.snoozeInlineSuggestions', 0);
    assert.equal(suggestions.switch.state().kind, 'on');
    assert.ok((await suggest(editor))?.length);
  });

  test('the status bar tooltip says why nothing shows in the current editor: language off, low confidence, snoozed', async () => {
    const tooltip = () => api.statusBar.tooltip;
    await editorWith('# Notes\n\nSome text', 'markdown');
    await waitUntil(
      () => /markdown is off in recur\.completions\.languages/.test(tooltip()),
      () => tooltip(),
    );
    const unsure = await editorWith('const weather = fetchForecast(');
    assert.equal(await typing(unsure), undefined);
    await waitUntil(
      () => /low confidence.*minAcceptProbability 0\.3/.test(tooltip()),
      () => tooltip(),
    );
    assert.deepEqual(await typing(await editorWith(PREFIX)), [' + b;']);
    await waitUntil(
      () => /the last one had an estimated \d+% chance/.test(tooltip()),
      () => tooltip(),
    );
    await vscode.commands.executeCommand('recur.snoozeInlineSuggestions', 5);
    assert.match(tooltip(), /snoozed until/);
    await vscode.commands.executeCommand('recur.snoozeInlineSuggestions', 0);
    // The first line reads after "Recur: " (the actions list's placeholder): no "Recur: Recur ...".
    assert.doesNotMatch(tooltip().split('\n')[0], /^Recur/);
  });

  test("the provider records where each request's time went", async () => {
    const before = suggestions.provider.timings.length;
    await typing(await editorWith(PREFIX + ' '));
    const timing = suggestions.provider.timings.at(-1)!;
    assert.ok(suggestions.provider.timings.length > before);
    assert.equal(timing.debounceMs, 0, 'no extra wait by default: VS Code already waits 50 ms');
    assert.ok(timing.totalMs >= timing.prepareMs + timing.searchMs - 0.01, JSON.stringify(timing));
    assert.ok(timing.outcome === 'shown' || timing.outcome === 'none');
  });
});

suite('inline completions: answered ahead', () => {
  suiteSetup(useFixtureModel);
  suiteTeardown(leaveWithoutModel);

  test('after a keystroke the automatic request takes the answer computed at the edit, the same as one computed afresh', async () => {
    const editor = await editorWith(PREFIX);
    // A real keystroke: the edit, then the cursor's move, reach the extension host as when the user types.
    await vscode.commands.executeCommand('type', { text: ' ' });
    const ahead = await typing(editor);
    const aheadTiming = suggestions.provider.timings.at(-1)!;
    assert.equal(aheadTiming.answeredAhead, true, JSON.stringify(aheadTiming));
    assert.ok(aheadTiming.aheadLeadMs >= 0 && aheadTiming.searchMs > 0, "the work is the computation ahead's, started before the request");
    const afresh = await typing(editor);
    assert.equal(suggestions.provider.timings.at(-1)!.answeredAhead, false, 'the answer ahead is taken once');
    assert.ok(ahead?.length, 'a suggestion after "return a "');
    assert.deepEqual(ahead, afresh);
  });

  test('an invoke, or the cursor moved elsewhere, is computed afresh', async () => {
    const editor = await editorWith(PREFIX);
    await vscode.commands.executeCommand('type', { text: ' ' });
    await suggest(editor);
    assert.equal(suggestions.provider.timings.at(-1)!.answeredAhead, false, 'an invoke');
    await vscode.commands.executeCommand('type', { text: '+' });
    editor.selection = new vscode.Selection(new vscode.Position(1, 2), new vscode.Position(1, 2));
    await typing(editor);
    assert.equal(suggestions.provider.timings.at(-1)!.answeredAhead, false, 'another cursor position');
  });

  test('nothing is computed ahead when VS Code will not ask (editor.inlineSuggest.enabled off)', async () => {
    const editorConfig = vscode.workspace.getConfiguration('editor');
    await editorConfig.update('inlineSuggest.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      const editor = await editorWith(PREFIX);
      await vscode.commands.executeCommand('type', { text: ' ' });
      await typing(editor);
      assert.equal(suggestions.provider.timings.at(-1)!.answeredAhead, false);
    } finally {
      await editorConfig.update('inlineSuggest.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

async function waitUntil(done: () => boolean, describe: () => string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`timed out; last: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
