// A training run's progress as every surface shows it (status bar, its tooltip, the progress
// notification, the panel's header): the percentage and the time left come from this one
// function, so they cannot disagree. Pure.
import { formatDuration, formatPercent } from './numbers';
import type { TrainingPhase } from '../trainingEvents';

export interface RunProgress {
  phase: TrainingPhase;
  /** Share of the run's budget used, 0..1 (while stepping); of the context models built (phase 'context'). */
  fraction: number;
  /** The trainer's estimate of the time left, in seconds (while stepping). */
  etaSec: number | undefined;
}

export interface ProgressWords {
  /** "43%" (stepping), else undefined. */
  percent: string | undefined;
  /** "about 3 min left", or undefined when not known. */
  timeLeft: string | undefined;
  /** The short form: "43% · about 3 min left", "reading the workspace", "building the context models 40%". */
  short: string;
}

export function progressWords(p: RunProgress): ProgressWords {
  if (p.phase === 'reading') return { percent: undefined, timeLeft: undefined, short: 'reading the workspace' };
  if (p.phase === 'context') return { percent: undefined, timeLeft: undefined, short: `building the context models ${formatPercent(p.fraction)}` };
  const percent = formatPercent(p.fraction);
  const timeLeft = p.etaSec !== undefined && Number.isFinite(p.etaSec) ? `about ${formatDuration(p.etaSec)} left` : undefined;
  return { percent, timeLeft, short: timeLeft ? `${percent} · ${timeLeft}` : percent };
}
