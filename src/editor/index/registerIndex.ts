// Wires the workspace index into the editor: the focus (open and recently edited files) and
// the index jobs (baseIndexer.ts).
import * as vscode from 'vscode';
import type { ModelStore } from '../modelStore';
import type { ModelPaths, TrainingState } from '../services';
import { BaseIndexer } from './baseIndexer';
import { FocusTracker } from './focusTracker';

export interface WorkspaceIndexing {
  indexer: BaseIndexer;
  focus: FocusTracker;
}

export function registerIndex(context: vscode.ExtensionContext, deps: { paths: ModelPaths; models: ModelStore; trainingState: () => TrainingState; log: vscode.LogOutputChannel }): WorkspaceIndexing {
  const focus = new FocusTracker(context.workspaceState);
  const indexer = new BaseIndexer(context.extensionPath, deps.paths, deps.models, deps.trainingState, deps.log, () => focus.focus());
  context.subscriptions.push(focus, indexer);
  return { indexer, focus };
}
