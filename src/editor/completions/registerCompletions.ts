// Registers the inline completion provider for every file-like document, the toggle and
// snooze commands, and the prewarm triggers. Returns the parts the in-host tests drive.
import * as vscode from 'vscode';
import type { ModelStore } from '../modelStore';
import type { StatusBar } from '../statusBar';
import { RecurInlineProvider } from './inlineProvider';
import { SuggestionSwitch } from './suggestionSwitch';

export interface InlineSuggestions {
  provider: RecurInlineProvider;
  switch: SuggestionSwitch;
}

export function registerCompletions(context: vscode.ExtensionContext, deps: { models: ModelStore; statusBar: StatusBar; log: vscode.LogOutputChannel }): InlineSuggestions {
  const gate = new SuggestionSwitch(deps.models, deps.statusBar);
  const provider = new RecurInlineProvider(deps.models, gate);
  context.subscriptions.push(
    gate,
    provider,
    vscode.languages.registerInlineCompletionItemProvider([{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }], provider),
    vscode.commands.registerCommand('recur.toggleInlineSuggestions', () => gate.toggle()),
    vscode.commands.registerCommand('recur.snoozeInlineSuggestions', (minutes?: unknown) => gate.pickSnooze(typeof minutes === 'number' ? minutes : undefined)),
    vscode.window.onDidChangeActiveTextEditor((editor) => provider.schedulePrewarm(editor)),
    vscode.window.onDidChangeTextEditorSelection((event) => {
      if (event.textEditor === vscode.window.activeTextEditor) provider.schedulePrewarm(event.textEditor);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => provider.forget(document)),
    deps.models.onDidChange(() => provider.schedulePrewarm(vscode.window.activeTextEditor)),
  );
  provider.schedulePrewarm(vscode.window.activeTextEditor);
  return { provider, switch: gate };
}
