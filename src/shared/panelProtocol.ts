// The model panel's message protocol: the one definition both sides use.
//   HostMessage      extension host -> webview (media/panel/), checked with isHostMessage
//   WebviewMessage   webview -> extension host, checked with parseWebviewMessage (the host
//                    treats everything from the webview as untrusted input)
// (What the webview keeps with setState is in panelViewState.ts.)
// Typed arrays cross as they are (VS Code transfers their buffers); every array sent owns its
// buffer. Pure: no vscode, no DOM, no Node.
import type { IndexSummary } from './indexSummary';
import type { CorpusSummary } from './corpus';
import type { CellType, ModelConfig, TrainConfig } from './modelConfig';
import type { EvalPoint, MetricsHistory, StartEvalPoint, TrainPoint } from './metrics';
import type { TrainingPhase } from './trainingEvents';
import type { ModelOrigin } from './modelOrigin';

export const PANEL_VIEW_TYPE = 'recur.modelPanel';

/** Limits the host enforces on requests from the webview. */
export const LIMITS = {
  sampleMaxLength: 2000,
  primeMaxLength: 4000,
  temperatureMax: 2,
  seedMax: 0xffffffff,
  layerMax: 3,
  repetitionPenaltyMax: 3,
} as const;

export type StateKind = 'h' | 'c';

// ---------------------------------------------------------------- host -> webview

export interface ModelInfo {
  /** The checkpoint file in use. */
  file: string;
  model: ModelConfig;
  /** Training steps over all runs. */
  step: number;
  parameters: number;
  savedAt: string | undefined;
  /** 'base' / 'baseReadWorkspace': the base model shipped with Recur (no workspace model yet), bare or with this workspace read into its context models. */
  origin?: ModelOrigin;
  /** The model carries context models (a prediction stack). */
  hasStack?: boolean;
  /** Steps trained on this workspace (origin 'workspace': from its first run; a model fine-tuned from the base model has more steps in all). */
  workspaceSteps?: number;
  /** The base model with the workspace index: what the index holds and what it left out. */
  index?: IndexSummary;
}

export type ModelStatus =
  /** budgetMinutes: recur.training.maxMinutes (0: no time limit), for the empty state. */
  { kind: 'none'; budgetMinutes?: number } | { kind: 'problem'; message: string } | { kind: 'ready'; info: ModelInfo };

export type TrainingStatus =
  | { kind: 'idle' }
  /** The same phase, fraction and time left as the status bar's (shared/present/progress.ts words them). */
  | { kind: 'training'; phase: TrainingPhase; fraction: number; etaSec: number | undefined }
  | { kind: 'failed'; message: string };

/** The model and training configuration behind the curves. */
export interface RunConfig {
  model: ModelConfig;
  train: TrainConfig;
  corpus: CorpusSummary | undefined;
  /** Steps and characters trained over all runs. */
  step: number;
  charsSeen: number;
  parameters: number;
}

/** One layer's state over a window. */
export interface LayerView {
  layer: number;
  kind: StateKind;
  units: number; // H
  chars: number; // C
  /** [C*H] row-major: row k = the state after character k. */
  values: Float32Array;
  /** [H] population variance of each unit over the window. */
  variance: Float32Array;
  /** [H] unit ids, highest variance first. */
  ranking: Int32Array;
  /** [H] largest |value| of each unit over the window. */
  maxAbs: Float32Array;
}

/** One gate's saturation over a window, per unit (src/core/panel/saturation.ts computes it). */
export interface SaturationSeries {
  /** "input", "forget", "output", "reset", "update", or "tanh h". */
  gate: string;
  lowLabel: string;
  highLabel: string;
  /** [H] fraction of steps below the low threshold. */
  low: Float32Array;
  /** [H] fraction of steps above the high threshold. */
  high: Float32Array;
}

