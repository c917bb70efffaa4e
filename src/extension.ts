// Recur's entry point: builds the services, registers them, returns a small API that the
// in-host tests use. Nothing heavy runs here: training lives in a child process and
// inference is a forward pass with no native code (TypeScript + WebAssembly SIMD).
import * as vscode from 'vscode';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { ModelPaths } from './editor/services';
import { adoptLegacyLatest, workspaceCheckpointFiles } from './core/model/checkpointFiles';
import { ModelStore } from './editor/modelStore';
import { TrainingController } from './editor/training/trainingController';
import type { BaseIndexer } from './editor/index/baseIndexer';
import type { LiveIndex } from './editor/index/liveIndex';
import { registerIndex } from './editor/index/registerIndex';
import { StatusBar } from './editor/statusBar';
import { registerTrainingCommands } from './editor/training/trainingCommands';
import { type InlineSuggestions, registerCompletions } from './editor/completions/registerCompletions';
import { type PanelApi, registerPanel } from './editor/panel/registerPanel';

export interface RecurApi {
  paths: ModelPaths;
  models: ModelStore;
  training: TrainingController;
  baseIndexer: BaseIndexer;
  liveIndex: LiveIndex;
  statusBar: StatusBar;
  completions: InlineSuggestions;
  panel: PanelApi;
}

export function activate(context: vscode.ExtensionContext): RecurApi {
  const log = vscode.window.createOutputChannel('Recur', { log: true });
  context.subscriptions.push(log);
  const paths = modelPaths(context, log);
  const models = new ModelStore(paths, log);
  const training = new TrainingController(context, paths, log);
  // A new best checkpoint is loaded at once (the folder watcher may be late, or missing).
  context.subscriptions.push(
    training.onEvent((event) => {
      if (event.kind === 'checkpoint' && event.best) void models.reload(false);
    }),
  );
  const { indexer: baseIndexer, live: liveIndex } = registerIndex(context, { paths, models, trainingState: () => training.state, log });
  const statusBar = new StatusBar(models, training);
  context.subscriptions.push(models, training, statusBar);
  registerTrainingCommands(context, { training, models, log });
  const completions = registerCompletions(context, { models, statusBar, log });
  const panel = registerPanel(context, { paths, models, training, log });
  context.subscriptions.push(vscode.commands.registerCommand('recur.showActions', () => statusBar.showActions()));
  return { paths, models, training, baseIndexer, liveIndex, statusBar, completions, panel };
}

export function deactivate(): void {
  // Disposables (including the training process) are released through context.subscriptions.
}

/** The model lives in the workspace's storage; with no folder open, in global storage. Its files are named as `recur train --out` names them (core/model/checkpointFiles.ts). */
function modelPaths(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): ModelPaths {
  const storageDir = (context.storageUri ?? context.globalStorageUri).fsPath;
  mkdirSync(storageDir, { recursive: true });
  const adopted = adoptLegacyLatest(storageDir);
  if (adopted) log.info(`renamed the latest checkpoint to ${adopted} (the name the CLI uses)`);
  const files = workspaceCheckpointFiles(storageDir);
  return {
    storageDir,
    bestCheckpoint: files.best,
    latestCheckpoint: files.latest,
    baseModel: path.join(context.extensionPath, 'models', 'base.recur'),
    baseIndex: path.join(storageDir, 'base-index.recur'),
  };
}
