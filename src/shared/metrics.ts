// The training history stored in every checkpoint and streamed to the panel.
// Losses are per character (Unicode code point), not per byte: see src/core/model/vocabulary.ts.
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
}

export function emptyMetrics(): MetricsHistory {
  return { runs: [], train: [], eval: [], baselines: [] };
}

/** Converts a summed negative log-likelihood in nats over `chars` characters to bits per character. */
export function bitsPerChar(totalNats: number, chars: number): number {
  return chars > 0 ? totalNats / Math.LN2 / chars : NaN;
}

/** Perplexity per character from bits per character: exp(mean NLL in nats) = 2^bpc. */
export function perplexityFromBpc(bpc: number): number {
  return Math.pow(2, bpc);
}