/** The simple features of a text whose tracking units the activations view lists (src/core/panel/textFeatures.ts computes them). */
export const TEXT_FEATURES = [
  { id: 'string', label: 'inside a string', description: 'from an opening quote (\' " `) to its closing quote' },
  { id: 'comment', label: 'inside a comment', description: '// to the end of the line, /* ... */, # at the start of a line' },
  { id: 'depth', label: 'bracket depth', description: 'how many ( [ { are open (outside strings and comments)' },
  { id: 'indent', label: 'indentation', description: 'the leading whitespace of the current line, in columns (tab = 4)' },
  { id: 'column', label: 'position in the line', description: 'the column of the character, from 0' },
  { id: 'identStart', label: 'start of an identifier', description: 'the first character of a word or identifier' },
  { id: 'inWord', label: 'inside a word', description: 'a letter, digit, _ or $' },
  { id: 'afterNewline', label: 'after a newline', description: 'the line break itself: the next character starts a line' },
  { id: 'space', label: 'whitespace', description: 'a space or a tab' },
] as const;

export type TextFeatureId = (typeof TEXT_FEATURES)[number]['id'];

/** A unit of the network: layer, state kind and index. */
export interface UnitRef {
  layer: number;
  kind: StateKind;
  unit: number;
}

export interface UnitCorrelation extends UnitRef {
  /** Pearson correlation with the feature over the window, -1..1. */
  r: number;
}

export interface FeatureTrack {
  feature: TextFeatureId;
  /** The units with the largest |r|, best first (empty when the feature is constant over the window). */
  units: UnitCorrelation[];
}

export interface ActivationsPayload {
  /** Increases with every new window; layer views answer for one id. */
  id: number;
  /** File shown (workspace-relative path or name) and the window's lines, 1-based. */
  file: string;
  firstLine: number;
  lastLine: number;
  fromSelection: boolean;
  /** The selection was longer than the view takes. */
  truncated: boolean;
  /** The window's text. Characters = its code points (Array.from(text)). */
  text: string;
  chars: number; // C
  /** The cursor's character index in the window (0..C), or -1 when it is outside. */
  cursorChar: number;
  /** [C] -log2 p of each character under the model, in bits. */
  surprisal: Float32Array;
  cell: CellType;
  layers: number;
  hiddenSize: number;
  /** Checkpoint step of the model used. */
  modelStep: number;
  /** Per layer, per reported gate (LSTM input/forget/output, GRU reset/update, RNN tanh h). */
  saturation: SaturationSeries[][];
  /** The requested layer and state kind. */
  view: LayerView;
  /** The whole prediction stack's view of the window; undefined when the model has no stack (see stackMissing). */
  stack: StackWindow | undefined;
  /** Why there is no stack view (an older checkpoint without context models, or one this Recur cannot use). */
  stackMissing: string | undefined;
  /** Per simple feature of the text (inside a string, indentation...), the units that track it best. */
  tracks: FeatureTrack[];
  /** Set when the model has read this file (memory, not prediction); undefined when it has not, or it is not known. */
  memory?: FileMemory;
  computeMs: number;
}

/**
 * Whether the model has read the followed file's text: the context models of a model trained
 * on this workspace read every file of it (the held-out ones too, once validated), and the
 * base model's read them when it read the workspace. What carries such text (long contexts,
 * copies) is memory of the file, not prediction (src/core/panel/fileMemory.ts decides).
 */
export interface FileMemory {
  /** When the model's file was written (ISO time). */
  readAt: string;
  /** The network: trained on this file, held out of its training, or never trained on this workspace (the base model's); 'unknown' when the held-out files were not recorded. */
  network: 'trained' | 'heldOut' | 'never' | 'unknown';
  /** The file has changed since (edited after the model was written, or unsaved edits): the changes are new to the model. */
  changedSince: boolean;
}

export interface StackWindow {
  /** [C] -log2 p of each character under the whole stack, in bits. */
  surprisal: Float32Array;
  /** [C] the same under the network alone, as the stack read it. */
  networkSurprisal: Float32Array;
  /** [C] index into families of the predictor family that carried each character, or -1. */
  carriedBy: Int8Array;
  /** [families] share of the characters each family carried. */
  shares: Float32Array;
  /** The families' names (PREDICTOR_FAMILIES). */
  families: string[];
}

export type ActivationsEmptyReason = 'noEditor' | 'noModel' | 'emptyText';

export type SampleStopReason = 'length' | 'endOfFile' | 'repetition' | 'cancelled' | 'noModel' | 'error';

export interface SampleUpdate {
  id: number;
  /** The sampled text so far (not the prime). */
  text: string;
  /** [chars of text] surprisal of each sampled character under the untempered model, bits. */
  surprisal: Float32Array;
  done: boolean;
  stop: SampleStopReason | undefined;
  message: string | undefined;
  ms: number;
}

