// Ghost text where VS Code has auto-closed a bracket or a quote, in real VS Code (code-server)
// with its default editor settings and Recur's defaults (the base model, which reads the
// workspace a few seconds after the window opens). For a bracket and a quote in JavaScript,
// a string in Python and a call in the middle of a TypeScript line: the ghost text shows,
// Tab accepts it, and the saved file holds the line the code base uses, with the closer once.
// Before those, the editor simulation the edit benchmark types with
// (src/core/editing/simulatedEditor.ts) is checked against this VS Code: the same keys typed
// into both give the same text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openVSCode, REPO_ROOT, type VSCodeSession } from './harness';
import { settledGhostText } from './ghostText';
import { SimulatedEditor } from '../../src/core/editing/simulatedEditor';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace-edit');

let vscode: VSCodeSession;

before(async () => {
  // Only VS Code's own word suggestions are off, so Enter and Tab go to the editor and to Recur.
  vscode = await openVSCode({
    folder: FIXTURE,
    settings: { 'editor.quickSuggestions': { other: false, comments: false, strings: false }, 'editor.suggestOnTriggerCharacters': false, 'editor.parameterHints.enabled': false },
  });
  for (const name of ['parity.js', 'parity.ts', 'parity.py', 'parity.go']) writeFileSync(path.join(vscode.workspace, name), '');
  await vscode.waitForStatusBar(/Recur: base model/, 90_000);
});
after(async () => {
  await vscode?.close();
});

/**
 * Types `keys` into the active editor (a line break is Enter), one key at a time, at a
 * person's pace: VS Code auto-closes and re-indents only on lines its tokenizer has caught up
 * with (isCheapToTokenize), which a loaded machine can delay.
 */
async function typeKeys(keys: string): Promise<void> {
  for (const key of keys) {
    if (key === '\n') await vscode.page.keyboard.press('Enter');
    else await vscode.page.keyboard.type(key);
    await vscode.page.waitForTimeout(key === '\n' ? 150 : 40);
  }
}

/** Polls a file until `done` holds or 10 s pass; returns the last text read. */
async function fileWhen(file: string, done: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 10_000;
  let text = readFileSync(file, 'utf8');
  while (!done(text) && Date.now() < deadline) {
    await vscode.page.waitForTimeout(200);
    text = readFileSync(file, 'utf8');
  }
  return text;
}

/** Opens a file with Quick Open (clicking its own row: Enter could take a recently opened one while the list filters) and puts the cursor at its end. */
async function focusEnd(file: string): Promise<void> {
  await vscode.openFile(file);
  await vscode.page.locator('.monaco-editor .view-lines').first().click();
  await vscode.page.keyboard.press('Control+End');
}

/** Empties the cursor's line (its text and indentation). */
async function clearLine(): Promise<void> {
  const { page } = vscode;
  await page.keyboard.press('Escape');
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Delete');
}

const PARITY: { file: string; languageId: string; keys: string; tabs?: boolean }[] = [
  { file: 'parity.js', languageId: 'javascript', keys: "function f(a, b) {\nif (a) {\nreturn [a, 'x', \"y\"];\n}\nreturn g(b, it's);\n" },
  { file: 'parity.ts', languageId: 'typescript', keys: 'const xs = [1, 2].map((x) => {\nreturn x * 2;\n});\n/**\nDoc.\n' },
  { file: 'parity.py', languageId: 'python', keys: 'def f(x):\nif x:\nreturn f"{x}"\nreturn \'no\'\n' },
  { file: 'parity.go', languageId: 'go', keys: 'func f(a int) string {\nif a > 0 {\nreturn "pos"\n}\nreturn `raw`\n', tabs: true },
];

