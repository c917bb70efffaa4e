// The extension's services and the interfaces between its parts. extension.ts builds
// them; each part gets what it needs from here, and the in-host tests reach them through
// the object activate() returns.
import type * as vscode from 'vscode';
import type { TrainingEvent } from '../core/train/events';

/** Where this workspace's model lives: the workspace's extension storage. */
export interface ModelPaths {
  storageDir: string;
  /** The best checkpoint by validation loss: what completions and the panel use. */
  bestCheckpoint: string;
  /** The most recent checkpoint: what training resumes from. */
  latestCheckpoint: string;
  /** The base model shipped with the extension (models/base.recur): used until the workspace has its own. */
  baseModel: string;
}

/** The state of inline suggestions, shown in the status bar. */
export type SuggestionState =
  | { kind: 'on' }
  | { kind: 'off' }
  | { kind: 'snoozed'; untilMs: number }
  | { kind: 'unavailable'; reason: string };

export type TrainingState =
  | { kind: 'idle' }
  | { kind: 'training'; fraction: number; valPerplexity: number | undefined }
  | { kind: 'failed'; message: string };

export interface TrainingControllerApi {
  readonly state: TrainingState;
  readonly onEvent: vscode.Event<TrainingEvent>;
  readonly onStateChange: vscode.Event<TrainingState>;
}

export interface StatusBarApi {
  setSuggestionState(state: SuggestionState): void;
}
