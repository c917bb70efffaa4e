// Which part of a model's training history is this workspace's. A model fine-tuned from the
// base model carries the base model's own runs (on the base corpus) before the run that
// started from it (RunInfo.fromBase); steps, time, validation scores and charts of "this
// workspace" count from that run on. Pure.
import type { MetricsHistory } from '../metrics';

export interface WorkspaceScope {
  /** The first run on this workspace (runs below it are the base model's); undefined when the history has no run. */
  firstRun: number | undefined;
  /** The model's step and training time (seconds, summed over runs) when that run began: 0 without base runs. */
  startStep: number;
  startSec: number;
  /** How many runs came before (the base model's). */
  baseRuns: number;
}

/** Where this workspace's part of the history begins: the last run that started from the base model, else the first run. */
export function workspaceScope(history: Pick<MetricsHistory, 'runs' | 'train' | 'eval'>): WorkspaceScope {
  const runs = [...history.runs].sort((a, b) => a.run - b.run);
  const fromBase = runs.filter((r) => r.fromBase !== undefined).at(-1);
  if (!fromBase) return { firstRun: runs[0]?.run, startStep: 0, startSec: 0, baseRuns: 0 };
  // The trainer counts time on from the last point before the run (trainer.ts: elapsedBefore).
  let startSec = 0;
  for (const p of history.train) if (p.run < fromBase.run && p.elapsedSec > startSec) startSec = p.elapsedSec;
  for (const p of history.eval) if (p.run < fromBase.run && p.elapsedSec > startSec) startSec = p.elapsedSec;
  return { firstRun: fromBase.run, startStep: fromBase.startStep, startSec, baseRuns: runs.filter((r) => r.run < fromBase.run).length };
}

/** Whether a point (or run) of the history belongs to this workspace's runs. */
export function isWorkspaceRun(scope: WorkspaceScope, run: number): boolean {
  return scope.firstRun === undefined || run >= scope.firstRun;
}
