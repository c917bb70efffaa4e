// What a training run is given (runTraining, trainer.ts): the model or the checkpoint to
// continue, the text, the checkpoint files, the backend that computes, and where to report.
import type { BaseModelInfo, Checkpoint, CorpusSummary } from '../model/checkpoint';
import type { ModelConfig, TrainConfig } from '../model/config';
import type { StackSizes } from '../predict/predictorStack';
import type { BaselineScore } from '../../shared/metrics';
import type { TrainingEvent } from '../../shared/trainingEvents';
import type { TrainingBackend } from './backend';

export interface TrainingInput {
  /** What computes the steps and the validation (chosen by the entry point: ./chooseBackend.ts). */
  backend: TrainingBackend;
  model: ModelConfig;
  train: TrainConfig;
  /** Continue this checkpoint (normally the latest one) instead of starting fresh. */
  resume?: Checkpoint;
  /**
   * `resume` is a base model this run fine-tunes (not an earlier run on this corpus): its
   * history is kept (this run is marked as starting from it), but its validation scores,
   * measured on other text, do not count toward the best checkpoint; every checkpoint
   * written records the base.
   */
  fromBase?: BaseModelInfo;
  /** Training and validation text: files joined by the separator byte 0x00. */
  trainBytes: Uint8Array;
  validationBytes: Uint8Array;
  /** The language code of each joined file (Corpus.trainLanguages / validationLanguages): given, the context models tell languages apart. */
  languages?: { train: readonly number[]; validation: readonly number[] };
  corpus: CorpusSummary;
  /** Reference models' scores on the validation bytes, stored in the metrics. */
  baselines?: BaselineScore[];
  bestCheckpointPath: string;
  latestCheckpointPath: string;
  /** Polled between steps; true ends the run within about a second. */
  shouldStop(): boolean;
  onEvent(event: TrainingEvent): void;
  /** Log a TrainPoint (and emit a step event) every N steps. Default 5. */
  logEvery?: number;
  /** Bytes of validation text scored per evaluation (evenly spaced windows). Default 32 KiB: about 5% of the training time at evalEvery = 100 on the default model. */
  evalMaxBytes?: number;
  /**
   * Build the prediction stack's context models from the training files before training,
   * score the whole stack at every evaluation, and save it with the best checkpoint
   * (../predict/). Absent: the network alone.
   */
  context?: { sizes: StackSizes };
}
