// "Recur: Show Model Panel": one panel at a time (shown again if it exists), beside the
// editor so the followed text stays visible. A serializer restores the panel after a window
// reload (activation event onWebviewPanel:recur.modelPanel); the webview restores its own
// choices from its state. Returns what the in-host tests drive.
import * as vscode from 'vscode';
import { PANEL_VIEW_TYPE } from '../../shared/panelProtocol';
import type { ModelStore } from '../modelStore';
import type { CheckpointThread } from '../../core/index/checkpointThread';
import type { ModelPaths } from '../services';
import type { TrainingController } from '../training/trainingController';
import { ModelPanel, type PanelDeps, webviewOptions } from './modelPanel';
import { TrainingFeed } from './trainingFeed';

export interface PanelApi {
  /** The open panel, if any. */
  readonly current: ModelPanel | undefined;
  /** Opens the panel (or shows the open one). */
  show(): ModelPanel;
  readonly onDidCreate: vscode.Event<ModelPanel>;
  /** What VS Code calls to restore the panel after a reload. */
  readonly serializer: vscode.WebviewPanelSerializer<unknown>;
}

export const PANEL_TITLE = 'Recur: Model';

export function registerPanel(
  context: vscode.ExtensionContext,
  deps: { paths: ModelPaths; models: ModelStore; training: TrainingController; log: vscode.LogOutputChannel; checkpoints: CheckpointThread },
): PanelApi {
  const feed = new TrainingFeed(deps.paths, deps.training, deps.models, deps.checkpoints);
  const panelDeps: PanelDeps = { extensionUri: context.extensionUri, models: deps.models, feed, log: deps.log };
  const created = new vscode.EventEmitter<ModelPanel>();
  let current: ModelPanel | undefined;

  const adopt = (webviewPanel: vscode.WebviewPanel): ModelPanel => {
    const panel = new ModelPanel(webviewPanel, panelDeps);
    current = panel;
    panel.onDidDispose(() => {
      if (current === panel) current = undefined;
    });
    created.fire(panel);
    return panel;
  };

  const show = (): ModelPanel => {
    if (current) {
      current.reveal(); // keeps the keyboard in the editor whose cursor the panel follows
      return current;
    }
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    return adopt(vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, PANEL_TITLE, { viewColumn: column, preserveFocus: true }, webviewOptions(context.extensionUri)));
  };

  const serializer: vscode.WebviewPanelSerializer<unknown> = {
    async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, _state: unknown): Promise<void> {
      // The webview gets its saved state back by itself (getState); the host only needs to own the panel.
      current?.dispose();
      adopt(webviewPanel);
    },
  };

  context.subscriptions.push(
    feed,
    created,
    vscode.commands.registerCommand('recur.showModelPanel', () => {
      show();
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, serializer),
    { dispose: () => current?.dispose() },
  );

  return {
    get current() {
      return current;
    },
    show,
    onDidCreate: created.event,
    serializer,
  };
}
