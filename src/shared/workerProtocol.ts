// The messages between the extension (parent) and the training process (child), both ways.
// Sent over child_process IPC with serialization 'advanced' (structured clone, see
// src/editor/training/trainingProcess.ts): plain data, typed arrays, and NaN, which JSON
// would turn into null (a score not measured yet is NaN). No functions, no class instances.
import type { ModelConfig, TrainConfig } from './modelConfig';
import type { CorpusSummary } from './corpus';
import type { BaselineScore } from './metrics';
import type { TrainingEvent } from './trainingEvents';
import type { CorpusOptions } from './corpus';
import type { IndexProgress, IndexSummary } from './indexSummary';

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

/** The workspace index: the base model's context models read from the workspace's most relevant files, saved and kept up to date (src/core/index/indexJob.ts): no training, no tfjs. */
export interface IndexRequest {
  baseModel: string;
  /** The saved index: read first (only changed files are read again), then written (src/core/index/indexFile.ts). */
  out: string;
  roots: string[];
  corpus: CorpusOptions;
  /** Exclude globs per folder, when they differ (default: corpus.excludeGlobs for every folder). */
  excludes?: string[][];
  /** Memory for the context models, in MB. */
  contextMemoryMB: number;
  /** Absolute paths of the files that matter now, best first: the active editor, the visible and open ones, then the recently edited ones. */
  focus?: string[];
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
  /** An index job's progress (at most a few a second). */
  | { type: 'indexProgress'; progress: IndexProgress }
  /**
   * An index job saved the index (phase 'first': the most relevant files only, 'full' follows;
   * 'update': the changed files learned into the saved one; written false: nothing changed).
   * files/bytes: what the index holds; filesRead/bytesRead: read from disk in this run.
   */
  | {
      type: 'indexed';
      file: string;
      files: number;
      bytes: number;
      seconds: number;
      phase?: 'first' | 'full' | 'update';
      written?: boolean;
      filesRead?: number;
      bytesRead?: number;
      filesKept?: number;
      summary?: IndexSummary;
      cpuSeconds?: number;
      peakRssBytes?: number;
    }
  /** The run failed; `file` names the checkpoint for kinds 'checkpoint' and 'locked'. The process exits after this. */
  | { type: 'error'; kind: WorkerErrorKind; message: string; file?: string };

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function isParentMessage(value: unknown): value is ParentMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'start' || type === 'index' || type === 'stop';
}
