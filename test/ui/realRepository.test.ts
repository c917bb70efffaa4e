// A new user's session on a real repository (the benchmark corpus js-web-framework: hapi,
// a JavaScript web framework), in real VS Code (code-server in headless chromium), with the
// default settings but a 5-minute training budget: the base model reads the workspace and
// suggests; keystroke-to-ghost-text is measured against a constant provider in the same run
// (see latency.test.ts); "Train on Workspace" runs 5 minutes with the model panel open; then
// the figures of the status bar, its tooltip, the end-of-training notification and the panel
// must agree and say what they are; the activations view says the file was read (memory);
// keystroke-to-ghost-text again with the trained model. Screenshots: test-output/ui/real-*.png.
//
// Opt-in (about 15 minutes): `npm run test:ui:real` (RECUR_REAL_REPOSITORY=1; the corpus is
// fetched from the npm registry the first time: `npm run bench:corpora`).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import { openVSCode, type VSCodeSession } from './harness';
import { ghostLatencies, type Latencies, latencySummary, merged, quantile, slowLines, suggestionTimings } from './ghostLatency';
import { extensionsWithConstantGhost } from './constantGhost';
import { prepareBenchCorpus } from '../../scripts/lib/public-code.mjs';

const ENABLED = process.env.RECUR_REAL_REPOSITORY === '1';
const MINUTES = 5;
/** Code in the repository's style, typed at the end of lib/route.js. */
const CODE = `
internals.example = function (request, h) {

    const settings = this.settings;
    if (!settings.payload) {
        return h.response(request.payload).code(200);
    }

    return internals.handler(request, settings);
};
`;

let vscode: VSCodeSession;
let extensionsDir: string;

before(async () => {
  if (!ENABLED) return;
  extensionsDir = extensionsWithConstantGhost();
  vscode = await openVSCode({
    folder: prepareBenchCorpus('js-web-framework'),
    extensionsDir,
    settings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'workbench.startupEditor': 'none',
      'recur.training.maxMinutes': MINUTES,
      'editor.quickSuggestions': { other: false, comments: false, strings: false },
      'editor.suggestOnTriggerCharacters': false,
      // The constant provider's file (latency.test.ts): JSX, with Recur off for it.
      'recur.completions.languages': { '*': true, plaintext: false, markdown: false, scminput: false, javascriptreact: false },
    },
  });
  // The same text as lib/route.js, where Recur is typed into: VS Code's work per keystroke grows with the file.
  const route = readFileSync(`${vscode.workspace}/lib/route.js`, 'utf8');
  writeFileSync(`${vscode.workspace}/lib/baseline.jsx`, `// Recur is off for JSX here: the constant provider answers. The text of lib/route.js follows.\n${route}`);
});

after(async () => {
  if (!ENABLED) return;
  await vscode?.close();
  rmSync(extensionsDir, { recursive: true, force: true });
});

const skip = ENABLED ? false : 'opt-in: RECUR_REAL_REPOSITORY=1 (npm run test:ui:real)';

/** The status bar item's tooltip, as the user sees it on hover (its text, and optionally a screenshot of it). */
async function tooltip(pattern: RegExp, screenshot?: string): Promise<string> {
  const { page } = vscode;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    await page.mouse.move(700, 400);
    await page.keyboard.press('Escape');
    await page.locator('[id$="recur.status"]').first().hover();
    const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: /Recur|model/ }).first();
    const text = await hover.innerText({ timeout: 5000 }).catch(() => '');
    if (pattern.test(text)) {
      if (screenshot) await vscode.screenshot(screenshot);
      await page.mouse.move(700, 400);
      return text;
    }
    await page.waitForTimeout(2000);
  }
  throw new Error(`the tooltip never matched ${pattern}`);
}

async function panelFrame(): Promise<Frame> {
  for (let i = 0; i < 240; i++) {
    for (const frame of vscode.page.frames()) if (await frame.evaluate(() => document.querySelector('[data-recur-panel]') !== null).catch(() => false)) return frame;
    await vscode.page.waitForTimeout(250);
  }
  throw new Error('the model panel did not appear');
}

