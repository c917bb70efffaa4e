// Recur's entry point: builds the services, registers them, returns a small API that the
// in-host tests use. Nothing heavy runs here: training lives in a child process and
// inference is a forward pass with no native code (TypeScript + WebAssembly SIMD).
import * as vscode from 'vscode';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { ModelPaths } from './editor/services';
import { adoptLegacyLatest, workspaceCheckpointFiles } from './core/model/checkpointFiles';
import { ModelStore } from './editor/modelStore';
import { CheckpointThread } from './core/index/checkpointThread';
import { TrainingController } from './editor/training/trainingController';
import type { BaseIndexer } from './editor/index/baseIndexer';
import type { LiveIndex } from './editor/index/liveIndex';
import { registerIndex } from './editor/index/registerIndex';
import { StatusBar } from './editor/statusBar';
import { registerTrainingCommands } from './editor/training/trainingCommands';
import { type InlineSuggestions, registerCompletions } from './editor/completions/registerCompletions';
import { type PanelApi, registerPanel } from './editor/panel/registerPanel';
import { onSettingsChanged, settingProblems } from './settings';
import { stallLine, watchEventLoopStalls } from './editor/diagnostics/eventLoopStalls';

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
  context.subscriptions.push(logSettingProblems(log));
  context.subscriptions.push(watchEventLoopStalls((ms) => log.info(stallLine(ms))));
  if (!vscode.workspace.isTrusted)
    log.info(
      "Recur: this folder is not trusted (Restricted Mode): Recur reads its text files, as text, and uses your own values of the settings that size its memory, CPU time and reading, not the folder's (package.json: restrictedConfigurations)",
    );
  const paths = modelPaths(context, log);
  // Checkpoints are read on a thread of their own, never on the editor's (dist/checkpointThread.js).
  const checkpoints = new CheckpointThread(path.join(context.extensionPath, 'dist', 'checkpointThread.js'));
  context.subscriptions.push({ dispose: () => checkpoints.dispose() });
  const models = new ModelStore(paths, log, checkpoints);
  const training = new TrainingController(context, paths, log);
  // A new best checkpoint is loaded at once (the folder watcher may be late, or missing).
  context.subscriptions.push(
    training.onEvent((event) => {
      if (event.kind === 'checkpoint' && event.best) void models.reload(false);
    }),
  );
  const { indexer: baseIndexer, live: liveIndex } = registerIndex(context, { paths, models, trainingState: () => training.state, log });
  const statusBar = new StatusBar(models, training, baseIndexer);
  context.subscriptions.push(models, training, statusBar);
  registerTrainingCommands(context, { training, models, log });
  const completions = registerCompletions(context, { models, statusBar, log });
  const panel = registerPanel(context, { paths, models, training, log, checkpoints });
  context.subscriptions.push(vscode.commands.registerCommand('recur.showActions', () => statusBar.showActions()));
  return { paths, models, training, baseIndexer, liveIndex, statusBar, completions, panel };
}

export function deactivate(): void {
  // Disposables (including the training process) are released through context.subscriptions.
}

/** Warns once in the log for each setting whose value cannot be used (now, and after every change of the settings). */
function logSettingProblems(log: vscode.LogOutputChannel): vscode.Disposable {
  const said = new Set<string>();
  const check = () => {
    for (const problem of settingProblems()) {
      if (!said.has(problem)) log.warn(problem);
      said.add(problem);
    }
  };
  check();
  return onSettingsChanged(check);
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
