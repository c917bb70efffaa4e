// Keystroke to ghost text in real VS Code (code-server in headless chromium), with a baseline
// from the same run: beside Recur, a test extension answers TSX files at once with a constant
// suggestion (test/fixtures/constant-ghost; Recur is switched off for TSX here) in a copy of
// the same text, so its figures are VS Code's own pipeline (its 50 ms debounce of automatic
// requests, the round trip to the extension host, the TypeScript features, rendering) on this
// machine at this moment. The two are typed in turn, a round each, so the machine's load
// falls on both. Figures are printed; the assertions only catch a broken path.
// The same measurement on a real repository is in realRepository.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extensionsWithConstantGhost } from './constantGhost';
import path from 'node:path';
import { openVSCode, REPO_ROOT, type VSCodeSession } from './harness';
import { ghostLatencies, type Latencies, latencySummary, merged, quantile, slowLines, suggestionTimings } from './ghostLatency';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace-code');
const LINES = 'export function clamp(value: number, low: number, high: number): number {\n  if (value < low) return low;\n  if (value > high) return high;\n  return value;\n}\n';
const ROUNDS = 4;
const KEYS_PER_ROUND = 12;

let vscode: VSCodeSession;
let extensionsDir: string;

before(async () => {
  extensionsDir = extensionsWithConstantGhost();
  vscode = await openVSCode({
    folder: FIXTURE,
    extensionsDir,
    settings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'workbench.startupEditor': 'none',
      // Word-based IntelliSense off: only ghost text appears while typing.
      'editor.quickSuggestions': { other: false, comments: false, strings: false },
      'editor.suggestOnTriggerCharacters': false,
      'recur.completions.languages': { '*': true, plaintext: false, markdown: false, scminput: false, typescriptreact: false },
    },
  });
  // The same text as src/stats.ts, where Recur is typed into: VS Code's work per keystroke grows with the file.
  const stats = readFileSync(path.join(vscode.workspace, 'src', 'stats.ts'), 'utf8');
  writeFileSync(
    path.join(vscode.workspace, 'src', 'baseline.tsx'),
    `// Recur is off for TSX here (recur.completions.languages): the constant provider answers. The text of src/stats.ts follows.\n${stats}`,
  );
  // The base model (no training here), once it has read the workspace: the index job starts
  // when the first editor opens, and the figures are of typing after it, not while it lands.
  await vscode.waitForStatusBar(/Recur: base model/, 90_000);
  await vscode.openFile('src/stats.ts');
  await vscode.waitForStatusBar(/indexing/, 30_000).catch(() => undefined);
  await vscode.waitForStatusBar(/Recur: base model/, 90_000);
  await vscode.page.waitForTimeout(3000);
});

after(async () => {
  await vscode?.close();
  rmSync(extensionsDir, { recursive: true, force: true });
});

/** Types a round into `file`, at a new line at its end. */
async function round(file: string, text: string): Promise<Latencies> {
  await vscode.openFile(file);
  await vscode.page.locator('.monaco-editor .view-lines').first().click();
  await vscode.page.keyboard.press('Control+End');
  await vscode.page.keyboard.press('Enter');
  return ghostLatencies(vscode, text, KEYS_PER_ROUND);
}

test('keystroke to ghost text: Recur, and VS Code with a provider that does nothing, in turn', async () => {
  const recur: Latencies[] = [];
  const baseline: Latencies[] = [];
  const logStart = vscode.recurLog().length;
  for (let r = 0; r < ROUNDS; r++) {
    const offset = (r * KEYS_PER_ROUND) % (LINES.length - KEYS_PER_ROUND);
    const text = LINES.slice(offset);
    recur.push(await round('src/stats.ts', text));
    if (r === 0) await vscode.screenshot('latency-recur');
    baseline.push(await round('src/baseline.tsx', text));
  }
  await vscode.screenshot('latency-baseline');
  const ours = merged(recur);
  const theirs = merged(baseline);
  const above = (q: number) => (quantile(ours.shown, q) - quantile(theirs.shown, q)).toFixed(0);
  console.log(`keystroke to ghost text, Recur (base model): ${latencySummary(ours)}`);
  console.log(`keystroke to ghost text, VS Code with a constant provider (same run): ${latencySummary(theirs)}`);
  console.log(`Recur above the baseline: p50 ${above(0.5)} ms, p90 ${above(0.9)} ms`);
  console.log(
    `each keystroke, by round: Recur ${recur.map((r) => r.shown.map((v) => v.toFixed(0)).join(' ')).join(' | ')}; baseline ${baseline.map((r) => r.shown.map((v) => v.toFixed(0)).join(' ')).join(' | ')}`,
  );
  assert.ok(logStart > 0, "Recur's log (where slow requests and stalls would be) was found in the profile");
  for (const line of slowLines(vscode, logStart)) console.log(`  Recur's log: ${line}`);
  for (const line of ours.late) console.log(`  late, Recur: ${line}`);
  for (const line of theirs.late) console.log(`  late, constant provider: ${line}`);
  const timings = await suggestionTimings(vscode);
  for (const line of timings) console.log(`  Recur's ${line}`);
  assert.match(timings[0] ?? '', /suggestion timings, the last \d+ requests/, 'Recur: Show Suggestion Timings wrote its summary');
  assert.ok(theirs.shown.length >= theirs.keys * 0.5, `the baseline provider showed ghost text for ${theirs.shown.length} of ${theirs.keys} keystrokes`);
  assert.ok(ours.shown.length >= ours.keys * 0.5, `Recur showed ghost text for ${ours.shown.length} of ${ours.keys} keystrokes`);
  assert.ok(quantile(ours.shown, 0.5) < 2000, 'a broken path, not a slow machine, takes seconds');
});
