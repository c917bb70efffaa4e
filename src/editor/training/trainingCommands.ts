// The training commands: "Recur: Train on Workspace" (continue, or `{ fresh: true }` for a new
// model) and "Recur: Stop Training". The train command resolves when the run has ended.
import * as vscode from 'vscode';
import type { StartOptions, TrainingController } from './trainingController';
import type { TrainingOutcome } from './runState';
import type { ModelStore } from '../modelStore';

export function registerTrainingCommands(context: vscode.ExtensionContext, deps: { training: TrainingController; models: ModelStore; log: vscode.LogOutputChannel }): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('recur.trainOnWorkspace', (options?: StartOptions): Promise<TrainingOutcome> => deps.training.start({ fresh: options?.fresh === true })),
    vscode.commands.registerCommand('recur.stopTraining', () => {
      if (deps.training.isTraining) deps.training.stop();
      else void vscode.window.showInformationMessage('Recur is not training.');
    }),
  );
}
