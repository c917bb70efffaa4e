// The training history stored in every checkpoint and streamed to the panel.
// Losses are per character (Unicode code point), not per byte: see src/core/vocabulary.ts.
// Shared: the checkpoint stores it, the trainer reports it, the host and the webview show it.

/** One training run: a "Train on Workspace" or `recur train` invocation. */
export interface RunInfo {
  run: number;
  startedAt: string;
  /** Step the run started from (0 for a fresh model). */
  startStep: number;
  cell: string;
  hiddenSize: number;
  layers: number;
  /** Set on the run that started from a base model (its name): the history before it is the base model's own. */
  fromBase?: string;
  /** What trained the run. Absent in checkpoints written before it was recorded. */
  backend?: BackendInfo;
}

/** A training backend (src/core/train/backend.ts) as people are told about it. */
export interface BackendInfo {
  /** 'tensorflow' (tfjs-node) or 'wasm' (the portable WebAssembly backend). */
  name: string;
  /** One line: a short name, then the details in parentheses, e.g. "tfjs-node (TensorFlow 2.21.0, 1 thread)". */
  description: string;
}

/** One logged training step (the trainer logs every few steps, not necessarily each). */
export interface TrainPoint {
  run: number;
  step: number;
  /** Seconds of training time since the model was created, summed over runs. */
  elapsedSec: number;
  /** Bits per character on this step's batch. */
  bpc: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** Whether this step's gradient was scaled down by clipping. */
  clipped: boolean;
  /** Steps since the previous logged point (this one included), and how many of them were clipped.
   *  Absent in checkpoints written before they were recorded: count the point alone then. */
  windowSteps?: number;
  clippedSteps?: number;
  learningRate: number;
  charsPerSec: number;
}

/** One validation pass. */
export interface EvalPoint {
  run: number;
  step: number;
  elapsedSec: number;
  /** Bits per character on the validation files. perplexity = 2^bpc. */
  valBpc: number;
  valPerplexity: number;
  /** The training bits per character averaged since the previous evaluation. */
  trainBpc: number;
  /** Bits per character of the whole prediction stack (network + context models, mixed) on
   *  the same validation text, the mixer learning as it reads. Absent without context models. */
  mixBpc?: number;
}

/**
 * A validation of the model a run starts from, before its first step: the same held-out
 * text, windows and stack as the run's validations (EvalPoint), so it is what the run's
 * training is measured against. One per run; for the run that fine-tunes the base model, the
 * base model's score on this workspace (its context models having read the training files).
 */
export interface StartEvalPoint {
  run: number;
  /** The run's start step. */
  step: number;
  elapsedSec: number;
  /** The network alone, bits per character. */
  valBpc: number;
  /** The whole stack (network and context models, mixed); absent without context models. */
  mixBpc?: number;
}

/** Name of the baseline that is the context models without the network (the stack's other half). */
export const CONTEXT_ONLY_BASELINE = 'context models alone (no network)';

/** A simple reference model's score on the same validation files. */
export interface BaselineScore {
  name: string;
  bpc: number;
}

export interface MetricsHistory {
  runs: RunInfo[];
  train: TrainPoint[];
  eval: EvalPoint[];
  baselines: BaselineScore[];
  /** Each run's validation before its first step. Absent in histories written before it was recorded. */
  startEval?: StartEvalPoint[];
}

export function emptyMetrics(): MetricsHistory {
  return { runs: [], train: [], eval: [], baselines: [], startEval: [] };
}

/** Converts a summed negative log-likelihood in nats over `chars` characters to bits per character. */
export function bitsPerChar(totalNats: number, chars: number): number {
  return chars > 0 ? totalNats / Math.LN2 / chars : NaN;
}

/** Perplexity per character from bits per character: exp(mean NLL in nats) = 2^bpc. */
export function perplexityFromBpc(bpc: number): number {
  return Math.pow(2, bpc);
}

/**
 * The largest finite value, or `start` when there is none. A loop, not Math.max(...values):
 * spreading a long history (over about 120,000 points) into arguments overflows the stack.
 */
export function maxFinite(values: Iterable<number>, start = -Infinity): number {
  let best = start;
  for (const v of values) if (Number.isFinite(v) && v > best) best = v;
  return best;
}

/** The q-quantile (0..1) of the values, nearest rank; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : NaN;
}

/** The smallest finite value, or `start` when there is none (a loop: see maxFinite). */
export function minFinite(values: Iterable<number>, start = Infinity): number {
  let best = start;
  for (const v of values) if (Number.isFinite(v) && v < best) best = v;
  return best;
}

/**
 * The most logged training steps a history shown by the editor holds: a chart has about a
 * thousand pixels across, and every point sent from the training process or the checkpoint
 * thread to the extension host is rebuilt there on the editor's thread (a 200,000-point history
 * took seconds). The checkpoint keeps every point.
 */
export const MAX_SHOWN_TRAIN_POINTS = 10_000;

/**
 * The history with its training points merged into at most about `max` (never across runs;
 * the last point kept as it is): each merged point ends where its last one does, averages bpc
 * (weighted by steps) and speed, keeps the largest gradient norm and counts the steps and the
 * clipped steps of all of them. Validation points, runs and baselines are kept whole.
 */
export function thinHistory(metrics: MetricsHistory, max = MAX_SHOWN_TRAIN_POINTS): MetricsHistory {
  if (metrics.train.length <= max) return metrics;
  const size = Math.ceil(metrics.train.length / Math.max(1, max - 1));
  const train: TrainPoint[] = [];
  let group: TrainPoint[] = [];
  const last = metrics.train.length - 1;
  for (let i = 0; i < last; i++) {
    const p = metrics.train[i];
    if (group.length === size || (group.length > 0 && group[0].run !== p.run)) {
      train.push(mergeTrainPoints(group));
      group = [];
    }
    group.push(p);
  }
  if (group.length) train.push(mergeTrainPoints(group));
  train.push(metrics.train[last]);
  return { ...metrics, train };
}

function mergeTrainPoints(group: readonly TrainPoint[]): TrainPoint {
  const end = group[group.length - 1];
  let steps = 0;
  let clippedSteps = 0;
  let bpc = 0;
  let bpcSteps = 0;
  let speed = 0;
  let speeds = 0;
  let gradNorm = -Infinity;
  for (const p of group) {
    const n = p.windowSteps ?? 1;
    steps += n;
    clippedSteps += p.clippedSteps ?? (p.clipped ? 1 : 0);
    if (Number.isFinite(p.bpc)) {
      bpc += p.bpc * n;
      bpcSteps += n;
    }
    if (Number.isFinite(p.charsPerSec)) {
      speed += p.charsPerSec;
      speeds++;
    }
    if (Number.isFinite(p.gradNorm) && p.gradNorm > gradNorm) gradNorm = p.gradNorm;
  }
  return {
    ...end,
    bpc: bpcSteps ? bpc / bpcSteps : end.bpc,
    charsPerSec: speeds ? speed / speeds : end.charsPerSec,
    gradNorm: Number.isFinite(gradNorm) ? gradNorm : end.gradNorm,
    clipped: clippedSteps > 0,
    windowSteps: steps,
    clippedSteps,
  };
}
