// What a training run writes to the output channel. Pure: the run's reducer (runState.ts)
// decides when each is said; the message that tells the result is shared/present/modelWords.ts's.
import type { StartRequest } from '../../shared/workerProtocol';
import type { TrainingStopReason, TrainingSummary } from '../../shared/trainingEvents';
import type { EvalPoint, StartEvalPoint } from '../../shared/metrics';
import { formatCount } from './progressText';

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

/** The validation before the run's first step (the figure training is measured against) and what it took. */
export function startEvalLine(point: StartEvalPoint, seconds: number): string {
  const mix = point.mixBpc !== undefined && Number.isFinite(point.mixBpc) ? `; with the context models ${fixed(point.mixBpc, 3)} bpc` : '';
  return `step ${point.step}, before training: validation ${fixed(point.valBpc, 3)} bpc (the network alone)${mix}; measured in ${seconds.toFixed(1)} s`;
}

/** The `finished` event's figures; `speeds` are the run's logged speeds while stepping. */
export function finishedLine(reason: TrainingStopReason, summary: TrainingSummary, speeds: readonly number[]): string {
  // The same speed the panel shows: the mean of this run's logged steps (the summary's counts the whole run, validation and context models included).
  const stepping = meanSpeed(speeds);
  const whileStepping = Number.isFinite(stepping) ? `${Math.round(stepping)} chars/s while stepping (` : '(';
  return `training finished (${reason}): ${summary.steps} steps, ${whileStepping}${Math.round(summary.charsPerSec)} chars/s over the whole run, validation included), validation ${fixed(summary.valBpc, 3)} bpc`;
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
