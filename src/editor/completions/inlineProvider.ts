// The inline completion provider (ghost text). Per request:
//   1. nothing when suggestions are off / snoozed / disabled for the language / no model,
//      with a selection or several cursors;
//   2. only the newest request goes on (VS Code already waits 50 ms after a keystroke
//      before it asks, and cancels the request of an earlier keystroke of a burst; an extra
//      wait, recur.completions.debounceMs, is 0 by default);
//   3. the network's state and the prediction stack's document context at the cursor, from
//      the completion engine's per-document caches (src/core/complete/), computed in slices
//      of a few milliseconds with an await between them (src/core/slicing.ts), so a long
//      first read of a file never blocks the editor; the cancellation token is checked
//      before every unit of work;
//   4. the engine's search: the most probable continuation, cut where it saves the most
//      keystrokes, fitted to the text after the cursor (src/core/complete/textAfterCursor.ts:
//      the item's range covers the closers right of the cursor that it closes, so Tab never
//      duplicates an auto-closed bracket or quote; in the middle of a line only a suggestion
//      that joins the rest of the line), shown only when its estimated acceptance probability reaches
//      recur.completions.minAcceptProbability; one on an automatic trigger, up to
//      recur.completions.candidates (each from a different first character) when the user
//      asks (invoke, or next/previous suggestion, which VS Code sends as an invoke). Typing
//      the start of a shown suggestion keeps the rest of it.
// With an IntelliSense item selected (context.selectedCompletionInfo) the suggestion
// continues that item: it reads the text as if the item were accepted, and its insert
// text starts with the item's text; when the model has nothing to add it stays silent.
// The cursor's state is also prepared ahead (prewarm) when an editor gets focus or the
// cursor comes to rest, so the first request in a file is usually warm; and right after an
// edit, the whole answer to the automatic request VS Code makes 50 ms later is computed
// (answerAhead.ts), so that request is answered at once.
import * as vscode from 'vscode';
import type { Suggestion } from '../../core/complete/suggest';
import { CompletionEngine, completeInSlices, type CompletionRequest, type EngineOptions, PREPARE_STEPS_PER_CALL, REQUEST_AFTER_CHARS, requestChars } from '../../core/complete/completionEngine';
import { sliceLoop, yieldToEventLoop } from '../../core/slicing';
import { type CompletionSettings, readCompletionSettings } from '../../settings';
import type { LoadedModel, ModelStore } from '../modelStore';
import type { SuggestionSwitch } from './suggestionSwitch';
import { type CompletionWork, type RequestTiming, slowRequestLine } from './requestTiming';
import { type AheadAnswer, type AheadKey, AnswerAhead } from './answerAhead';

const PREWARM_DELAY_MS = 150;
/** Requests whose timings are kept (for the in-host tests and the latency figures). */
const TIMINGS_KEPT = 200;

/** What the last request for a document came to (the status bar says why nothing shows). */
export type RequestOutcome = { kind: 'shown'; acceptProbability: number } | { kind: 'lowConfidence'; threshold: number };

export class RecurInlineProvider implements vscode.InlineCompletionItemProvider, vscode.Disposable {
  private engine: CompletionEngine | undefined;
  private engineModel: LoadedModel | undefined;
  private latestRequest = 0;
  private prewarmGeneration = 0;
  private prewarmTimer: NodeJS.Timeout | undefined;
  private prewarmEditor: vscode.TextEditor | undefined;
  /** The pending prewarm's delay. */
  private prewarmDue = 0;
  private readonly outcomes = new vscode.EventEmitter<{ uri: string; outcome: RequestOutcome }>();
  /** Fires when a request ends with or without a suggestion (not when it was cancelled). */
  readonly onDidOutcome = this.outcomes.event;
  private readonly lastOutcomes = new Map<string, RequestOutcome>();
  /** The last requests' timings, oldest first. */
  readonly timings: RequestTiming[] = [];
  private readonly ahead = new AnswerAhead();

  constructor(
    private readonly models: ModelStore,
    private readonly gate: SuggestionSwitch,
    /** Hears the line for each slow request (requestTiming.ts). */
    private readonly logSlow: (line: string) => void = () => {},
  ) {}

