// What a training run writes to the output channel, and the message that tells its result at
// the end. Pure: the run's reducer (runState.ts) decides when each is said.
import type { StartRequest } from '../../shared/workerProtocol';
import type { TrainingStopReason, TrainingSummary } from '../../shared/trainingEvents';
import type { EvalPoint, MetricsHistory } from '../../shared/metrics';
import { modelVerdict } from '../../shared/verdict';
import { formatCount, formatDuration } from './progressText';

/** "training a fresh model on /ws (2 thread(s)); log: /storage/training.log" */
export function runStartLine(request: Pick<StartRequest, 'fresh' | 'roots'>, threads: number, logFile: string): string {
  return `training ${request.fresh ? 'a fresh model' : 'from the latest checkpoint if there is one'} on ${request.roots.join(', ')} (${threads} thread(s)); log: ${logFile}`;
}

export function contextBuiltLine(bytes: number, seconds: number): string {
  return `context models built from ${formatCount(bytes)} bytes in ${seconds.toFixed(1)} s`;
}

/** A validation: the network alone, then the whole stack (`stackPerplexity`) when it was measured. */
export function evalLine(point: EvalPoint, best: boolean, stackPerplexity: number): string {
  const mix = hasStackScore(point) ? `; with the context models ${fixed(point.mixBpc, 3)} bpc, perplexity ${fixed(stackPerplexity, 2)}` : '';
  return `step ${point.step}: validation ${fixed(point.valBpc, 3)} bpc, perplexity ${fixed(point.valPerplexity, 2)} (the network alone)${mix}${best ? ' (best so far)' : ''}`;
}

/** The `finished` event's figures; `speeds` are the run's logged speeds while stepping. */
export function finishedLine(reason: TrainingStopReason, summary: TrainingSummary, speeds: readonly number[]): string {
  // The same speed the panel shows: the mean of this run's logged steps (the summary's counts the whole run, validation and context models included).
  const stepping = meanSpeed(speeds);
  const whileStepping = Number.isFinite(stepping) ? `${Math.round(stepping)} chars/s while stepping (` : '(';
  return `training finished (${reason}): ${summary.steps} steps, ${whileStepping}${Math.round(summary.charsPerSec)} chars/s over the whole run, validation included), validation ${fixed(summary.valBpc, 3)} bpc`;
}

const REASON_TEXT: Record<TrainingStopReason, string> = {
  budget: 'used its time budget',
  steps: 'reached its step budget',
  plateau: 'stopped improving',
  stopped: 'was stopped',
};

/** "Recur: training finished after 3m (used its time budget). Validation perplexity 10.7: not yet useful, worse than brotli 3.07 on the same files. Train longer: ..." */
export function endOfTrainingMessage(reason: TrainingStopReason, summary: TrainingSummary, history: Pick<MetricsHistory, 'eval' | 'baselines'>, seconds: number, maxMinutes: number): string {
  const verdict = modelVerdict(history, { origin: 'workspace', maxMinutes });
  const steps = summary.steps > 0 ? `, ${formatCount(summary.steps)} steps` : '';
  const head = `Recur: training ${REASON_TEXT[reason]} after ${formatDuration(seconds) ?? '?'}${steps}.`;
  if (verdict.level === 'unknown' && !Number.isFinite(verdict.bpc)) return `${head} ${summary.steps > 0 ? 'No validation yet: the model is kept as it is.' : 'The last good model is kept.'}`;
  return [head, verdict.summary, verdict.advice].filter(Boolean).join(' ');
}

/** Whether the whole stack (network and context models) was measured at this validation. */
export function hasStackScore(point: EvalPoint): point is EvalPoint & { mixBpc: number } {
  return point.mixBpc !== undefined && Number.isFinite(point.mixBpc);
}

/** Mean of logged speeds (characters per second while stepping); NaN when none. The panel's "Speed" is the same figure. */
function meanSpeed(speeds: readonly number[]): number {
  const finite = speeds.filter((s) => Number.isFinite(s) && s > 0);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
}

function fixed(value: number | null | undefined, digits: number): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}
