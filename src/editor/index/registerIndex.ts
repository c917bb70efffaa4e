// Wires the workspace index into the editor: the focus (open and recently edited files), the
// index jobs (baseIndexer.ts), and the live part (liveIndex.ts) fed by document saves and by
// VS Code's file watcher over every workspace folder.
import * as vscode from 'vscode';
import type { ModelStore } from '../modelStore';
import type { ModelPaths, TrainingState } from '../services';
import { onSettingsChanged } from '../../settings';
import { BaseIndexer } from './baseIndexer';
import { FocusTracker } from './focusTracker';
import { LiveIndex } from './liveIndex';

export interface WorkspaceIndexing {
  indexer: BaseIndexer;
  live: LiveIndex;
  focus: FocusTracker;
}

export function registerIndex(context: vscode.ExtensionContext, deps: { paths: ModelPaths; models: ModelStore; trainingState: () => TrainingState; log: vscode.LogOutputChannel }): WorkspaceIndexing {
  const focus = new FocusTracker(context.workspaceState);
  const indexer = new BaseIndexer(context.extensionPath, deps.paths, deps.models, deps.trainingState, deps.log, focus);
  const live = new LiveIndex(deps.models, deps.log, () => indexer.scheduleUpdate());
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  let loadedStack = deps.models.current?.stack;
  context.subscriptions.push(
    focus,
    indexer,
    live,
    watcher,
    watcher.onDidCreate((uri) => void live.onDisk('created', uri)),
    watcher.onDidChange((uri) => void live.onDisk('changed', uri)),
    watcher.onDidDelete((uri) => void live.onDisk('deleted', uri)),
    vscode.workspace.onDidSaveTextDocument((document) => void live.saved(document)),
    vscode.workspace.onDidOpenTextDocument((document) => void live.remember(document)),
    onSettingsChanged((affects) => {
      if (affects('recur.corpus') || affects('files.exclude') || affects('search.exclude')) live.clearRules();
    }),
    deps.models.onDidChange(() => {
      const current = deps.models.current;
      if (!current?.stack || current.stack === loadedStack) return;
      loadedStack = current.stack;
      // The new statistics were read from the files as they were when the job (or the training run) read them.
      void live.relearnSince(current.file === deps.paths.baseIndex ? indexer.lastReadAt : 0);
    }),
  );
  for (const document of vscode.workspace.textDocuments) void live.remember(document);
  return { indexer, live, focus };
}
