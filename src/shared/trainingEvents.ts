// What a training run reports while it runs: emitted by the trainer through a callback,
// sent from the training process to the extension, shown by the status bar and the panel.
import type { BackendInfo, EvalPoint, MetricsHistory, StartEvalPoint, TrainPoint } from './metrics';
import type { ModelConfig, TrainConfig } from './modelConfig';
import type { CorpusSummary } from './corpus';

/** What a training run is doing: reading the workspace, building the context models, or taking steps. */
export type TrainingPhase = 'reading' | 'context' | 'stepping';

/** What a run trains: the model (a continued one's own), its configuration and its corpus. */
export interface RunSetup {
  model: ModelConfig;
  train: TrainConfig;
  corpus: CorpusSummary | undefined;
}

export type TrainingEvent =
  /** The run has its data and model; history is what the checkpoint already held (with this run's RunInfo), charsSeen what it had trained on; backend what trains it. */
  | ({ kind: 'started'; run: number; startStep: number; charsSeen: number; history: MetricsHistory; trainBytes: number; validationBytes: number; parameters: number; backend: BackendInfo } & RunSetup)
  /** A logged step. `fraction` is the share of the run's budget (time or steps) used, 0..1. */
  | { kind: 'step'; point: TrainPoint; fraction: number; etaSec: number | undefined }
  /** The context models are being built from the training files (before the first step); `fraction` 0..1, then `done` with how long it took. */
  | { kind: 'context'; fraction: number; done: boolean; seconds: number; bytes: number }
  /** The model the run starts from, validated before the first step (once per run; `seconds`: what it took). */
  | { kind: 'startEval'; point: StartEvalPoint; seconds: number }
  | { kind: 'eval'; point: EvalPoint; best: boolean }
  /** A checkpoint file was written (atomically) and can be loaded; step and charsSeen are the ones it records. */
  | { kind: 'checkpoint'; path: string; step: number; charsSeen: number; best: boolean }
  | { kind: 'finished'; reason: TrainingStopReason; summary: TrainingSummary };

export type TrainingStopReason = 'budget' | 'plateau' | 'stopped' | 'steps';

export interface TrainingSummary {
  steps: number;
  chars: number;
  charsPerSec: number;
  trainBpc: number;
  valBpc: number;
  valPerplexity: number;
  bestValBpc: number;
  /** The whole stack's validation bits per character at the last evaluation, and its best (NaN without context models). */
  mixBpc: number;
  bestMixBpc: number;
}
