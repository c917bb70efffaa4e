// The checkpoint's data types: what a checkpoint holds once read (Checkpoint), its tensor
// entries and sections. The file format and its reading live in ./checkpoint.ts and its
// helpers (checkpointBytes.ts, checkpointSchema.ts), which all import these.
import type { CorpusSummary } from '../../shared/corpus';
import type { MetricsHistory } from '../../shared/metrics';
import type { ModelConfig, TrainConfig } from './config';
import type { Weights } from './weights';
import type { CheckpointSection } from '../tensorSection';

export type { CheckpointSection, TensorData } from '../tensorSection';

/** 'verified': every byte checksummed (version 3); 'headerUnchecked': the tensors only (version 2); 'unchecked': nothing (version 1). */
export type CheckpointIntegrity = 'verified' | 'headerUnchecked' | 'unchecked';

export type TensorDtype = 'float32' | 'uint8' | 'uint16' | 'int32';

export interface TensorEntry {
  name: string;
  shape: number[];
  /** Absent in version 1 (float32). */
  dtype?: TensorDtype;
  /** Bytes stored in the file (version 2). */
  bytes?: number;
  encoding?: 'deflate';
  /** crc32 of the stored bytes (version 2). */
  crc32?: number;
}

export interface AdamState {
  /** Adam's step counter t (bias correction). */
  step: number;
  /** First and second moment estimates, one per weight, same shapes. */
  m: Weights;
  v: Weights;
}

/** The base model a checkpoint was fine-tuned from. */
export interface BaseModelInfo {
  /** The base model's name (e.g. "recur-base"). */
  name: string;
  /** Its training step when this model started from it. */
  step: number;
  /** Characters it had been trained on. */
  charsSeen: number;
}

export interface Checkpoint {
  model: ModelConfig;
  train: TrainConfig;
  /** Training steps taken in total, over every run. */
  step: number;
  /** Characters (code points) trained on in total. */
  charsSeen: number;
  weights: Weights;
  optimizer?: AdamState;
  metrics: MetricsHistory;
  corpus?: CorpusSummary;
  /** ISO time the file was written. */
  savedAt?: string;
  /** The context statistics and mixer that go with the network (absent: the LSTM alone). */
  context?: CheckpointSection;
  /** The base model this one continued from, if any. */
  base?: BaseModelInfo;
  /** On reading: how much of the file a checksum covered (integrityNote words it). */
  integrity?: CheckpointIntegrity;
}
