// The training curves as uPlot wants them: one x array and aligned y columns, with null where a
// series has no point at that x (uPlot draws across the gaps when a series asks for it).
// x is the training step or the training time in seconds (summed over runs, as in
// src/shared/metrics.ts), counted from this workspace's first run unless the base model's
// history is shown too (chartHistory); y is bits per character or perplexity per character
// (2^bpc).
import type { BackendInfo, MetricsHistory, TrainPoint } from '../../src/shared/metrics';
import type { LossMetric, XAxis } from '../../src/shared/panelViewState';
import { isWorkspaceRun, workspaceScope, type WorkspaceScope } from '../../src/shared/present/workspaceHistory';

export type Column = (number | null)[];

export interface Aligned {
  /** Ascending, no duplicates. */
  x: number[];
  /** One column per series, each x.length long. */
  columns: Column[];
}

/** A value of series `series` at x. */
interface Sample {
  x: number;
  series: number;
  y: number | null;
}

/** Merges samples of `seriesCount` series onto their common ascending x (a later sample at the same x and series wins). */
export function align(samples: Sample[], seriesCount: number): Aligned {
  const finite = samples.filter((s) => Number.isFinite(s.x));
  finite.sort((a, b) => a.x - b.x);
  const x: number[] = [];
  const columns: Column[] = Array.from({ length: seriesCount }, () => []);
  for (const s of finite) {
    if (x.length === 0 || x[x.length - 1] !== s.x) {
      x.push(s.x);
      for (const column of columns) column.push(null);
    }
    columns[s.series][x.length - 1] = s.y;
  }
  return { x, columns };
}

export function toMetric(bpc: number, metric: LossMetric): number | null {
  if (!Number.isFinite(bpc)) return null;
  return metric === 'bpc' ? bpc : Math.pow(2, bpc);
}

function xOf(point: { step: number; elapsedSec: number }, axis: XAxis): number {
  return axis === 'step' ? point.step : point.elapsedSec;
}

/** columns: [train (logged steps), validation (the network alone), train averaged between validations, validation of the whole stack (network + context models; null where not measured)]. */
export function lossSeries(history: MetricsHistory, axis: XAxis, metric: LossMetric): Aligned {
  const samples: Sample[] = [];
  for (const p of history.train) samples.push({ x: xOf(p, axis), series: 0, y: toMetric(p.bpc, metric) });
  // A run's validation before its first step starts the validation curves at its start step.
  for (const p of history.startEval ?? []) {
    samples.push({ x: xOf(p, axis), series: 1, y: toMetric(p.valBpc, metric) });
    if (p.mixBpc !== undefined) samples.push({ x: xOf(p, axis), series: 3, y: toMetric(p.mixBpc, metric) });
  }
  for (const p of history.eval) {
    samples.push({ x: xOf(p, axis), series: 1, y: toMetric(p.valBpc, metric) });
    samples.push({ x: xOf(p, axis), series: 2, y: toMetric(p.trainBpc, metric) });
    samples.push({ x: xOf(p, axis), series: 3, y: p.mixBpc === undefined ? null : toMetric(p.mixBpc, metric) });
  }
  return align(samples, 4);
}

/** True when some evaluation measured the whole stack. */
export function hasStackCurve(history: MetricsHistory): boolean {
  return history.eval.some((p) => p.mixBpc !== undefined && Number.isFinite(p.mixBpc));
}

/** Mean characters per second of the last run's logged steps (NaN when none): the training controller logs the same figure at the end of a run. */
export function lastRunSpeed(history: MetricsHistory): number {
  const lastRun = lastSteppedRun(history);
  const speeds = history.train.filter((p) => p.run === lastRun && Number.isFinite(p.charsPerSec) && p.charsPerSec > 0).map((p) => p.charsPerSec);
  return speeds.length ? speeds.reduce((a, b) => a + b, 0) / speeds.length : NaN;
}

/** What trained the run lastRunSpeed measures (undefined: no logged steps, or a checkpoint older than the record). */
export function lastRunBackend(history: MetricsHistory): BackendInfo | undefined {
  const lastRun = lastSteppedRun(history);
  return history.runs.find((r) => r.run === lastRun)?.backend;
}

/** The backend's short name: its description up to the details in parentheses ("tfjs-node", "WebAssembly"). */
export function backendShortName(backend: BackendInfo): string {
  return backend.description.split(' (')[0];
}

/** The last run with logged steps (-Infinity: none). */
function lastSteppedRun(history: MetricsHistory): number {
  return history.train.reduce((max, p) => Math.max(max, p.run), -Infinity);
}

