// The extension's services and the interfaces between its parts. extension.ts builds
// them; each part gets what it needs from here, and the in-host tests reach them through
// the object activate() returns.
import type { BackendInfo } from '../shared/metrics';
import type { ModelScore } from '../shared/present/modelScore';
import type { TrainingPhase } from '../shared/trainingEvents';

/** Where this workspace's model lives: the workspace's extension storage. */
export interface ModelPaths {
  storageDir: string;
  /** The best checkpoint by validation loss: what completions and the panel use. */
  bestCheckpoint: string;
  /** The most recent checkpoint: what training resumes from. */
  latestCheckpoint: string;
  /** The base model shipped with the extension (models/base.recur): used until the workspace has its own. */
  baseModel: string;
  /** The workspace index (index/baseIndexer.ts, src/core/index/indexFile.ts): the base model's context models read from this workspace, used beside it while it belongs to it. */
  baseIndex: string;
}

/** The state of inline suggestions, shown in the status bar. */
export type SuggestionState = { kind: 'on' } | { kind: 'off' } | { kind: 'snoozed'; untilMs: number } | { kind: 'unavailable'; reason: string };

/** Why a suggestion shows or not in the active editor (the parts the suggestion state does not say). */
export type EditorSuggestionStatus =
  | { kind: 'noEditor' }
  /** Suggestions are off for the document's language (recur.completions.languages). */
  | { kind: 'languageOff'; languageId: string }
  /** Nothing asked for in this editor yet. */
  | { kind: 'waiting'; languageId: string }
  /** The last request showed a suggestion. */
  | { kind: 'shown'; languageId: string; acceptProbability: number }
  /** The last request found nothing likely enough to be accepted. */
  | { kind: 'lowConfidence'; languageId: string; threshold: number };

/** While stepping: what trains and how fast (the last logged step's chars/s). */
export interface TrainingSpeed {
  backend: BackendInfo;
  charsPerSec: number;
}

export type TrainingState =
  | { kind: 'idle' }
  /**
   * phase 'context': the context models are being built from the training files (before the
   * first step); fraction: of the run's budget used (never goes back), or of the context
   * models built; step: the last logged step, counted from this workspace's first run; score: the best validation on this workspace so
   * far (what the best checkpoint, the model suggestions use once written, scores); speed: while
   * stepping, what trains and its last logged chars/s.
   */
  | { kind: 'training'; phase: TrainingPhase; fraction: number; etaSec: number | undefined; step: number | undefined; score: ModelScore | undefined; speed?: TrainingSpeed }
  | { kind: 'failed'; message: string };

export interface StatusBarApi {
  setSuggestionState(state: SuggestionState): void;
  setEditorStatus(status: EditorSuggestionStatus): void;
}
