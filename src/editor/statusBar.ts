// STUB (issue 3 fills this in): the model's state at a glance.
import * as vscode from 'vscode';
import type { ModelStore } from './modelStore';
import type { TrainingController } from './training/trainingController';
import type { StatusBarApi, SuggestionState } from './services';

export class StatusBar implements vscode.Disposable, StatusBarApi {
  private readonly item = vscode.window.createStatusBarItem('recur.status', vscode.StatusBarAlignment.Right, 100);
  constructor(private readonly models: ModelStore, private readonly training: TrainingController) {
    this.item.name = 'Recur';
    this.item.text = '$(circuit-board) Recur: no model';
    this.item.tooltip = 'Recur has no model for this workspace yet. Click for actions.';
    this.item.command = 'recur.showActions';
    this.item.show();
  }
  setSuggestionState(state: SuggestionState): void {
    void state;
  }
  async showActions(): Promise<void> {
    const pick = await vscode.window.showQuickPick(['Train on Workspace', 'Show Model Panel', 'Toggle Inline Suggestions'], { placeHolder: 'Recur' });
    if (pick === 'Train on Workspace') await vscode.commands.executeCommand('recur.trainOnWorkspace');
    if (pick === 'Show Model Panel') await vscode.commands.executeCommand('recur.showModelPanel');
    if (pick === 'Toggle Inline Suggestions') await vscode.commands.executeCommand('recur.toggleInlineSuggestions');
  }
  dispose(): void {
    this.item.dispose();
  }
}
