// Watches the extension host's event loop for stalls: a timer due every CHECK_MS that runs
// late by thresholdMs or more means the thread was busy that long (Recur's work or another
// extension's: the host is shared), and a suggestion asked for meanwhile waited as long.
// Each stall is reported once, after it ends, with its length. Costs one timer wake-up every
// CHECK_MS; the timer never keeps the process alive. No vscode import: the log is the caller's.

/** A stall at least this long is reported (the keystroke-to-ghost-text budget is 100 ms; this is several times it). */
export const STALL_REPORT_MS = 400;
const CHECK_MS = 250;

export interface StallWatch {
  dispose(): void;
}

/** Calls report(ms) after each stall of at least thresholdMs (ms: how much later than due the check ran). */
export function watchEventLoopStalls(report: (ms: number) => void, thresholdMs = STALL_REPORT_MS): StallWatch {
  let due = performance.now() + CHECK_MS;
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - due;
    due = now + CHECK_MS;
    if (late >= thresholdMs) report(late);
  }, CHECK_MS);
  timer.unref();
  return { dispose: () => clearInterval(timer) };
}

/** The log line for a stall. */
export function stallLine(ms: number): string {
  return `the extension host's thread was busy for ${Math.round(ms).toLocaleString('en-US')} ms (Recur's work or another extension's); suggestions asked for meanwhile waited as long`;
}
