// Where one inline suggestion request's time went, and the log line for a slow one. No
// vscode import (unit-tested as is).
import { quantile } from '../../shared/metrics';

/** The work of computing suggestions, in milliseconds. */
export interface CompletionWork {
  /** Bringing the network's state and the document's context to the cursor (in slices, with yields). */
  prepareMs: number;
  /** Model steps the preparation took (0: it was warm). */
  preparedSteps: number;
  /** The search for the suggestion (one unit of work: nothing else runs on the thread meanwhile). */
  searchMs: number;
  /** Slices (yields to the event loop) the work took. */
  slices: number;
}

/** Where one request's time went, in milliseconds from the provider being called. */
export interface RequestTiming extends CompletionWork {
  /** The extra wait (recur.completions.debounceMs). */
  debounceMs: number;
  totalMs: number;
  outcome: 'shown' | 'none' | 'cancelled';
  /** The answer was computed from right after the edit, before VS Code asked (answerAhead.ts); its work is that computation's. */
  answeredAhead: boolean;
  /** How long before the request the computation answered ahead started (0 when not answered ahead). */
  aheadLeadMs: number;
}

/** A request that took at least this long, besides the extra wait the user set, is logged with where its time went. */
export const SLOW_REQUEST_MS = 250;

/**
 * The log line for a request that took SLOW_REQUEST_MS or more besides recur.completions.debounceMs (undefined for a faster one or
 * a cancelled one: VS Code dropped it). Time not spent waiting, preparing or searching was
 * spent by other work on the extension host's thread between the request's slices.
 */
export function slowRequestLine(timing: RequestTiming): string | undefined {
  if (timing.outcome === 'cancelled' || timing.totalMs - timing.debounceMs < SLOW_REQUEST_MS) return undefined;
  const ms = (v: number) => `${Math.round(v).toLocaleString('en-US')} ms`;
  const work = `preparing ${ms(timing.prepareMs)} (${timing.preparedSteps.toLocaleString('en-US')} model steps in ${timing.slices} slices), searching ${ms(timing.searchMs)}`;
  const outcome = timing.outcome === 'shown' ? 'shown' : 'nothing shown';
  if (timing.answeredAhead) return `slow suggestion request: ${ms(timing.totalMs)}, ${outcome}: waiting for the answer computed since the edit ${ms(timing.aheadLeadMs)} before (${work})`;
  const ours = timing.debounceMs + timing.prepareMs + timing.searchMs;
  const parts = [...(timing.debounceMs > 0 ? [`waiting ${ms(timing.debounceMs)} (recur.completions.debounceMs)`] : []), work, `other work on the thread ${ms(Math.max(0, timing.totalMs - ours))}`];
  return `slow suggestion request: ${ms(timing.totalMs)}, ${outcome}: ${parts.join(', ')}`;
}

/**
 * The last requests' timings in a few lines (Recur: Show Suggestion Timings): how many were
 * shown, empty or cancelled, how many were answered ahead, the percentiles of the time the
 * requests waited in the provider and of the searches (a search holds the extension host's
 * thread: a request arriving meanwhile waits before the provider is even called), and the
 * slowest requests with where their time went.
 */
export function timingsSummary(timings: readonly RequestTiming[], slowest = 3): string[] {
  const finished = timings.filter((t) => t.outcome !== 'cancelled');
  const count = (outcome: RequestTiming['outcome']) => timings.filter((t) => t.outcome === outcome).length;
  const ahead = finished.filter((t) => t.answeredAhead).length;
  if (!finished.length) return [`suggestion timings: no finished request among the last ${timings.length}`];
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const percentiles = (values: number[]) => `p50 ${ms(quantile(values, 0.5))}, p90 ${ms(quantile(values, 0.9))}, max ${ms(quantile(values, 1))}`;
  const lines = [
    `suggestion timings, the last ${timings.length} requests: ${count('shown')} shown, ${count('none')} with nothing to show, ${count('cancelled')} cancelled; ${ahead} of ${finished.length} finished answered ahead`,
    `  from the provider called to its answer (VS Code's 50 ms wait and its rendering not included): ${percentiles(finished.map((t) => t.totalMs))}`,
    `  searches: ${percentiles(finished.map((t) => t.searchMs))}; preparing: ${percentiles(finished.map((t) => t.prepareMs))}`,
  ];
  const slow = [...finished].sort((a, b) => b.totalMs + b.searchMs - (a.totalMs + a.searchMs)).slice(0, slowest);
  for (const t of slow) {
    const work = `preparing ${ms(t.prepareMs)} (${t.preparedSteps} model steps, ${t.slices} slices), searching ${ms(t.searchMs)}`;
    lines.push(`  ${ms(t.totalMs)}: ${t.answeredAhead ? `answered ahead, computed from ${ms(t.aheadLeadMs)} before: ${work}` : work}`);
  }
  return lines;
}
