// STUB (issue 3 fills this in): runs training in a child process.
import * as vscode from 'vscode';
import type { ModelPaths, TrainingState } from '../services';
import type { TrainingEvent } from '../../core/train/events';

export class TrainingController implements vscode.Disposable {
  private readonly events = new vscode.EventEmitter<TrainingEvent>();
  private readonly states = new vscode.EventEmitter<TrainingState>();
  readonly onEvent = this.events.event;
  readonly onStateChange = this.states.event;
  readonly state: TrainingState = { kind: 'idle' };
  constructor(readonly context: vscode.ExtensionContext, readonly paths: ModelPaths, private readonly log: vscode.LogOutputChannel) {}
  dispose(): void {
    this.events.dispose();
    this.states.dispose();
  }
}
