// STUB (issue 5 fills this in).
import * as vscode from 'vscode';
import type { ModelStore } from '../modelStore';
import type { TrainingController } from '../training/trainingController';

export function registerPanel(context: vscode.ExtensionContext, deps: { models: ModelStore; training: TrainingController; log: vscode.LogOutputChannel }): void {
  void deps;
  context.subscriptions.push(
    vscode.commands.registerCommand('recur.showModelPanel', () => vscode.window.showInformationMessage('Recur: the model panel is not built yet in this version.')),
  );
}
