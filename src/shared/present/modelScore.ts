// How good the model in use is, as facts: which model, measured on which files, with which
// measure (the whole prediction stack, as suggestions use it, or the network alone), and how
// it compares with the simple baselines measured on the same files (lower is better). The
// words are modelWords.ts's. Pure.
import { type BaselineScore, CONTEXT_ONLY_BASELINE, type EvalPoint, type MetricsHistory } from '../metrics';
import { type TrainingEffect, trainingEffect } from './trainingEffect';
import { isWorkspaceRun, workspaceScope } from './workspaceHistory';
import type { ModelOrigin } from '../modelOrigin';

export type ScoreLevel =
  /** Better than every baseline. */
  | 'ahead'
  /** Better than (or the same as) some baselines, worse than others. */
  | 'between'
  /** Worse than every baseline. */
  | 'behind'
  /** Not measured yet, or no baseline to compare with. */
  | 'unknown';

export interface Comparison {
  /** The baseline's name as stored ("brotli (max quality)") and as written ("brotli"). */
  name: string;
  short: string;
  bpc: number;
  /** The model against it, lower being better: 'same' within 0.005 bits/char. */
  model: 'better' | 'worse' | 'same';
}

export interface ModelScore {
  origin: ModelOrigin;
  /** 'workspace': this workspace's held-out files; 'baseCorpus': the base corpus's held-out files. */
  files: 'workspace' | 'baseCorpus';
  /** Which figure `bpc` is: the whole stack's when it was measured, else the network's; 'none' when not validated. */
  measured: 'stack' | 'network' | 'none';
  /** Validation bits per character of what `measured` says (NaN when none). */
  bpc: number;
  /** The network alone at the same validation (NaN when not measured). */
  networkBpc: number;
  /** The step of that validation. */
  step: number | undefined;
  /** Held-out files, when known. */
  heldOutFiles: number | undefined;
  /** Baselines on the same files, best first (the context models alone are part of the stack, not a baseline here). */
  comparisons: Comparison[];
  level: ScoreLevel;
  /** A workspace model's score before this workspace's training, and the change (undefined when not measured). */
  effect: TrainingEffect | undefined;
}

/** Close enough to call the same, in bits per character. */
const SAME_BPC = 0.005;

/** The validation of the model in use: the best one by the stack's score (the network's without a stack), as the trainer picks its best checkpoint. */
export function bestEvaluation(evals: readonly EvalPoint[]): EvalPoint | undefined {
  let best: EvalPoint | undefined;
  for (const p of evals) if (Number.isFinite(selectionBpc(p)) && (!best || selectionBpc(p) < selectionBpc(best))) best = p;
  return best;
}

export function selectionBpc(p: EvalPoint): number {
  return p.mixBpc !== undefined && Number.isFinite(p.mixBpc) ? p.mixBpc : p.valBpc;
}

/**
 * The score of the model in use. A workspace model counts only this workspace's validations
 * (the runs from the one that started from the base model); the base model's are the base
 * corpus's, and so are its baselines.
 */
export function modelScore(history: Pick<MetricsHistory, 'runs' | 'train' | 'eval' | 'baselines' | 'startEval'>, origin: ModelOrigin, heldOutFiles?: number): ModelScore {
  const files = origin === 'workspace' ? 'workspace' : 'baseCorpus';
  const scope = workspaceScope(history);
  const evals = origin === 'workspace' ? history.eval.filter((p) => isWorkspaceRun(scope, p.run)) : history.eval;
  const point = bestEvaluation(evals);
  const networkBpc = point && Number.isFinite(point.valBpc) ? point.valBpc : NaN;
  const measured = !point ? 'none' : point.mixBpc !== undefined && Number.isFinite(point.mixBpc) ? 'stack' : 'network';
  const bpc = point ? selectionBpc(point) : NaN;
  const comparisons = history.baselines
    .filter((b) => Number.isFinite(b.bpc) && b.name !== CONTEXT_ONLY_BASELINE)
    .sort((a, b) => a.bpc - b.bpc)
    .map((b) => compare(b, bpc));
  const effect = origin === 'workspace' ? trainingEffect(history, point) : undefined;
  return { origin, files, measured, bpc, networkBpc, step: point?.step, heldOutFiles, comparisons, level: levelOf(bpc, comparisons), effect };
}

function compare(b: BaselineScore, bpc: number): Comparison {
  const model = Math.abs(bpc - b.bpc) < SAME_BPC ? 'same' : bpc < b.bpc ? 'better' : 'worse';
  return { name: b.name, short: shortBaselineName(b.name), bpc: b.bpc, model };
}

function levelOf(bpc: number, comparisons: readonly Comparison[]): ScoreLevel {
  if (!Number.isFinite(bpc) || comparisons.length === 0) return 'unknown';
  if (comparisons.every((c) => c.model === 'better')) return 'ahead';
  if (comparisons.some((c) => c.model !== 'worse')) return 'between';
  return 'behind';
}

/** "brotli (max quality)" -> "brotli"; "4-gram bytes (Witten-Bell)" -> "a 4-gram model". */
export function shortBaselineName(name: string): string {
  if (/^brotli/.test(name)) return 'brotli';
  const gram = /^(\d+)-gram/.exec(name);
  if (gram) return `a ${gram[1]}-gram model`;
  return name.replace(/\s*\(.*\)$/, '');
}
