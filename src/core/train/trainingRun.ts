// Where a training run stands (trainer.ts): its steps and characters (this run's and all
// runs'), the windows its logged points and its evaluations average over, and the best and
// last scores. Bookkeeping only: the trainer updates it, step by step, and reads it.
import type { ModelConfig } from '../model/config';
import { bitsPerChar, emptyMetrics, type EvalPoint, maxFinite, type MetricsHistory, minFinite, type StartEvalPoint } from '../../shared/metrics';
import type { TrainingStopReason } from '../../shared/trainingEvents';
import type { TrainingInput } from './trainingInput';

/** Nats and characters summed over a window of steps, and how many of them were clipped. */
export class LossWindow {
  nats = 0;
  chars = 0;
  steps = 0;
  clipped = 0;
  /** When the window began (for characters per second). */
  started = Date.now();

  add(nats: number, chars: number, clipped: boolean): void {
    this.nats += nats;
    this.chars += chars;
    this.steps++;
    if (clipped) this.clipped++;
  }

  bpc(): number {
    return bitsPerChar(this.nats, this.chars);
  }

  reset(now = Date.now()): void {
    this.nats = 0;
    this.chars = 0;
    this.steps = 0;
    this.clipped = 0;
    this.started = now;
  }
}

export class TrainingRun {
  /** The history: the checkpoint's (continued) with this run's entry added; saved in every checkpoint. */
  readonly metrics: MetricsHistory;
  /** This run's number in the history (1 for a new model). */
  readonly number: number;
  readonly startStep: number;
  readonly logEvery: number;
  readonly evalEvery: number;
  readonly evalMaxBytes: number;
  /** Steps and characters over all runs (what checkpoints record)... */
  step: number;
  charsSeen: number;
  /** ...and in this run. */
  steps = 0;
  chars = 0;
  stepsSinceEval = 0;
  /** Since the last logged point, and since the last evaluation. */
  readonly log = new LossWindow();
  readonly sinceEval = new LossWindow();
  lastTrainBpc = NaN;
  lastValBpc = NaN;
  lastMixBpc = NaN;
  /** The best scores among this corpus's evaluations (a fine-tuned base model's, on other text, do not count). */
  bestValBpc: number;
  bestMixBpc: number;
  private bestScore: number;
  evalsWithoutImprovement = 0;
  reason: TrainingStopReason | undefined;
  /** Seconds the earlier runs trained: this run's points continue from there. */
  private readonly elapsedBefore: number;
  private startedAt = Date.now();

  constructor(input: TrainingInput, config: ModelConfig) {
    const { resume } = input;
    this.logEvery = Math.max(1, input.logEvery ?? 5);
    this.evalEvery = Math.max(1, input.train.evalEvery);
    this.evalMaxBytes = input.evalMaxBytes ?? 32 * 1024;
    // New lists over the same points (points are never changed once logged): a structured
    // clone of a 200,000-point history takes seconds.
    this.metrics = resume
      ? {
          runs: resume.metrics.runs.slice(),
          train: resume.metrics.train.slice(),
          eval: resume.metrics.eval.slice(),
          baselines: resume.metrics.baselines.slice(),
          startEval: (resume.metrics.startEval ?? []).slice(),
        }
      : emptyMetrics();
    if (input.baselines) this.metrics.baselines = input.baselines;
    this.number = this.metrics.runs.reduce((max, r) => Math.max(max, r.run), 0) + 1;
    this.startStep = this.step = resume?.step ?? 0;
    this.charsSeen = resume?.charsSeen ?? 0;
    this.metrics.runs.push({
      run: this.number,
      startedAt: new Date().toISOString(),
      startStep: this.startStep,
      cell: config.cell,
      hiddenSize: config.hiddenSize,
      layers: config.layers,
      ...(input.fromBase ? { fromBase: input.fromBase.name } : {}),
      backend: { name: input.backend.name, description: input.backend.description },
    });
    const comparable = input.fromBase ? [] : evalsOnThisCorpus(this.metrics);
    this.elapsedBefore = Math.max(
      maxFinite(
        this.metrics.train.map((p) => p.elapsedSec),
        0,
      ),
      maxFinite(
        this.metrics.eval.map((p) => p.elapsedSec),
        0,
      ),
    );
    this.bestValBpc = minFinite(comparable.map((p) => p.valBpc));
    this.bestScore = minFinite(comparable.map(selectionScore));
    this.bestMixBpc = minFinite(comparable.map((p) => p.mixBpc ?? NaN));
  }

  /** The run's clock (its time budget, its points' elapsed time) starts now. */
  startClock(): void {
    this.startedAt = Date.now();
    this.log.reset(this.startedAt);
  }

  /** Seconds since startClock(). */
  seconds(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  /** Seconds over all runs, for the points of the history. */
  elapsed(): number {
    return this.elapsedBefore + this.seconds();
  }

  /** A step taken: `nats` summed over its positions, `chars` the characters it predicted. */
  countStep(nats: number, chars: number, clipped: boolean): void {
    this.step++;
    this.steps++;
    this.stepsSinceEval++;
    this.charsSeen += chars;
    this.chars += chars;
    this.log.add(nats, chars, clipped);
    this.sinceEval.add(nats, chars, clipped);
  }

  /** Records the validation of the model the run starts from (before its first step and its clock): not a validation of training, so no best, no patience. */
  recordStartEval(valBpc: number, mixBpc: number | undefined): StartEvalPoint {
    const point: StartEvalPoint = { run: this.number, step: this.step, elapsedSec: this.elapsedBefore, valBpc, ...(mixBpc !== undefined ? { mixBpc } : {}) };
    (this.metrics.startEval ??= []).push(point);
    return point;
  }

  /** Records an evaluation; true when it is the best so far (its score: selectionScore, else the training bpc). */
  recordEval(point: EvalPoint): boolean {
    const selected = selectionScore(point);
    const score = Number.isFinite(selected) ? selected : point.trainBpc;
    const best = score < this.bestScore;
    this.metrics.eval.push(point);
    this.lastValBpc = point.valBpc;
    this.lastMixBpc = point.mixBpc ?? NaN;
    if (Number.isFinite(point.valBpc)) this.bestValBpc = Math.min(this.bestValBpc, point.valBpc);
    if (point.mixBpc !== undefined) this.bestMixBpc = Math.min(this.bestMixBpc, point.mixBpc);
    this.sinceEval.reset();
    this.stepsSinceEval = 0;
    if (best) {
      this.bestScore = score;
      this.evalsWithoutImprovement = 0;
    } else this.evalsWithoutImprovement++;
    return best;
  }
}

/** The evaluations since the last run that started from another model (its validation files are this corpus's; earlier ones scored other text). */
function evalsOnThisCorpus(metrics: MetricsHistory): EvalPoint[] {
  const firstRun = metrics.runs.reduce((first, r) => (r.fromBase !== undefined ? Math.max(first, r.run) : first), 0);
  return metrics.eval.filter((p) => p.run >= firstRun);
}

/** What decides the best checkpoint: the whole stack's validation score when there is one, else the network's. */
export function selectionScore(point: EvalPoint): number {
  return point.mixBpc !== undefined && Number.isFinite(point.mixBpc) ? point.mixBpc : point.valBpc;
}