export type HostMessage =
  | { type: 'model'; status: ModelStatus }
  | { type: 'training'; status: TrainingStatus }
  /** The whole history (replaces what the webview has). config is undefined when nothing is known. */
  | { type: 'history'; history: MetricsHistory; config: RunConfig | undefined }
  /** Live points of the running training (appended). */
  | { type: 'trainPoint'; point: TrainPoint }
  | { type: 'evalPoint'; point: EvalPoint }
  /** The running training's validation before its first step (appended to history.startEval). */
  | { type: 'startEvalPoint'; point: StartEvalPoint }
  /** The configuration as the running training's latest checkpoint records it. */
  | { type: 'runConfig'; config: RunConfig }
  | { type: 'activations'; payload: ActivationsPayload }
  /** Another layer or state kind of the current window (answers selectLayer). */
  | { type: 'layerView'; id: number; view: LayerView }
  | { type: 'activationsBusy' }
  | { type: 'activationsEmpty'; reason: ActivationsEmptyReason; detail: string | undefined }
  | { type: 'sample'; update: SampleUpdate }
  /** The text before the editor's cursor (the last few lines), the playground's default prime. */
  | { type: 'cursorText'; text: string; file: string };

const HOST_TYPES = new Set<HostMessage['type']>([
  'model',
  'training',
  'history',
  'trainPoint',
  'evalPoint',
  'startEvalPoint',
  'runConfig',
  'activations',
  'layerView',
  'activationsBusy',
  'activationsEmpty',
  'sample',
  'cursorText',
]);

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isLayerView(value: unknown): value is LayerView {
  if (!isObject(value)) return false;
  const { units, chars, values, variance, ranking, maxAbs } = value;
  return (
    (value.kind === 'h' || value.kind === 'c') &&
    Number.isInteger(value.layer) &&
    Number.isInteger(units) &&
    Number.isInteger(chars) &&
    values instanceof Float32Array &&
    values.length === (units as number) * (chars as number) &&
    variance instanceof Float32Array &&
    variance.length === units &&
    ranking instanceof Int32Array &&
    ranking.length === units &&
    maxAbs instanceof Float32Array &&
    maxAbs.length === units
  );
}

function isStackWindow(value: unknown, chars: number): value is StackWindow {
  if (!isObject(value)) return false;
  const { surprisal, networkSurprisal, carriedBy, shares, families } = value;
  return (
    surprisal instanceof Float32Array &&
    surprisal.length === chars &&
    networkSurprisal instanceof Float32Array &&
    networkSurprisal.length === chars &&
    carriedBy instanceof Int8Array &&
    carriedBy.length === chars &&
    Array.isArray(families) &&
    families.every((f) => typeof f === 'string') &&
    shares instanceof Float32Array &&
    shares.length === families.length
  );
}

function isHistory(h: unknown): h is MetricsHistory {
  return isObject(h) && Array.isArray(h.runs) && Array.isArray(h.train) && Array.isArray(h.eval) && Array.isArray(h.baselines) && (h.startEval === undefined || Array.isArray(h.startEval));
}