/** Rounds of typing in turn: Recur in lib/route.js, the constant provider in lib/baseline.jsx. */
async function latencyRounds(label: string): Promise<void> {
  const ours: Latencies[] = [];
  const theirs: Latencies[] = [];
  const logStart = vscode.recurLog().length;
  const type = async (file: string, text: string) => {
    await vscode.openFile(file);
    await vscode.page.locator('.monaco-editor .view-lines').first().click();
    await vscode.page.keyboard.press('Control+End');
    await vscode.page.keyboard.press('Enter');
    return ghostLatencies(vscode, text, 15);
  };
  for (let r = 0; r < 4; r++) {
    const text = CODE.slice(r * 15);
    ours.push(await type('lib/route.js', text));
    theirs.push(await type('lib/baseline.jsx', text));
  }
  const a = merged(ours);
  const b = merged(theirs);
  console.log(`keystroke to ghost text on hapi, ${label}: ${latencySummary(a)}`);
  console.log(
    `  VS Code with a constant provider, same run: ${latencySummary(b)}; Recur above it: p50 ${(quantile(a.shown, 0.5) - quantile(b.shown, 0.5)).toFixed(0)} ms, p90 ${(quantile(a.shown, 0.9) - quantile(b.shown, 0.9)).toFixed(0)} ms`,
  );
  console.log(
    `  each keystroke, by round: Recur ${ours.map((r) => r.shown.map((v) => v.toFixed(0)).join(' ')).join(' | ')}; constant provider ${theirs.map((r) => r.shown.map((v) => v.toFixed(0)).join(' ')).join(' | ')}`,
  );
  for (const line of slowLines(vscode, logStart)) console.log(`  Recur's log: ${line}`);
  for (const line of a.late) console.log(`  late, Recur: ${line}`);
  for (const line of b.late) console.log(`  late, constant provider: ${line}`);
  for (const line of await suggestionTimings(vscode)) console.log(`  Recur's ${line}`);
  assert.ok(a.shown.length >= a.keys * 0.3, `Recur showed ghost text for ${a.shown.length} of ${a.keys} keystrokes`);
}

test('the base model, after reading the workspace: the tooltip says whose figures they are; suggestions in time', { skip }, async () => {
  await vscode.waitForStatusBar(/Recur: base model/, 120_000);
  const text = await tooltip(/read into its context models/, 'real-tooltip-base-model');
  assert.match(text, /on the base corpus's held-out files, not this workspace's \(lower is better\)/);
  assert.doesNotMatch(text, /as good as/);
  await latencyRounds('the base model');
});

test(`training ${MINUTES} minutes: the status bar, the notification and the panel show the same progress`, { skip }, async () => {
  await vscode.runCommand('Recur: Show Model Panel');
  const frame = await panelFrame();
  await vscode.runCommand('Recur: Train on Workspace');
  await vscode.waitForStatusBar(/training \d+% · /, 180_000);
  await vscode.page.waitForTimeout(90_000);
  const toast = vscode.page.locator('.notifications-toasts .notification-toast', { hasText: 'Recur: training' }).first();
  let agreed = false;
  for (let i = 0; i < 20 && !agreed; i++) {
    const status = /training (\d+%(?: · about [^·]+ left)?)/.exec(await vscode.statusBarText())?.[1];
    const notification = await toast.innerText().catch(() => '');
    const header = await frame
      .locator('.header-training')
      .innerText()
      .catch(() => '');
    agreed = status !== undefined && notification.includes(status) && header.includes(status);
    if (agreed) console.log(`progress, the same on the three: "${status}"`);
    else await vscode.page.waitForTimeout(300);
  }
  await vscode.screenshot('real-training-progress');
  assert.ok(agreed, 'the status bar, the notification and the panel header showed the same percentage and time left');
});

test('the end of training: the notification, the status bar, its tooltip and the panel say the same figure, and what it is', { skip }, async () => {
  const ready = await vscode.waitForStatusBar(/ready · ppl [\d.]+/, (MINUTES + 5) * 60_000);
  const ppl = /ppl ([\d.]+)/.exec(ready)![1];
  const done = vscode.page.locator('.notifications-toasts .notification-toast', { hasText: /Recur: training .* after/ }).first();
  await done.waitFor({ timeout: 30_000 });
  await vscode.screenshot('real-end-of-training');
  const message = await done.innerText();
  console.log(`end of training: ${message.replace(/\s+/g, ' ')}`);
  assert.match(message, new RegExp(`Perplexity per character on this workspace's \\d+ held-out files? \\(lower is better\\): ${ppl.replace('.', '\\.')} `));
  const tip = await tooltip(/Perplexity per character on this workspace/, 'real-tooltip-trained');
  assert.ok(tip.includes(`: ${ppl} (`), `the tooltip's figure is the status bar's ${ppl}`);
  const frame = await panelFrame();
  await frame.locator('#tab-training').click();
  await frame.locator('.training-view .stats').waitFor();
  await vscode.page.waitForTimeout(2000);
  await vscode.screenshot('real-panel-training');
  const stats = await frame.locator('.training-view .stats').innerText();
  const verdict = await frame.locator('.training-view .verdict').innerText();
  assert.ok(stats.includes(ppl) && verdict.includes(`: ${ppl} (`), `the panel's figure is the status bar's ${ppl}: ${stats}`);
  await assertWhatTrainingDid(frame, message, tip, ppl);
  const steps = Number(/Workspace steps\s+([\d,]+)/.exec(stats)?.[1].replace(/,/g, ''));
  assert.ok(steps > 0 && steps < 20_000, `steps counted from this workspace's first run: ${steps}`);
  // The base model's own history, folded away by default, one click away.
  const loss = frame.locator('.training-view .chart').first();
  const workspacePoints = Number(await loss.getAttribute('data-points'));
  await frame.locator('.segment', { hasText: 'With base model' }).click();
  await vscode.page.waitForTimeout(1500);
  const allPoints = Number(await loss.getAttribute('data-points'));
  await vscode.screenshot('real-panel-training-with-base');
  assert.ok(allPoints > workspacePoints, `${allPoints} points with the base model's history, ${workspacePoints} without`);
  await frame.locator('.segment', { hasText: 'This workspace' }).click();
  await loss.scrollIntoViewIfNeeded();
  await vscode.page.waitForTimeout(1000);
  await vscode.screenshot('real-panel-training-chart');
});

