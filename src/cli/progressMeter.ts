// Progress of long work, on stderr: nothing for work that ends within a few seconds, then
// one line every few seconds ("eval: 37%, 12 s, about 20 s left"), so a long command never
// looks hung. RECUR_PROGRESS_MS sets the interval (0: every update; the tests use it).
import { progress } from './output';

const DEFAULT_INTERVAL_MS = 3000;

function intervalMs(): number {
  const value = Number(process.env.RECUR_PROGRESS_MS);
  return process.env.RECUR_PROGRESS_MS !== undefined && Number.isFinite(value) && value >= 0 ? value : DEFAULT_INTERVAL_MS;
}

export type ProgressUpdate = (detail: string, fraction?: number) => void;

/** An update function for one piece of work called `label`; `enabled` false makes it silent (--quiet). */
export function progressMeter(label: string, enabled = true): ProgressUpdate {
  const every = intervalMs();
  const started = Date.now();
  let last = started;
  return (detail, fraction) => {
    const now = Date.now();
    if (!enabled || now - last < every) return;
    last = now;
    const elapsed = (now - started) / 1000;
    const parts = [fraction !== undefined ? `${Math.floor(fraction * 100)}%` : '', detail, `${elapsed.toFixed(0)} s`];
    if (fraction !== undefined && fraction > 0.01 && fraction < 1) parts.push(`about ${Math.ceil((elapsed * (1 - fraction)) / fraction)} s left`);
    progress(`${label}: ${parts.filter(Boolean).join(', ')}`);
  };
}
