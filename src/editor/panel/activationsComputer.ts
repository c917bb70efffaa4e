// Computes the activations view for a window of the followed document: warms the model up on
// the text just before the window, traces the window (both in slices, so the extension host
// stays responsive), and condenses the trace per character. Keeps the last window's analysis
// so another layer or state kind is answered without running the model again. A newer
// request cancels an older one.
import * as vscode from 'vscode';
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileMemory } from '../../core/panel/fileMemory';
import type { ModelOrigin } from '../../shared/modelOrigin';
import { encodeText } from '../../core/vocabulary';
import { advanceInSlices, traceInSlices } from '../../core/panel/slicedTrace';
import { type SliceControl, yieldToEventLoop } from '../../core/slicing';
import { chooseWindow } from '../../core/panel/textWindow';
import { analyseTrace, layerView, type WindowAnalysis } from '../../core/panel/windowAnalysis';
import { type ActivationsPayload, LIMITS, type LayerView, type StateKind } from '../../shared/panelProtocol';
import type { LoadedModel } from '../modelStore';
import type { FollowedText } from './editorFollower';
import { PREDICTOR_FAMILIES, TextExplainer } from '../../core/predict/attribution';
import { SteppedLstm } from '../../core/infer/steppedLstm';
import { sliceLoop } from '../../core/slicing';
import { stackCharacters } from '../../core/panel/stackView';
import { featureTracksInSlices, textFeatures, type StateMatrix } from '../../core/panel/textFeatures';
import type { StackWindow } from '../../shared/panelProtocol';
import { languageCodeOfId } from '../../core/languages';

/** Characters before the window the feature lexer reads (so a window inside a string or comment knows it). */
const FEATURE_PREFIX_CHARACTERS = 4000;
/** Bytes the stack's explainer reads per unit of sliced work. */
const EXPLAIN_BYTES_PER_CALL = 8;

/** Characters read before the window so its first characters are not predicted from a cold state. */
export const WARMUP_CHARACTERS = 256;
/** Longest selection shown whole. */
export const MAX_SELECTION_CHARACTERS = 4000;

interface Computed {
  key: string;
  payload: ActivationsPayload;
  analysis: WindowAnalysis;
}

export class ActivationsComputer {
  private generation = 0;
  private last: Computed | undefined;
  private nextId = 1;

  /** The last computed window (for tests and for re-sending after the webview reloads). */
  get lastPayload(): ActivationsPayload | undefined {
    return this.last?.payload;
  }

  /** Drops the cached window (e.g. the model changed). */
  invalidate(): void {
    this.last = undefined;
  }

  /** Cancels whatever is running. */
  cancel(): void {
    this.generation++;
  }

  /**
   * The payload for `followed` with `loaded`, showing layer/kind; the cached one when nothing
   * changed. Undefined when a newer request (or cancel) superseded this one.
   */
  async compute(followed: FollowedText, loaded: LoadedModel, size: number, layer: number, kind: StateKind, origin: ModelOrigin = loaded.origin): Promise<ActivationsPayload | undefined> {
    const generation = ++this.generation;
    const { document, selection } = followed;
    const key = JSON.stringify([document.uri.toString(), document.version, document.offsetAt(selection.anchor), document.offsetAt(selection.active), loaded.file, loaded.mtimeMs, size]);
    if (this.last?.key === key) return this.withView(this.last, layer, kind);
    const started = performance.now();
    const text = document.getText();
    const cursor = document.offsetAt(selection.active);
    const window = windowAroundSelection(document, selection, text, size);
    const control: SliceControl = { yieldNow: yieldToEventLoop, cancelled: () => generation !== this.generation };
    const model = loaded.model;
    const windowText = text.slice(window.start, window.end);
    const bytes = encodeText(windowText);
    const analysis = await analyseWindow(model, text.slice(window.warmupStart, window.start), bytes, control);
    if (!analysis) return undefined;
    const stackPart = await stackView(loaded, encodeText(text.slice(window.warmupStart, window.start)), bytes, analysis, document.languageId, control);
    if (!stackPart) return undefined;
    await yieldToEventLoop();
    if (control.cancelled()) return undefined;
    const states: StateMatrix[] = analysis.states.flatMap((s, layer) => [{ layer, kind: 'h' as const, values: s.h }, ...(s.c ? [{ layer, kind: 'c' as const, values: s.c }] : [])]);
    const features = textFeatures(windowText, text.slice(Math.max(0, window.start - FEATURE_PREFIX_CHARACTERS), window.start));
    const tracks = await featureTracksInSlices(states, analysis.chars, analysis.hiddenSize, features, control);
    if (!tracks) return undefined;
    const cursorChar = cursor >= window.start && cursor <= window.end ? Array.from(text.slice(window.start, cursor)).length : -1;
    const payload: ActivationsPayload = {
      id: this.nextId++,
      file: displayName(document),
      firstLine: document.positionAt(window.start).line + 1,
      lastLine: document.positionAt(Math.max(window.start, window.end - 1)).line + 1,
      fromSelection: window.fromSelection,
      truncated: window.truncated,
      text: windowText,
      chars: analysis.chars,
      cursorChar,
      surprisal: analysis.surprisal,
      cell: model.cell,
      layers: model.layers,
      hiddenSize: model.hiddenSize,
      modelStep: loaded.checkpoint.step,
      saturation: analysis.saturation,
      view: layerView(analysis, layer, kind),
      stack: stackPart.stack,
      stackMissing: stackPart.stackMissing,
      tracks,
      memory: fileMemory({ origin, modelWrittenMs: loaded.mtimeMs, file: workspaceFile(document), validationPaths: loaded.checkpoint.corpus?.validationPaths }),
      computeMs: Math.round(performance.now() - started),
    };
    this.last = { key, payload, analysis };
    return payload;
  }

