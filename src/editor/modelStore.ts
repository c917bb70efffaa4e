// STUB (issue 4 fills this in): loads the best checkpoint for the pure-TypeScript forward pass.
import * as vscode from 'vscode';
import type { ModelPaths } from './services';

export class ModelStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  constructor(readonly paths: ModelPaths, private readonly log: vscode.LogOutputChannel) {}
  get ready(): boolean {
    return false;
  }
  dispose(): void {
    this.changed.dispose();
  }
}