/**
 * What training did, said alike by the end-of-training notification, the tooltip and the
 * panel's card: the base model (read-only, after reading the training files) before this
 * workspace's training and the model in use now, on this workspace's held-out files, with the
 * change in bits per character.
 */
async function assertWhatTrainingDid(frame: Frame, message: string, tip: string, ppl: string): Promise<void> {
  const said =
    /Before this workspace's training \(the base model\), on the same files: ([\d.]+) \(([\d.]+) bits\/char\) with the context models; now ([\d.]+) \(([\d.]+) bits\/char\), (?:([\d.]+)% (fewer|more) bits per character|no change)/.exec(
      message.replace(/\s+/g, ' '),
    );
  assert.ok(said, `the notification says what training did: ${message}`);
  const [, beforePpl, beforeBpc, nowPpl, nowBpc, percent, direction] = said;
  assert.equal(nowPpl, ppl, "now is the status bar's figure");
  const computed = (Number(nowBpc) - Number(beforeBpc)) / Number(beforeBpc);
  assert.ok(percent === undefined || Math.abs(Math.abs(computed) * 100 - Number(percent)) < 0.35, `${percent}% agrees with ${beforeBpc} -> ${nowBpc} (rounded figures)`);
  console.log(`what training did (notification): the whole stack ${beforeBpc} -> ${nowBpc} bits/char, ${percent ?? 0}% ${direction ?? ''}`);
  assert.ok(tip.replace(/\s+/g, ' ').includes(said[0]), `the tooltip says the same: ${tip}`);
  const card = frame.locator('.training-view .effect');
  await card.scrollIntoViewIfNeeded();
  assert.equal((await card.locator('.effect-before').innerText()).trim(), beforePpl);
  assert.equal((await card.locator('.effect-now').innerText()).trim(), nowPpl);
  const change = (await card.locator('.effect-change').innerText()).trim();
  assert.equal(change, percent === undefined ? '0.0%' : `${direction === 'fewer' ? '\u2212' : '+'}${percent}%`);
  await vscode.screenshot('real-panel-training-effect');
}

test('the activations view on a file the model has read says it is memory, not prediction', { skip }, async () => {
  await vscode.page.locator('.monaco-editor .view-lines').first().click(); // the editors' group, not the panel's
  await vscode.page.keyboard.press('Control+1');
  await vscode.openFile('lib/toolkit.js');
  await vscode.page.keyboard.press('Control+G');
  await vscode.page.keyboard.type('60');
  await vscode.page.keyboard.press('Enter');
  const frame = await panelFrame();
  await frame.locator('#tab-activations').click();
  await frame.locator('.segment', { hasText: 'Predictor' }).click();
  await frame.locator('.activations-view .window-file', { hasText: 'lib/toolkit.js' }).waitFor({ timeout: 60_000 });
  await frame.locator('.activations-view .memory-note:not([hidden])').waitFor({ timeout: 60_000 });
  await vscode.page.waitForTimeout(1500);
  await vscode.screenshot('real-activations');
  assert.match(await frame.locator('.activations-view .memory-note').innerText(), /^Memory, not prediction/);
  assert.match(await frame.locator('.activations-view .families').innerText(), /long contexts \d+% \(memory\)/);
});

test('keystroke to ghost text with the model trained on the workspace', { skip }, async () => {
  await latencyRounds('the trained model');
});