  /** Another layer or state kind of the last window, or undefined when there is none. */
  view(layer: number, kind: StateKind): { id: number; view: LayerView } | undefined {
    if (!this.last) return undefined;
    return { id: this.last.payload.id, view: this.withView(this.last, layer, kind).view };
  }

  private withView(computed: Computed, layer: number, kind: StateKind): ActivationsPayload {
    const current = computed.payload.view;
    if (current.layer !== layer || current.kind !== kind) computed.payload = { ...computed.payload, view: layerView(computed.analysis, Math.min(layer, LIMITS.layerMax), kind) };
    return computed.payload;
  }
}

/** The window to show: the selection (up to MAX_SELECTION_CHARACTERS) or `size` characters around the cursor, with WARMUP_CHARACTERS of warm-up text before it. */
function windowAroundSelection(document: vscode.TextDocument, selection: vscode.Selection, text: string, size: number): ReturnType<typeof chooseWindow> {
  return chooseWindow({
    text,
    cursor: document.offsetAt(selection.active),
    selectionStart: document.offsetAt(selection.start),
    selectionEnd: document.offsetAt(selection.end),
    size,
    maxSelection: MAX_SELECTION_CHARACTERS,
    warmup: WARMUP_CHARACTERS,
  });
}

/**
 * Warms a fresh state up on `warmupText`, traces the window's `bytes` from it (both in
 * slices) and condenses the trace per character. Undefined when cancelled.
 */
async function analyseWindow(model: LoadedModel['model'], warmupText: string, bytes: Uint8Array, control: SliceControl): Promise<WindowAnalysis | undefined> {
  const state = model.newState();
  if (!(await advanceInSlices(model, state, encodeText(warmupText), control))) return undefined;
  const trace = await traceInSlices(model, bytes, state, control);
  if (!trace) return undefined;
  // Condensing the trace and ranking a layer take 10-20 ms each on the default model: one turn each.
  await yieldToEventLoop();
  if (control.cancelled()) return undefined;
  const analysis = analyseTrace(model.cell, trace, bytes);
  await yieldToEventLoop();
  if (control.cancelled()) return undefined;
  return analysis;
}

/**
 * The whole stack's view of the window: the same text read as the editor reads a document
 * (on a private copy of the context tables), in slices; or, without a usable stack, the
 * sentence saying why surprisal is the network's alone. Undefined when cancelled.
 */
async function stackView(
  loaded: LoadedModel,
  warmup: Uint8Array,
  bytes: Uint8Array,
  analysis: WindowAnalysis,
  languageId: string,
  control: SliceControl,
): Promise<{ stack?: StackWindow; stackMissing?: string } | undefined> {
  if (!loaded.stack) {
    return {
      stackMissing: loaded.stackProblem
        ? `The context models saved with this model cannot be used (${loaded.stackProblem}): surprisal is the network's alone.`
        : `This model was saved without context models (an older checkpoint): surprisal is the network's alone. Training again adds them.`,
    };
  }
  const all = new Uint8Array(warmup.length + bytes.length);
  all.set(warmup, 0);
  all.set(bytes, warmup.length);
  const explainer = new TextExplainer(loaded.stack, new SteppedLstm(loaded.model), all, warmup.length, languageCodeOfId(languageId));
  if (!(await sliceLoop(control, () => !explainer.read(EXPLAIN_BYTES_PER_CALL)))) return undefined;
  const condensed = stackCharacters(explainer.result, analysis.charBytes);
  return { stack: { ...condensed, families: [...PREDICTOR_FAMILIES] } };
}

/** The document as a file of a workspace folder: its path relative to the folder (as the corpus names it), modification time and unsaved edits. */
function workspaceFile(document: vscode.TextDocument): { relativePath: string; mtimeMs: number; dirty: boolean } | undefined {
  if (document.uri.scheme !== 'file') return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder) return undefined;
  try {
    const mtimeMs = statSync(document.uri.fsPath).mtimeMs;
    return { relativePath: path.relative(folder.uri.fsPath, document.uri.fsPath).split(path.sep).join('/'), mtimeMs, dirty: document.isDirty };
  } catch {
    return undefined;
  }
}

function displayName(document: vscode.TextDocument): string {
  return document.isUntitled ? document.uri.path : vscode.workspace.asRelativePath(document.uri, false);
}
