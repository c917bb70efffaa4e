// What the status bar shows of the loaded model: its step and validation history. Pure.
import type { BaselineScore, EvalPoint, MetricsHistory } from '../../shared/metrics';

export interface CheckpointSummary {
  step: number;
  lastEval: EvalPoint | undefined;
  /** Best validation perplexity recorded, if any. */
  bestPerplexity: number | undefined;
  /** The history's validation points and baselines (for the verdict: shared/verdict.ts). */
  eval: EvalPoint[];
  baselines: BaselineScore[];
}

export function checkpointSummary(info: { step: number; metrics: MetricsHistory }): CheckpointSummary {
  const evals = info.metrics.eval.filter((p) => Number.isFinite(p.valPerplexity));
  const best = evals.reduce<number | undefined>((min, p) => (min === undefined || p.valPerplexity < min ? p.valPerplexity : min), undefined);
  return { step: info.step, lastEval: evals.at(-1), bestPerplexity: best, eval: info.metrics.eval, baselines: info.metrics.baselines };
}
