// What the status bar shows of the loaded model: its origin, step and score (shared/present/). Pure.
import type { MetricsHistory } from '../../shared/metrics';
import { type ModelScore, modelScore } from '../../shared/present/modelScore';
import type { ModelOrigin } from '../../shared/modelOrigin';
import { workspaceScope } from '../../shared/present/workspaceHistory';

export interface CheckpointSummary {
  origin: ModelOrigin;
  /** Training steps over all runs (the base model's included). */
  step: number;
  /** Steps trained on this workspace (origin 'workspace'; else 0). */
  workspaceSteps: number;
  score: ModelScore;
}

export function checkpointSummary(info: { step: number; metrics: MetricsHistory; corpus?: { validationFiles: number } }, origin: ModelOrigin): CheckpointSummary {
  const workspaceSteps = origin === 'workspace' ? Math.max(0, info.step - workspaceScope(info.metrics).startStep) : 0;
  return { origin, step: info.step, workspaceSteps, score: modelScore(info.metrics, origin, origin === 'workspace' ? info.corpus?.validationFiles : undefined) };
}
