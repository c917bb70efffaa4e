// Keystroke to ghost text, measured in the browser: a keydown listener and a mutation
// observer on the page time each typed character to the moment VS Code has put ghost text in
// the editor's DOM; any other key (Escape, Enter) ends the wait for the character before it. Before each character Escape clears the last ghost text and a pause lets
// the editor settle, so each figure is a new suggestion, not one typed through.
import type { VSCodeSession } from './harness';
import { quantile } from '../../src/shared/metrics';

export interface Latencies {
  /** Characters typed. */
  keys: number;
  /** Milliseconds from keydown to ghost text rendered, for the keystrokes that got one. */
  shown: number[];
  /** For each keystroke that took LATE_MS or more: the key, the time, and the ghost text then in the editor. */
  late: string[];
}

/** A keystroke whose ghost text took this long is described (late). */
export const LATE_MS = 300;

interface PageState {
  key: number;
  keyText: string;
  seen: boolean;
  ms: number[];
  late: string[];
}

/** Types `text` (up to `keys` characters; a newline is Enter and not counted) into the focused editor and times each character to its ghost text. */
export async function ghostLatencies(session: VSCodeSession, text: string, keys: number, waitMs = 1500): Promise<Latencies> {
  const { page } = session;
  await page.evaluate((lateMs: number) => {
    const w = window as unknown as { __recurLatency?: PageState };
    if (w.__recurLatency) {
      w.__recurLatency.ms = [];
      w.__recurLatency.late = [];
      w.__recurLatency.seen = true;
      return;
    }
    const state: PageState = { key: 0, keyText: '', seen: true, ms: [], late: [] };
    w.__recurLatency = state;
    document.addEventListener(
      'keydown',
      (event) => {
        if (event.key.length === 1) {
          state.key = performance.now();
          state.keyText = event.key;
          state.seen = false;
        } else state.seen = true; // Escape, Enter, ...: ghost text after it is not the last character's
      },
      true,
    );
    // (no named functions in here: the test's compiler would wrap them in a helper the page lacks)
    new MutationObserver(() => {
      if (state.seen) return;
      // Any ghost text with something visible: a suggestion that starts with a new line or with
      // indentation has an empty or blank first part, and its text in the lines below.
      const ghosts = Array.from(document.querySelectorAll('.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text'));
      if (ghosts.some((ghost) => (ghost.textContent ?? '').trim())) {
        state.seen = true;
        const ms = performance.now() - state.key;
        state.ms.push(ms);
        const ghostText = ghosts.map((ghost) => ghost.textContent ?? '').join('|');
        if (ms >= lateMs)
          state.late.push(`${JSON.stringify(state.keyText)} ${ms.toFixed(0)} ms, ghost text ${ghostText.length} chars in ${ghosts.length} parts: ${JSON.stringify(ghostText.slice(0, 60))}`);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, LATE_MS);
  let typed = 0;
  for (const ch of text) {
    if (typed >= keys) break;
    await page.keyboard.press('Escape');
    await page.waitForTimeout(250);
    if (ch === '\n') {
      await page.keyboard.press('Enter');
      continue;
    }
    await page.keyboard.type(ch);
    typed++;
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline && !(await page.evaluate(() => (window as unknown as { __recurLatency: PageState }).__recurLatency.seen))) await page.waitForTimeout(10);
  }
  const { ms: shown, late } = await page.evaluate(() => (window as unknown as { __recurLatency: PageState }).__recurLatency);
  return { keys: typed, shown, late };
}

export { quantile };

/** Several measurements as one. */
export function merged(runs: readonly Latencies[]): Latencies {
  return { keys: runs.reduce((n, r) => n + r.keys, 0), shown: runs.flatMap((r) => r.shown), late: runs.flatMap((r) => r.late) };
}

/** "p50 96 ms, p90 122 ms, max 130 ms (ghost text for 17 of 24 keystrokes)" */
export function latencySummary(l: Latencies): string {
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : 'n/a');
  return `p50 ${ms(quantile(l.shown, 0.5))}, p90 ${ms(quantile(l.shown, 0.9))}, max ${ms(quantile(l.shown, 1))} (ghost text for ${l.shown.length} of ${l.keys} keystrokes)`;
}

/** The Recur log's lines, written after `since` characters of it, that explain a late suggestion (src/editor/completions/requestTiming.ts, src/editor/diagnostics/eventLoopStalls.ts). */
export function slowLines(session: VSCodeSession, since: number): string[] {
  return session
    .recurLog()
    .slice(since)
    .split('\n')
    .filter((line) => /slow suggestion request|thread was busy/.test(line));
}

/** Recur's own account of its requests (the command Recur: Show Suggestion Timings), as written to its log. */
export async function suggestionTimings(session: VSCodeSession): Promise<string[]> {
  const since = session.recurLog().length;
  await session.runCommand('Recur: Show Suggestion Timings');
  const deadline = Date.now() + 10_000;
  let lines: string[] = [];
  while (Date.now() < deadline && !lines.length) {
    await session.page.waitForTimeout(200);
    lines = session
      .recurLog()
      .slice(since)
      .split('\n')
      .filter((line) => line.includes('[info]'));
  }
  await session.page.keyboard.press('Escape');
  return lines.map((line) => line.slice(line.indexOf('[info]') + '[info] '.length));
}