test("the edit benchmark's editor simulation types what VS Code types (auto-closing, overtyping, Enter, electric closers)", async () => {
  for (const { file, languageId, keys, tabs } of PARITY) {
    await focusEnd(file);
    await typeKeys(keys);
    await vscode.page.keyboard.press('Escape');
    await vscode.page.keyboard.press('Control+S');
    const simulated = new SimulatedEditor(languageId, '', '', { insertSpaces: !tabs, tabSize: 4 });
    for (const key of keys) {
      if (key === '\n') simulated.enter();
      else simulated.type(key);
    }
    const expected = simulated.before + simulated.after;
    const real = await fileWhen(path.join(vscode.workspace, file), (text) => text === expected);
    assert.equal(real, expected, `${file}: VS Code and the simulation differ`);
  }
  await vscode.screenshot('editing-parity');
});

/**
 * Types `prefix` on a new last line of `file` (then, with `moveBack`, goes that many
 * characters left and types MID_LINE_TYPED) until Recur's ghost text includes `wanted` (the
 * base model reads the workspace a few seconds after the window opened; until then its
 * suggestion may differ), then screenshots it, accepts it with Tab, saves, and returns that
 * line of the saved file once it is `expected` (or after 10 s). (The suggestion may go on for
 * more lines: recur.completions.maxLines.)
 */
async function acceptOnNewLine(file: string, prefix: string, wanted: string, expected: string, screenshot: string, moveBack = 0): Promise<string> {
  const { page } = vscode;
  const onDisk = path.join(vscode.workspace, file);
  // The file ends with a line break: Ctrl+End goes to the empty last line, Enter makes the next one.
  const typedLine = readFileSync(onDisk, 'utf8').split('\n').length;
  await focusEnd(file);
  await page.keyboard.press('Enter');
  await clearLine();
  let ghost = '';
  const deadline = Date.now() + 120_000;
  for (;;) {
    await typeKeys(prefix);
    for (let k = 0; k < moveBack; k++) await page.keyboard.press('ArrowLeft');
    if (moveBack) await typeKeys(MID_LINE_TYPED);
    ghost = await settledGhostText(vscode).catch(() => '');
    if (ghost.includes(wanted) || Date.now() > deadline) break;
    // Not yet the workspace's text: clear the line and try again.
    await clearLine();
    await page.waitForTimeout(2000);
  }
  assert.ok(ghost.includes(wanted), `ghost text "${ghost}" includes "${wanted}"`);
  await vscode.screenshot(`${screenshot}-ghost`);
  await page.keyboard.press('Tab');
  await page.waitForTimeout(300);
  await vscode.screenshot(`${screenshot}-accepted`);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+S');
  const lineOf = (t: string) => t.split('\n')[typedLine] ?? '';
  return lineOf(await fileWhen(onDisk, (t) => lineOf(t) === expected));
}

/** What is typed between the brackets in the mid-line case. */
const MID_LINE_TYPED = 'isReady(';

test('a bracket: after `res.send(` (VS Code adds `)`), Tab accepts `false);` and the line closes once', async () => {
  const line = await acceptOnNewLine('src/routes.js', '  res.send(', 'false', '  res.send(false);', 'editing-bracket');
  assert.equal(line, '  res.send(false);');
});

test("a quote: after `req.accepts('` (VS Code adds `')`), Tab accepts `html');` and the line closes once", async () => {
  const line = await acceptOnNewLine('src/routes.js', "  req.accepts('", 'html', "  req.accepts('html');", 'editing-quote');
  assert.equal(line, "  req.accepts('html');");
});

test('a string in Python: after `logger.info("` (VS Code adds `")`), Tab accepts the string and the closers once', async () => {
  const line = await acceptOnNewLine('app/service.py', '    logger.info("', 'starting', '    logger.info("starting server")', 'editing-python-string');
  assert.equal(line, '    logger.info("starting server")');
});

test('a call in the middle of a TypeScript line: `isReady(` typed into `if () {}`, Tab joins the rest of the line', async () => {
  // `  if () {}` typed as VS Code makes it (closers added, then typed over), the cursor put back between the parentheses.
  const line = await acceptOnNewLine('src/guard.ts', '  if () {', 'user', '  if (isReady(user)) {}', 'editing-ts-mid-line', 3);
  assert.equal(line, '  if (isReady(user)) {}');
});