/** columns: [gradient norm before clipping, the same where the step was clipped (else null)]. */
export function gradientSeries(history: MetricsHistory, axis: XAxis): Aligned {
  const samples: Sample[] = [];
  for (const p of history.train) {
    const norm = Number.isFinite(p.gradNorm) ? p.gradNorm : null;
    samples.push({ x: xOf(p, axis), series: 0, y: norm });
    samples.push({ x: xOf(p, axis), series: 1, y: p.clipped ? norm : null });
  }
  return align(samples, 2);
}

/** columns: [characters per second]. */
export function speedSeries(history: MetricsHistory, axis: XAxis): Aligned {
  return align(
    history.train.map((p) => ({ x: xOf(p, axis), series: 0, y: Number.isFinite(p.charsPerSec) ? p.charsPerSec : null })),
    1,
  );
}

/**
 * The history the charts draw: by default this workspace's runs only, with steps and time
 * counted from its first run (a model fine-tuned from the base model carries the base
 * model's runs before it); with `withBase`, the whole history as recorded.
 */
export function chartHistory(history: MetricsHistory, withBase: boolean): { history: MetricsHistory; scope: WorkspaceScope } {
  const scope = workspaceScope(history);
  if (withBase || scope.baseRuns === 0) return { history, scope };
  const mine = (p: { run: number }) => isWorkspaceRun(scope, p.run);
  const shift = <P extends { step: number; elapsedSec: number }>(p: P): P => ({ ...p, step: p.step - scope.startStep, elapsedSec: p.elapsedSec - scope.startSec });
  return {
    scope: { ...scope, startStep: 0, startSec: 0 },
    history: {
      runs: history.runs.filter(mine).map((r) => ({ ...r, startStep: r.startStep - scope.startStep })),
      train: history.train.filter(mine).map(shift),
      eval: history.eval.filter(mine).map(shift),
      baselines: history.baselines,
      ...(history.startEval ? { startEval: history.startEval.filter(mine).map(shift) } : {}),
    },
  };
}

export interface RunBoundary {
  run: number;
  x: number;
  /** "run 2" (this workspace's runs, counted from its first), "this workspace" where it began after the base model's runs, "" on the base model's own runs. */
  label: string;
}

/** Where each run after the first begins on the x axis (its first point; on the step axis its start step). */
export function runBoundaries(history: MetricsHistory, axis: XAxis, scope: WorkspaceScope = workspaceScope(history)): RunBoundary[] {
  const firstX = new Map<number, number>();
  for (const p of [...history.train, ...history.eval]) {
    const x = xOf(p, axis);
    const seen = firstX.get(p.run);
    if (seen === undefined || x < seen) firstX.set(p.run, x);
  }
  const runs = [...history.runs].sort((a, b) => a.run - b.run);
  const first = scope.firstRun ?? runs[0]?.run ?? 0;
  const out: RunBoundary[] = [];
  for (const [i, run] of runs.entries()) {
    if (i === 0) continue;
    const x = axis === 'step' ? run.startStep : firstX.get(run.run);
    const label = run.run < first ? '' : run.run === first ? 'this workspace' : `run ${run.run - first + 1}`;
    if (x !== undefined && Number.isFinite(x)) out.push({ run: run.run, x, label });
  }
  return out;
}

export interface ClipStats {
  /** Training steps counted, and how many of them were clipped. */
  steps: number;
  clipped: number;
  /** clipped / steps (NaN when there are none). */
  share: number;
  /** The same for the last run only. */
  lastRunShare: number;
}

/**
 * The share of training steps whose gradient was clipped: every step, from the counts each
 * logged point carries for the steps since the previous one (a point from an older
 * checkpoint without them counts as its own step alone).
 */
export function clipStats(history: MetricsHistory): ClipStats {
  const count = (points: readonly TrainPoint[]) =>
    points.reduce((sum, p) => ({ steps: sum.steps + (p.windowSteps ?? 1), clipped: sum.clipped + (p.clippedSteps ?? (p.clipped ? 1 : 0)) }), { steps: 0, clipped: 0 });
  const all = count(history.train);
  const lastRun = history.train.reduce((max, p) => Math.max(max, p.run), -Infinity);
  const last = count(history.train.filter((p) => p.run === lastRun));
  return {
    steps: all.steps,
    clipped: all.clipped,
    share: all.steps > 0 ? all.clipped / all.steps : NaN,
    lastRunShare: last.steps > 0 ? last.clipped / last.steps : NaN,
  };
}

/** Lowest validation bits per character so far (NaN when none). */
export function bestValidationBpc(history: MetricsHistory): number {
  return history.eval.reduce((best, p) => (Number.isFinite(p.valBpc) && !(p.valBpc >= best) ? p.valBpc : best), NaN);
}
