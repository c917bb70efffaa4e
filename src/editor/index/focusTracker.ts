// Which files matter to what the user edits now, best first, for the index's relevance order
// (src/core/index/relevance.ts): the active editor's file, the other visible ones, the open
// tabs, then the files edited lately (remembered across windows in the workspace's state,
// so the first index of a new window starts from where the user left off).
import * as vscode from 'vscode';
import path from 'node:path';

const RECENT_KEY = 'recur.index.recentlyEdited';
/** Recently edited files remembered at most. */
export const MAX_RECENT = 50;

export class FocusTracker implements vscode.Disposable {
  private recent: string[];
  private readonly listeners: vscode.Disposable[];
  private readonly activeChanged = new vscode.EventEmitter<string>();
  /** Fires with the file of an editor that became active. */
  readonly onDidChangeActive = this.activeChanged.event;

  constructor(private readonly memento: vscode.Memento) {
    const saved = memento.get<unknown>(RECENT_KEY);
    this.recent = Array.isArray(saved) ? saved.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT) : [];
    this.listeners = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.edited(event.document.uri);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const file = pathOf(editor?.document.uri);
        if (file) this.activeChanged.fire(file);
      }),
    ];
  }

  /** Absolute paths, best first, without repeats. */
  focus(): string[] {
    const active = vscode.window.activeTextEditor?.document.uri;
    const visible = vscode.window.visibleTextEditors.map((e) => e.document.uri);
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => (tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined)));
    const open = [active, ...visible, ...tabs].map(pathOf).filter((p): p is string => p !== undefined);
    return [...new Set([...open, ...this.recent])];
  }

  private edited(uri: vscode.Uri): void {
    const file = pathOf(uri);
    if (!file || this.recent[0] === file) return;
    this.recent = [file, ...this.recent.filter((p) => p !== file)].slice(0, MAX_RECENT);
    void this.memento.update(RECENT_KEY, this.recent);
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
    this.activeChanged.dispose();
  }
}

/** The file path of a document's URI: a file on disk, or an untitled document created with a path. */
function pathOf(uri: vscode.Uri | undefined): string | undefined {
  if (!uri) return undefined;
  if (uri.scheme === 'file') return uri.fsPath;
  return uri.scheme === 'untitled' && path.isAbsolute(uri.path) && uri.path !== '/' ? uri.fsPath : undefined;
}
