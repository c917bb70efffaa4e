// The model panel on the host side: one webview panel, the disposables it owns, and the
// message routing between the webview and the services.
//
//   webview 'ready'        -> model status, training status + history, the activations
//   TrainingFeed           -> live training messages
//   EditorFollower         -> (debounced; after typing, once it pauses) recompute the
//                             activations of the followed text; an edit cancels one under way
//   ModelStore change      -> model status, recompute the activations
//   'selectLayer'          -> another layer / state kind of the same window (no model run)
//   'sample' / 'cancelSample' -> SampleRunner
//   'command'              -> one of a fixed list of Recur commands
//
// The webview is not kept alive while hidden (retainContextWhenHidden: false): it keeps its
// choices with setState and asks for its data again with 'ready' when it is shown. Nothing
// is computed for it while it is hidden; a change then is picked up when it comes back.
import * as vscode from 'vscode';
import path from 'node:path';
import { parameterCount } from '../../core/model/weights';
import { type HostMessage, type ModelStatus, parseWebviewMessage, type StateKind, type WebviewMessage } from '../../shared/panelProtocol';
import { workspaceScope } from '../../shared/present/workspaceHistory';
import { readPanelSettings, readTrainingBudgetMinutes } from '../../settings';
import type { ModelStore } from '../modelStore';
import { ActivationsComputer } from './activationsComputer';
import { EditorFollower } from './editorFollower';
import { panelHtml } from './panelHtml';
import { SampleRunner } from './sampleRunner';
import type { TrainingFeed } from './trainingFeed';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  models: ModelStore;
  /** The training history, kept for the whole session (a panel opened mid-run gets all of it). */
  feed: TrainingFeed;
  log: vscode.LogOutputChannel;
}

/** The one folder the webview may load from: its bundled script and stylesheet (the tab icon is the workbench's, not the page's). */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: localResourceRoots(extensionUri), retainContextWhenHidden: false, enableFindWidget: true };
}