/** Checks the shape a webview relies on (the host is trusted, but versions can differ after an update). */
export function isHostMessage(value: unknown): value is HostMessage {
  if (!isObject(value) || !HOST_TYPES.has(value.type as HostMessage['type'])) return false;
  switch (value.type as HostMessage['type']) {
    case 'model': {
      const s = value.status;
      return isObject(s) && (s.kind === 'none' || (s.kind === 'problem' && typeof s.message === 'string') || (s.kind === 'ready' && isObject(s.info) && isObject(s.info.model)));
    }
    case 'training': {
      const s = value.status;
      return (
        isObject(s) &&
        (s.kind === 'idle' ||
          (s.kind === 'training' && isFiniteNumber(s.fraction) && (s.phase === 'reading' || s.phase === 'context' || s.phase === 'stepping')) ||
          (s.kind === 'failed' && typeof s.message === 'string'))
      );
    }
    case 'history':
      return isHistory(value.history) && (value.config === undefined || isObject(value.config));
    // A NaN loss crosses as null (JSON): the point is still taken, and drawn as a gap.
    case 'trainPoint':
    case 'evalPoint':
    case 'startEvalPoint':
      return isObject(value.point) && isFiniteNumber(value.point.step) && isFiniteNumber(value.point.elapsedSec);
    case 'runConfig':
      return isObject(value.config) && isObject(value.config.model) && isObject(value.config.train);
    case 'activations': {
      const p = value.payload;
      return (
        isObject(p) &&
        Number.isInteger(p.id) &&
        typeof p.text === 'string' &&
        Number.isInteger(p.chars) &&
        p.surprisal instanceof Float32Array &&
        p.surprisal.length === p.chars &&
        Array.isArray(p.saturation) &&
        isLayerView(p.view) &&
        (p.view as LayerView).chars === p.chars &&
        (p.stack === undefined || isStackWindow(p.stack, p.chars as number)) &&
        Array.isArray(p.tracks)
      );
    }
    case 'layerView':
      return Number.isInteger(value.id) && isLayerView(value.view);
    case 'activationsBusy':
      return true;
    case 'activationsEmpty':
      return value.reason === 'noEditor' || value.reason === 'noModel' || value.reason === 'emptyText';
    case 'sample': {
      const u = value.update;
      return isObject(u) && Number.isInteger(u.id) && typeof u.text === 'string' && u.surprisal instanceof Float32Array && typeof u.done === 'boolean';
    }
    case 'cursorText':
      return typeof value.text === 'string' && typeof value.file === 'string';
  }
}

// ---------------------------------------------------------------- webview -> host

/** Commands the webview may ask the host to run (nothing else is run). */
export type PanelCommand = 'train' | 'stopTraining' | 'showLog';

export interface SampleRequestMessage {
  type: 'sample';
  id: number;
  prime: string;
  temperature: number;
  seed: number;
  /** Characters to draw. */
  length: number;
  /** Divides the odds of continuing a repeating pattern by this per repeat (1 = off). */
  repetitionPenalty: number;
}

export type WebviewMessage =
  /** The webview has loaded (also after being shown again or restored) and wants everything; with the layer it shows. */
  | { type: 'ready'; layer: number; kind: StateKind }
  | { type: 'selectLayer'; layer: number; kind: StateKind }
  | SampleRequestMessage
  | { type: 'cancelSample'; id: number }
  | { type: 'command'; command: PanelCommand }
  /** Recompute the activations now. */
  | { type: 'refresh' };

function isLayerChoice(layer: unknown, kind: unknown): boolean {
  return Number.isInteger(layer) && (layer as number) >= 0 && (layer as number) <= LIMITS.layerMax && (kind === 'h' || kind === 'c');
}

function isId(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= Number.MAX_SAFE_INTEGER;
}

/** A valid message from the webview, or undefined (anything malformed or out of range is dropped). */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isObject(value)) return undefined;
  switch (value.type) {
    case 'ready':
    case 'selectLayer':
      return isLayerChoice(value.layer, value.kind) ? { type: value.type, layer: value.layer as number, kind: value.kind as StateKind } : undefined;
    case 'sample': {
      const { id, prime, temperature, seed, length } = value;
      if (!isId(id) || typeof prime !== 'string' || prime.length > LIMITS.primeMaxLength) return undefined;
      if (!isFiniteNumber(temperature) || temperature < 0 || temperature > LIMITS.temperatureMax) return undefined;
      if (!Number.isInteger(seed) || (seed as number) < 0 || (seed as number) > LIMITS.seedMax) return undefined;
      if (!Number.isInteger(length) || (length as number) < 1 || (length as number) > LIMITS.sampleMaxLength) return undefined;
      const penalty = value.repetitionPenalty ?? 1;
      if (!isFiniteNumber(penalty) || penalty < 1 || penalty > LIMITS.repetitionPenaltyMax) return undefined;
      return { type: 'sample', id, prime, temperature, seed: seed as number, length: length as number, repetitionPenalty: penalty };
    }
    case 'cancelSample':
      return isId(value.id) ? { type: 'cancelSample', id: value.id } : undefined;
    case 'command':
      return value.command === 'train' || value.command === 'stopTraining' || value.command === 'showLog' ? { type: 'command', command: value.command } : undefined;
    case 'refresh':
      return { type: 'refresh' };
    default:
      return undefined;
  }
}
