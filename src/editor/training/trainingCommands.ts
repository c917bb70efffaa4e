// STUB (issue 3 fills this in).
import * as vscode from 'vscode';
import type { TrainingController } from './trainingController';
import type { ModelStore } from '../modelStore';

export function registerTrainingCommands(context: vscode.ExtensionContext, deps: { training: TrainingController; models: ModelStore; log: vscode.LogOutputChannel }): void {
  void deps;
  context.subscriptions.push(
    vscode.commands.registerCommand('recur.trainOnWorkspace', () => vscode.window.showInformationMessage('Recur: training is not built yet in this version.')),
    vscode.commands.registerCommand('recur.stopTraining', () => vscode.window.showInformationMessage('Recur: nothing is training.')),
  );
}
