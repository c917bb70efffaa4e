// Registers the inline completion provider for every file-like document, the toggle, snooze
// and timings commands, and the prewarm and answer-ahead triggers. Returns the parts the
// in-host tests drive.
import * as vscode from 'vscode';
import type { ModelStore } from '../modelStore';
import type { StatusBar } from '../statusBar';
import { RecurInlineProvider } from './inlineProvider';
import { timingsSummary } from './requestTiming';
import { languageEnabled, SuggestionSwitch } from './suggestionSwitch';
import { onSettingsChanged, readCompletionSettings } from '../../settings';
import type { EditorSuggestionStatus } from '../services';

export interface InlineSuggestions {
  provider: RecurInlineProvider;
  switch: SuggestionSwitch;
}

export function registerCompletions(context: vscode.ExtensionContext, deps: { models: ModelStore; statusBar: StatusBar; log: vscode.LogOutputChannel }): InlineSuggestions {
  const gate = new SuggestionSwitch(deps.models, deps.statusBar);
  const provider = new RecurInlineProvider(deps.models, gate, (line) => deps.log.info(line));
  /** The active editor's document when its last event was an edit (cleared by the cursor's move that follows). */
  let editedDocument: vscode.TextDocument | undefined;
  /** Why a suggestion shows or not in the active editor, for the status bar's tooltip. */
  const reportEditor = () => deps.statusBar.setEditorStatus(editorStatus(vscode.window.activeTextEditor, provider));
  context.subscriptions.push(
    gate,
    provider,
    vscode.languages.registerInlineCompletionItemProvider([{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }], provider),
    vscode.commands.registerCommand('recur.toggleInlineSuggestions', () => gate.toggle()),
    vscode.commands.registerCommand('recur.snoozeInlineSuggestions', (minutes?: unknown) => gate.pickSnooze(typeof minutes === 'number' ? minutes : undefined)),
    vscode.commands.registerCommand('recur.showSuggestionTimings', () => {
      for (const line of timingsSummary(provider.timings)) deps.log.info(line);
      deps.log.show(true);
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      provider.schedulePrewarm(editor, 0); // a file just opened or focused: read it before the first keystroke
      reportEditor();
    }),
    provider.onDidOutcome(({ uri }) => {
      if (vscode.window.activeTextEditor?.document.uri.toString() === uri) reportEditor();
    }),
    vscode.workspace.onDidOpenTextDocument(() => reportEditor()), // a language change reopens the document
    onSettingsChanged((affects) => {
      if (affects('recur.completions')) reportEditor();
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length && event.document === vscode.window.activeTextEditor?.document) editedDocument = event.document;
    }),
    vscode.window.onDidChangeTextEditorSelection((event) => {
      if (event.textEditor !== vscode.window.activeTextEditor) return;
      // The cursor moved by an edit (the document's change comes first): VS Code asks for ghost text 50 ms from now.
      if (event.textEditor.document === editedDocument) provider.answerAhead(event.textEditor);
      editedDocument = undefined;
      provider.schedulePrewarm(event.textEditor);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => provider.forget(document)),
    deps.models.onDidChange(() => provider.schedulePrewarm(vscode.window.activeTextEditor)),
  );
  provider.schedulePrewarm(vscode.window.activeTextEditor, 0);
  reportEditor();
  return { provider, switch: gate };
}

export function editorStatus(editor: vscode.TextEditor | undefined, provider: RecurInlineProvider): EditorSuggestionStatus {
  if (!editor) return { kind: 'noEditor' };
  const languageId = editor.document.languageId;
  if (!languageEnabled(readCompletionSettings().languages, languageId)) return { kind: 'languageOff', languageId };
  const outcome = provider.lastOutcome(editor.document.uri.toString());
  if (!outcome) return { kind: 'waiting', languageId };
  return outcome.kind === 'shown' ? { kind: 'shown', languageId, acceptProbability: outcome.acceptProbability } : { kind: 'lowConfidence', languageId, threshold: outcome.threshold };
}