export class ModelPanel implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly posted = new vscode.EventEmitter<HostMessage>();
  /** Every message sent to the webview (the in-host tests watch it). */
  readonly onDidPost = this.posted.event;
  private readonly received = new vscode.EventEmitter<WebviewMessage>();
  /** Every valid message from the webview, after it was handled. */
  readonly onDidReceive = this.received.event;
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  private readonly follower: EditorFollower;
  private readonly activations = new ActivationsComputer();
  private readonly sampler = new SampleRunner();
  private webviewReady = false;
  private layer = 0;
  private kind: StateKind = 'h';
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
  ) {
    const webview = panel.webview;
    webview.options = webviewOptions(deps.extensionUri);
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview', name)).toString();
    webview.html = panelHtml({ cspSource: webview.cspSource, scriptUri: asset('panel.js'), styleUri: asset('panel.css') });
    panel.iconPath = {
      light: vscode.Uri.joinPath(deps.extensionUri, 'media', 'panel', 'icons', 'panel-light.svg'),
      dark: vscode.Uri.joinPath(deps.extensionUri, 'media', 'panel', 'icons', 'panel-dark.svg'),
    };
    this.follower = new EditorFollower(() => readPanelSettings().followDebounceMs);
    this.subscriptions.push(
      this.follower,
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((message) => void this.receive(message)),
      panel.onDidChangeViewState(() => {
        // A hidden webview is gone (retainContextWhenHidden: false); it sends 'ready' when shown again.
        if (!panel.visible) this.webviewReady = false;
      }),
      deps.feed.onMessage((message) => this.post(message)),
      this.follower.onDidChange(() => this.refreshActivations()),
      // Typing stops a computation under way at its next slice: the editor comes first.
      this.follower.onDidEdit(() => this.activations.cancel()),
      deps.models.onDidChange(() => {
        this.post({ type: 'model', status: this.modelStatus() });
        this.activations.invalidate();
        this.refreshActivations();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('recur.panel.windowCharacters')) this.refreshActivations();
        if (event.affectsConfiguration('recur.training.maxMinutes')) this.post({ type: 'model', status: this.modelStatus() });
      }),
    );
  }

  /** True once the webview has said it is ready (and until it is hidden). */
  get ready(): boolean {
    return this.webviewReady;
  }

  /** The webview's HTML (for tests: the CSP and resource URIs). */
  get html(): string {
    return this.panel.webview.html;
  }

  /** The activations last sent (for tests). */
  get lastActivations() {
    return this.activations.lastPayload;
  }

  /** Shows the panel without taking the keyboard from the editor. */
  reveal(column?: vscode.ViewColumn): void {
    this.panel.reveal(column, true);
  }

  /** Resolves when the webview is (or next becomes) ready. */
  whenReady(): Promise<void> {
    if (this.webviewReady) return Promise.resolve();
    return new Promise((resolve) => {
      const listener = this.onDidReceive((message) => {
        if (message.type === 'ready') {
          listener.dispose();
          resolve();
        }
      });
    });
  }

  /** Handles a message from the webview (anything invalid is ignored). */
  async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message || this.disposed) {
      if (!message) this.deps.log.warn(`Recur panel: ignored an invalid message from the webview`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        this.layer = message.layer;
        this.kind = message.kind;
        this.post({ type: 'model', status: this.modelStatus() });
        for (const m of this.deps.feed.snapshot()) this.post(m);
        this.refreshActivations();
        break;
      case 'selectLayer': {
        this.layer = message.layer;
        this.kind = message.kind;
        const view = this.activations.view(message.layer, message.kind);
        if (view) this.post({ type: 'layerView', id: view.id, view: view.view });
        break;
      }
      case 'sample':
        void this.sampler.run(message, this.deps.models.current?.model, (update) => this.post({ type: 'sample', update }));
        break;
      case 'cancelSample':
        this.sampler.cancel(message.id);
        break;
      case 'command':
        if (message.command === 'train') void vscode.commands.executeCommand('recur.trainOnWorkspace');
        else if (message.command === 'stopTraining') void vscode.commands.executeCommand('recur.stopTraining');
        else this.deps.log.show(true);
        break;
      case 'refresh':
        this.activations.invalidate();
        this.refreshActivations();
        break;
    }
    this.received.fire(message);
  }

  private modelStatus(): ModelStatus {
    const current = this.deps.models.current;
    if (current) {
      const { checkpoint } = current;
      const workspaceSteps = current.origin === 'workspace' ? checkpoint.step - workspaceScope(checkpoint.metrics).startStep : undefined;
      return {
        kind: 'ready',
        info: {
          file: current.file,
          model: checkpoint.model,
          step: checkpoint.step,
          parameters: parameterCount(checkpoint.model),
          savedAt: checkpoint.savedAt,
          origin: this.deps.models.origin,
          hasStack: current.stack !== undefined,
          workspaceSteps,
          ...(current.index ? { index: current.index } : {}),
        },
      };
    }
    const problem = this.deps.models.problem;
    return problem ? { kind: 'problem', message: problem } : { kind: 'none', budgetMinutes: readTrainingBudgetMinutes() };
  }

  /** Recomputes the activations for the followed text when the webview can show them (a hidden one asks again with 'ready'). */
  private refreshActivations(): void {
    if (!this.webviewReady || !this.panel.visible || this.disposed) return;
    void this.computeActivations();
  }

  private async computeActivations(): Promise<void> {
    const followed = this.follower.current;
    const loaded = this.deps.models.current;
    if (!loaded) {
      this.activations.cancel();
      this.post({ type: 'activationsEmpty', reason: 'noModel', detail: this.deps.models.problem });
      return;
    }
    if (!followed) {
      this.activations.cancel();
      this.post({ type: 'activationsEmpty', reason: 'noEditor', detail: undefined });
      return;
    }
    this.post({ type: 'cursorText', text: textBeforeCursor(followed.document, followed.selection.active), file: path.basename(followed.document.fileName) });
    if (followed.document.getText().length === 0) {
      this.activations.cancel();
      this.post({ type: 'activationsEmpty', reason: 'emptyText', detail: path.basename(followed.document.fileName) });
      return;
    }
    this.post({ type: 'activationsBusy' });
    try {
      const payload = await this.activations.compute(followed, loaded, readPanelSettings().windowCharacters, this.layer, this.kind, this.deps.models.origin);
      if (!payload || this.disposed) return;
      this.post({ type: 'activations', payload });
    } catch (err) {
      this.deps.log.error(`Recur panel: activations failed: ${(err as Error).message}`);
    }
  }

  private post(message: HostMessage): void {
    if (this.disposed || !this.webviewReady) return;
    void this.panel.webview.postMessage(message);
    this.posted.fire(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.activations.cancel();
    this.sampler.cancel();
    for (const s of this.subscriptions) s.dispose();
    this.panel.dispose();
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
    this.posted.dispose();
    this.received.dispose();
  }
}

/** Characters of text before the cursor the playground is primed with (whole lines, at most this many). */
export const CURSOR_PRIME_CHARACTERS = 400;

/** The text before `position`: its line up to the cursor and the lines before it, at most CURSOR_PRIME_CHARACTERS, starting at a line start. */
export function textBeforeCursor(document: vscode.TextDocument, position: vscode.Position): string {
  const offset = document.offsetAt(position);
  const from = Math.max(0, offset - CURSOR_PRIME_CHARACTERS);
  const text = document.getText(new vscode.Range(document.positionAt(from), position));
  if (from === 0) return text;
  const newline = text.indexOf('\n');
  return newline >= 0 && newline < text.length - 1 ? text.slice(newline + 1) : text;
}