  /** The last request's outcome for a document, if any. */
  lastOutcome(uri: string): RequestOutcome | undefined {
    return this.lastOutcomes.get(uri);
  }

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
    const started = performance.now();
    const stale = () => token.isCancellationRequested || id !== this.latestRequest;
    const timing: RequestTiming = { debounceMs: 0, prepareMs: 0, preparedSteps: 0, searchMs: 0, totalMs: 0, slices: 0, outcome: 'cancelled', answeredAhead: false, aheadLeadMs: 0 };
    const finish = (outcome: RequestTiming['outcome']): undefined => {
      timing.outcome = outcome;
      timing.totalMs = performance.now() - started;
      this.record(timing);
      return undefined;
    };
    const explicit = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
    const selected = context.selectedCompletionInfo;
    // An invoke or an IntelliSense item asks something else than the automatic request answered ahead.
    if (explicit || selected) this.ahead.cancel();
    const ahead = explicit || selected ? undefined : this.answeredAhead(document, position, settings);
    const answered = ahead && (await ahead);
    if (answered) {
      Object.assign(timing, answered.work, { answeredAhead: true, aheadLeadMs: started - answered.startedAt });
      return stale() ? finish('cancelled') : this.conclude(document, position, answered.suggestions, '', settings, finish);
    }
    if (settings.debounceMs > 0) {
      await delay(settings.debounceMs);
      timing.debounceMs = performance.now() - started;
      if (stale()) return finish('cancelled');
    }
    const loaded = this.models.current;
    if (!loaded) return finish('cancelled');
    const replaceStart = selected ? selected.range.start : position;
    const inserted = selected ? selected.text : '';
    const request = this.requestAt(document, position, settings, replaceStart, inserted);
    const computed = await timedCompletion(this.engineFor(loaded), document.uri.toString(), request, settings.engine, explicit, () => stale() || this.models.current !== loaded);
    Object.assign(timing, computed.work);
    if (!computed.suggestions) return finish('cancelled');
    return this.conclude(document, position, computed.suggestions, inserted, settings, finish, replaceStart);
  }

  /** The answer computed right after the edit for this request, if it was for the same text, cursor, settings and model. */
  private answeredAhead(document: vscode.TextDocument, position: vscode.Position, settings: CompletionSettings): Promise<AheadAnswer | undefined> | undefined {
    const loaded = this.models.current;
    return loaded && this.ahead.take(aheadKey(document, position, settings, loaded));
  }

  /** Records a finished request's outcome and makes its items. */
  private conclude(
    document: vscode.TextDocument,
    position: vscode.Position,
    suggestions: Suggestion[],
    inserted: string,
    settings: CompletionSettings,
    finish: (outcome: RequestTiming['outcome']) => undefined,
    replaceStart = position,
  ): vscode.InlineCompletionItem[] | undefined {
    const key = document.uri.toString();
    const outcome: RequestOutcome = suggestions.length
      ? { kind: 'shown', acceptProbability: suggestions[0].acceptProbability }
      : { kind: 'lowConfidence', threshold: settings.engine.minAcceptProbability };
    this.lastOutcomes.set(key, outcome);
    this.outcomes.fire({ uri: key, outcome });
    finish(suggestions.length ? 'shown' : 'none');
    if (!suggestions.length) return undefined;
    // The range covers the closers right of the cursor that the suggestion itself closes (so Tab never duplicates them).
    return suggestions.map((s) => new vscode.InlineCompletionItem(inserted + s.text, new vscode.Range(replaceStart, position.translate(0, s.replaceRight))));
  }

  /**
   * Starts computing the answer to the automatic request VS Code makes after its 50 ms wait,
   * for the editor's cursor right after an edit (registerCompletions.ts). Not when VS Code
   * will not ask (editor.inlineSuggest.enabled off), with an extra wait set
   * (recur.completions.debounceMs), a selection or several cursors.
   */
  answerAhead(editor: vscode.TextEditor): void {
    const settings = readCompletionSettings();
    const loaded = this.models.current;
    const document = editor.document;
    const asks = vscode.workspace.getConfiguration('editor', document).get<boolean>('inlineSuggest.enabled', true);
    if (!loaded || !asks || settings.debounceMs > 0 || !this.gate.allows(document.languageId, settings) || editor.selections.length > 1 || !editor.selection.isEmpty) return this.ahead.cancel();
    const position = editor.selection.active;
    const request = this.requestAt(document, position, settings);
    const engine = this.engineFor(loaded);
    const version = document.version;
    this.ahead.start(aheadKey(document, position, settings, loaded), async (cancelled) => {
      const startedAt = performance.now();
      const { suggestions, work } = await timedCompletion(
        engine,
        document.uri.toString(),
        request,
        settings.engine,
        false,
        () => cancelled() || document.version !== version || this.models.current !== loaded,
      );
      return suggestions && { suggestions, work, startedAt };
    });
  }

  /** Keeps a finished request's timing (the last TIMINGS_KEPT) and logs it when it was slow. */
  private record(timing: RequestTiming): void {
    this.timings.push(timing);
    if (this.timings.length > TIMINGS_KEPT) this.timings.shift();
    const slow = slowRequestLine(timing);
    if (slow) this.logSlow(slow);
  }

  /** Prepares the state at the active editor's cursor in the background (after a short pause). */
  schedulePrewarm(editor: vscode.TextEditor | undefined, delayMs = PREWARM_DELAY_MS): void {
    // An immediate prewarm pending for the same editor stays (focusing an editor also moves its selection).
    if (editor && editor === this.prewarmEditor && this.prewarmDue === 0 && this.prewarmTimer !== undefined) return;
    clearTimeout(this.prewarmTimer);
    const generation = ++this.prewarmGeneration;
    this.prewarmEditor = editor;
    this.prewarmTimer = undefined;
    if (!editor) return;
    this.prewarmDue = delayMs;
    this.prewarmTimer = setTimeout(() => {
      this.prewarmTimer = undefined;
      void this.prewarm(editor, generation);
    }, delayMs);
  }

  private async prewarm(editor: vscode.TextEditor, generation: number): Promise<void> {
    const settings = readCompletionSettings();
    const loaded = this.models.current;
    if (!loaded || !this.gate.allows(editor.document.languageId, settings) || editor.selections.length > 1) return;
    const document = editor.document;
    const version = document.version;
    // The request as provideInlineCompletionItems makes it (the language too: the document's state is kept per language).
    const request = this.requestAt(document, editor.selection.active, settings);
    const engine = this.engineFor(loaded);
    const key = document.uri.toString();
    const options = settings.engine;
    const control = { yieldNow: yieldToEventLoop, cancelled: () => generation !== this.prewarmGeneration || document.version !== version || this.models.current !== loaded };
    // The cursor's state and context first, then the network's state tracked ahead (see StateCache.trackAhead).
    await sliceLoop(control, () => !engine.prepareStep(key, request, options) || !engine.prepareAhead(key, request, options, PREPARE_STEPS_PER_CALL));
  }

  /** Forgets a closed document's state. */
  forget(document: vscode.TextDocument): void {
    this.engine?.forget(document.uri.toString());
    this.lastOutcomes.delete(document.uri.toString());
  }

  /**
   * What the engine reads at `position`: enough text before `replaceStart` (the cursor, or the
   * start of a selected item's range) for the network's window and the document's, then the
   * selected item's text, and the text after the cursor.
   */
  private requestAt(document: vscode.TextDocument, position: vscode.Position, settings: CompletionSettings, replaceStart = position, inserted = ''): CompletionRequest {
    const beforeStart = Math.max(0, document.offsetAt(replaceStart) - requestChars(settings.engine));
    const before = document.getText(new vscode.Range(document.positionAt(beforeStart), replaceStart)) + inserted;
    return { before, beforeStart, after: textAfter(document, position), languageId: document.languageId };
  }

  private engineFor(loaded: LoadedModel): CompletionEngine {
    if (!this.engine || this.engineModel !== loaded) {
      // A new stack on the same network (the workspace index arriving) keeps the network's states of the open documents.
      const states = this.engine?.model === loaded.model ? this.engine.states : undefined;
      this.engine = new CompletionEngine(loaded.model, loaded.stack, undefined, states);
      this.engineModel = loaded;
    }
    return this.engine;
  }

  dispose(): void {
    this.outcomes.dispose();
    this.ahead.cancel();
    clearTimeout(this.prewarmTimer);
    this.prewarmGeneration++;
    this.latestRequest++;
  }
}

