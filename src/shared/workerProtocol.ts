// The messages between the extension (parent) and the training process (child), both ways.
// Sent over child_process IPC with serialization 'advanced' (structured clone, see
// src/editor/training/trainingProcess.ts): plain data, typed arrays, and NaN, which JSON
// would turn into null (a score not measured yet is NaN). No functions, no class instances.
import type { ModelConfig, TrainConfig } from './modelConfig';
import type { CorpusSummary } from './corpus';
import type { BaselineScore } from './metrics';
import type { TrainingEvent } from './trainingEvents';
import type { CorpusOptions } from './corpus';

export interface StartRequest {
  /** Model for a fresh start (a resumed run keeps the checkpoint's). */
  model: ModelConfig;
  train: TrainConfig;
  /** Ignore the latest checkpoint and start a new model. */
  fresh: boolean;
  /** With no latest checkpoint (and not fresh): fine-tune this base model instead of starting from scratch. */
  baseModel?: string;
  bestCheckpointPath: string;
  latestCheckpointPath: string;
  /** Workspace folders to read, and how. */
  roots: string[];
  corpus: CorpusOptions;
  /** Memory for the context models built with the network, in MB (0: the network alone). */
  contextMemoryMB: number;
}

/** The base model with context models of the workspace's files and its weighing refitted on them (src/core/index/workspaceIndex.ts): no training, no tfjs. */
export interface IndexRequest {
  baseModel: string;
  /** Where to write the result (a checkpoint). */
  out: string;
  roots: string[];
  corpus: CorpusOptions;
  /** Memory for the context models, in MB. */
  contextMemoryMB: number;
}

/** The job a process is started for: one per process. */
export type JobMessage = { type: 'start'; request: StartRequest } | { type: 'index'; request: IndexRequest };

export type ParentMessage = JobMessage | { type: 'stop' };

/** Why the run failed, so the parent can offer the right way out. */
export type WorkerErrorKind = 'corpus' | 'checkpoint' | 'training' | 'locked';

export type WorkerMessage =
  /** The process is up and waits for `start`. */
  | { type: 'ready'; pid: number }
  | { type: 'corpus'; summary: CorpusSummary; baselines: BaselineScore[]; warnings: string[]; skipped: Record<string, number>; resumedFromStep: number | undefined }
  | { type: 'event'; event: TrainingEvent }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  /** Something the user should see now, not only in the log (e.g. a shape setting that does not apply to the continued model). */
  | { type: 'notice'; message: string }
  /** An index job wrote its checkpoint. */
  | { type: 'indexed'; file: string; files: number; bytes: number; seconds: number }
  /** The run failed; `file` names the checkpoint for kinds 'checkpoint' and 'locked'. The process exits after this. */
  | { type: 'error'; kind: WorkerErrorKind; message: string; file?: string };

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function isParentMessage(value: unknown): value is ParentMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'start' || type === 'index' || type === 'stop';
}
