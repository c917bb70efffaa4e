// What training on this workspace did, as facts: the model's score on this workspace's
// held-out files before its training (the validation the trainer records before a run's first
// step, MetricsHistory.startEval) and now (the model in use: the best validation), by the
// same measure, and the relative change in bits per character. The words are modelWords.ts's.
// Pure.
import type { EvalPoint, MetricsHistory, StartEvalPoint } from '../metrics';
import { isWorkspaceRun, workspaceScope } from './workspaceHistory';

export interface TrainingEffect {
  /** Which figure `before` and `now` are: the whole stack's when both measured it, else the network's. */
  measured: 'stack' | 'network';
  /** Bits per character before and now, by `measured`. */
  before: number;
  now: number;
  /** (now - before) / before: negative is better (fewer bits per character). */
  change: number;
  /** The network alone, before and now, and its change (NaN when either was not measured). */
  networkBefore: number;
  networkNow: number;
  networkChange: number;
  /** Steps counted from this workspace's first run: where `before` was measured, and the validation `now` is. */
  beforeStep: number;
  nowStep: number;
  /**
   * True when `before` is this workspace's first run's (the model before any training on it);
   * false when that run was not measured (a history written before it was recorded) and
   * `before` is the start of the first run that was: `beforeRun` counts runs from this
   * workspace's first, 1-based.
   */
  sinceFirstRun: boolean;
  beforeRun: number;
  /** True when `before` is the base model's, before fine-tuning (the first run started from it). */
  fromBase: boolean;
  /** True when `before` and `now` come from one run, so from the same held-out text; across runs the workspace (and so its held-out files) may have changed. */
  sameRun: boolean;
}

/**
 * The effect of this workspace's training up to `now` (the model in use's validation, a
 * point of history.eval), or undefined when no run of this workspace was validated at its
 * start (at or before `now`'s step) or the two share no measure.
 */
export function trainingEffect(history: Pick<MetricsHistory, 'runs' | 'train' | 'eval' | 'startEval'>, now: EvalPoint | undefined): TrainingEffect | undefined {
  if (!now) return undefined;
  const scope = workspaceScope(history);
  const before = earliestStart((history.startEval ?? []).filter((p) => isWorkspaceRun(scope, p.run) && p.step <= now.step));
  if (!before) return undefined;
  const stack = finite(before.mixBpc) && finite(now.mixBpc);
  if (!stack && !(finite(before.valBpc) && finite(now.valBpc))) return undefined;
  const pick = (p: { valBpc: number; mixBpc?: number }) => (stack ? p.mixBpc! : p.valBpc);
  const firstRun = scope.firstRun ?? before.run;
  return {
    measured: stack ? 'stack' : 'network',
    before: pick(before),
    now: pick(now),
    change: relativeChange(pick(before), pick(now)),
    networkBefore: finiteOrNaN(before.valBpc),
    networkNow: finiteOrNaN(now.valBpc),
    networkChange: relativeChange(before.valBpc, now.valBpc),
    beforeStep: before.step - scope.startStep,
    nowStep: now.step - scope.startStep,
    sinceFirstRun: before.run === firstRun,
    beforeRun: before.run - firstRun + 1,
    fromBase: before.run === firstRun && history.runs.some((r) => r.run === firstRun && r.fromBase !== undefined),
    sameRun: before.run === now.run,
  };
}

/** (now - before) / before; NaN unless both are finite and before is positive. */
export function relativeChange(before: number, now: number): number {
  return finite(before) && finite(now) && before > 0 ? (now - before) / before : NaN;
}

function earliestStart(points: readonly StartEvalPoint[]): StartEvalPoint | undefined {
  let first: StartEvalPoint | undefined;
  for (const p of points) if (!first || p.run < first.run) first = p;
  return first;
}

function finite(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function finiteOrNaN(value: number | null | undefined): number {
  return finite(value) ? value : NaN;
}