/** Suggestions computed in slices, and where the time went; suggestions undefined when `cancelled()` became true. */
async function timedCompletion(
  engine: CompletionEngine,
  key: string,
  request: CompletionRequest,
  options: EngineOptions,
  explicit: boolean,
  cancelled: () => boolean,
): Promise<{ suggestions: Suggestion[] | undefined; work: CompletionWork }> {
  const work: CompletionWork = { prepareMs: 0, preparedSteps: 0, searchMs: 0, slices: 0 };
  const stepsBefore = engine.states.steps;
  const prepareStarted = performance.now();
  // completeInSlices checks cancelled() before each unit of preparation and once after the
  // search: the last two checks bracket the search (with the last unit of preparation, at
  // most PREPARE_STEPS_PER_CALL steps).
  let previousCheck = prepareStarted;
  let lastCheck = prepareStarted;
  const suggestions = await completeInSlices(engine, key, request, options, explicit, {
    yieldNow: yieldToEventLoop,
    cancelled: () => {
      previousCheck = lastCheck;
      lastCheck = performance.now();
      return cancelled();
    },
    onSliceEnd: () => work.slices++,
  });
  work.preparedSteps = engine.states.steps - stepsBefore;
  work.prepareMs = previousCheck - prepareStarted;
  work.searchMs = lastCheck - previousCheck;
  return { suggestions, work };
}

/** What a request at `position` is: answerAhead.ts's key. */
function aheadKey(document: vscode.TextDocument, position: vscode.Position, settings: CompletionSettings, loaded: LoadedModel): AheadKey {
  return { uri: document.uri.toString(), version: document.version, offset: document.offsetAt(position), settings: JSON.stringify(settings), model: loaded };
}

/** The document's text after the cursor, up to REQUEST_AFTER_CHARS. */
function textAfter(document: vscode.TextDocument, position: vscode.Position): string {
  const end = document.positionAt(document.offsetAt(position) + REQUEST_AFTER_CHARS);
  return document.getText(new vscode.Range(position, end));
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
