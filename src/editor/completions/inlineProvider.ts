// The inline completion provider (ghost text). Per request:
//   1. nothing when suggestions are off / snoozed / disabled for the language / no model,
//      with a selection or several cursors;
//   2. debounce (recur.completions.debounceMs); only the newest request goes on;
//   3. the model state at the cursor from the per-document StateCache, computed in slices
//      of a few milliseconds with an await between them (src/core/slicing.ts), so a long
//      first read of a file never blocks the editor; the cancellation token is checked
//      before every unit of work;
//   4. candidates from the shared completion path (src/core/infer/complete.ts): one on an
//      automatic trigger, recur.completions.candidates when the user asks (invoke, or
//      next/previous suggestion, which VS Code sends as an invoke), most likely first.
// With an IntelliSense item selected (context.selectedCompletionInfo) the suggestion
// continues that item: it reads the text as if the item were accepted, and its insert
// text starts with the item's text; when the model has nothing to add it stays silent.
// The cursor's state is also prepared ahead (prewarm) when an editor gets focus or the
// cursor comes to rest, so the first request in a file is usually warm.
import * as vscode from 'vscode';
import { type CompletionOptions, completeInSlices, PREPARE_STEPS_PER_CALL } from '../../core/infer/complete';
import { sliceLoop, yieldToEventLoop } from '../../core/slicing';
import { StateCache } from '../../core/infer/stateCache';
import { type CompletionSettings, readCompletionSettings } from '../../settings';
import type { LoadedModel, ModelStore } from '../modelStore';
import type { SuggestionSwitch } from './suggestionSwitch';

const PREWARM_DELAY_MS = 150;

export class RecurInlineProvider implements vscode.InlineCompletionItemProvider, vscode.Disposable {
  private cache: StateCache | undefined;
  private cacheModel: LoadedModel | undefined;
  private latestRequest = 0;
  private prewarmGeneration = 0;
  private prewarmTimer: NodeJS.Timeout | undefined;
  /** Used when recur.completions.seed is null: fixed for this session. */
  readonly sessionSeed = (Math.random() * 2 ** 31) >>> 0;

  constructor(private readonly models: ModelStore, private readonly gate: SuggestionSwitch) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    const settings = readCompletionSettings();
    if (!this.gate.allows(document.languageId, settings) || hasSelectionOrCursors(document)) return undefined;
    const id = ++this.latestRequest;
    this.prewarmGeneration++; // a request supersedes any prewarm
    const stale = () => token.isCancellationRequested || id !== this.latestRequest;
    if (settings.debounceMs > 0) {
      await delay(settings.debounceMs);
      if (stale()) return undefined;
    }
    const selected = context.selectedCompletionInfo;
    const replaceStart = selected ? selected.range.start : position;
    const inserted = selected ? selected.text : '';
    const request = this.requestText(document, replaceStart, inserted, settings.contextLength);
    const loaded = this.models.current;
    if (!loaded) return undefined;
    const after = document.lineAt(position.line).text.slice(position.character);
    const candidates = await completeInSlices(this.cacheFor(loaded), document.uri.toString(), { ...request, after }, completionOptions(settings, this.sessionSeed, context.triggerKind), {
      yieldNow: yieldToEventLoop,
      cancelled: () => stale() || this.models.current !== loaded,
    });
    if (!candidates) return undefined;
    const range = new vscode.Range(replaceStart, position);
    return candidates.map((c) => new vscode.InlineCompletionItem(inserted + c.text, range));
  }

  /** Prepares the state at the active editor's cursor in the background (after a short pause). */
  schedulePrewarm(editor: vscode.TextEditor | undefined): void {
    clearTimeout(this.prewarmTimer);
    const generation = ++this.prewarmGeneration;
    if (!editor) return;
    this.prewarmTimer = setTimeout(() => void this.prewarm(editor, generation), PREWARM_DELAY_MS);
  }

  private async prewarm(editor: vscode.TextEditor, generation: number): Promise<void> {
    const settings = readCompletionSettings();
    const loaded = this.models.current;
    if (!loaded || !this.gate.allows(editor.document.languageId, settings) || editor.selections.length > 1) return;
    const document = editor.document;
    const version = document.version;
    const request = this.requestText(document, editor.selection.active, '', settings.contextLength);
    const cache = this.cacheFor(loaded);
    const key = document.uri.toString();
    const options = { maxSteps: PREPARE_STEPS_PER_CALL, beforeStart: request.beforeStart, aheadSteps: PREPARE_STEPS_PER_CALL };
    // The window's state first, then the state tracked ahead (see StateCache.trackAhead).
    await sliceLoop(
      { yieldNow: yieldToEventLoop, cancelled: () => generation !== this.prewarmGeneration || document.version !== version || this.models.current !== loaded },
      () => !cache.prepare(key, request.before, settings.contextLength, options) || !cache.aheadReady(key),
    );
  }

  /** Forgets a closed document's state. */
  forget(document: vscode.TextDocument): void {
    this.cache?.forget(document.uri.toString());
  }

  /** The text the model reads: from contextLength before the cursor (enough for the window), plus a selected item's text. */
  private requestText(document: vscode.TextDocument, at: vscode.Position, inserted: string, contextLength: number): { before: string; beforeStart: number } {
    const offset = document.offsetAt(at);
    const beforeStart = Math.max(0, offset - contextLength);
    return { before: document.getText(new vscode.Range(document.positionAt(beforeStart), at)) + inserted, beforeStart };
  }

  private cacheFor(loaded: LoadedModel): StateCache {
    if (!this.cache || this.cacheModel !== loaded) {
      this.cache = new StateCache(loaded.model);
      this.cacheModel = loaded;
    }
    return this.cache;
  }

  dispose(): void {
    clearTimeout(this.prewarmTimer);
    this.prewarmGeneration++;
    this.latestRequest++;
  }
}

export function completionOptions(settings: CompletionSettings, sessionSeed: number, trigger: vscode.InlineCompletionTriggerKind): CompletionOptions {
  return {
    ...settings,
    seed: settings.seed ?? sessionSeed,
    candidates: trigger === vscode.InlineCompletionTriggerKind.Invoke ? settings.candidates : 1,
  };
}

/** A selection, or several cursors, in the editor showing this document. */
function hasSelectionOrCursors(document: vscode.TextDocument): boolean {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document !== document) return false;
  return editor.selections.length > 1 || !editor.selection.isEmpty;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
