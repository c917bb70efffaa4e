// Learning rate: linear warmup over the first `warmupSteps` steps of a run, then cosine
// decay from learningRate to minLearningRateRatio * learningRate as the run's budget is
// used up (progress 0..1: the larger of the step and time fractions). Without any budget
// (maxSteps = maxMinutes = 0) the rate stays at its peak after warmup.
import type { TrainConfig } from '../model/config';

export function learningRateAt(config: TrainConfig, runStep: number, progress: number): number {
  const warmup = config.warmupSteps > 0 ? Math.min(1, (runStep + 1) / config.warmupSteps) : 1;
  const p = Math.min(1, Math.max(0, progress));
  const floor = config.minLearningRateRatio;
  const cosine = floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * p));
  return config.learningRate * warmup * cosine;
}

/** Share of the run's budget used, 0..1 (0 when there is no budget). */
export function budgetProgress(config: TrainConfig, runSteps: number, runSeconds: number): number {
  const bySteps = config.maxSteps > 0 ? runSteps / config.maxSteps : 0;
  const byTime = config.maxMinutes > 0 ? runSeconds / (config.maxMinutes * 60) : 0;
  return Math.min(1, Math.max(bySteps, byTime));
}
