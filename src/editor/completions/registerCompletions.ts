// STUB (issue 4 fills this in).
import * as vscode from 'vscode';
import type { ModelStore } from '../modelStore';
import type { StatusBar } from '../statusBar';

export function registerCompletions(context: vscode.ExtensionContext, deps: { models: ModelStore; statusBar: StatusBar; log: vscode.LogOutputChannel }): void {
  void deps;
  context.subscriptions.push(
    vscode.commands.registerCommand('recur.toggleInlineSuggestions', () => vscode.window.showInformationMessage('Recur: inline suggestions are not built yet in this version.')),
    vscode.commands.registerCommand('recur.snoozeInlineSuggestions', () => vscode.window.showInformationMessage('Recur: inline suggestions are not built yet in this version.')),
  );
}
