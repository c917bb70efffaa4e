// What the status bar needs from a checkpoint without loading its weights: the header only
// (a few kilobytes), read synchronously. Pure Node; undefined when there is no usable file.
import { readCheckpointInfo } from '../../core/model/checkpoint';
import type { BaselineScore, EvalPoint } from '../../shared/metrics';

export interface CheckpointSummary {
  step: number;
  lastEval: EvalPoint | undefined;
  /** Best validation perplexity recorded, if any. */
  bestPerplexity: number | undefined;
  /** The history's validation points and baselines (for the verdict: shared/verdict.ts). */
  eval: EvalPoint[];
  baselines: BaselineScore[];
}

export function readCheckpointSummary(file: string): CheckpointSummary | undefined {
  const info = readCheckpointInfo(file);
  if (!info) return undefined;
  const evals = info.metrics.eval.filter((p) => Number.isFinite(p.valPerplexity));
  const best = evals.reduce<number | undefined>((min, p) => (min === undefined || p.valPerplexity < min ? p.valPerplexity : min), undefined);
  return { step: info.step, lastEval: evals.at(-1), bestPerplexity: best, eval: info.metrics.eval, baselines: info.metrics.baselines };
}
