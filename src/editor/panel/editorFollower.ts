// What the activations view follows: the document of the last active text editor and its
// cursor or selection. Focusing the panel (or any non-editor view) leaves no active editor,
// so the last one is kept while the document is open in some editor tab; once its last tab
// closes there is nothing to follow. Changes of editor or selection are reported once they
// have settled for `debounceMs()` (recur.panel.followDebounceMs); while the user types, once
// typing has paused for TYPING_PAUSE_MS (at least), so the view never competes with ghost
// text for the extension host (docs/decisions.md). onDidEdit fires at once on every edit of the followed document,
// so the panel can drop a computation under way.
import * as vscode from 'vscode';

/** After an edit of the followed document, the view waits for a pause in typing this long at least (ms). */
export const TYPING_PAUSE_MS = 1000;

/** Documents the view does not follow: VS Code's own output and debug consoles. */
const IGNORED_SCHEMES = new Set(['output', 'debug', 'vscode-terminal']);

/** Whether some editor tab shows the document (as a text editor or either side of a diff). */
function hasOpenTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => {
      const input = tab.input;
      if (input instanceof vscode.TabInputText) return input.uri.toString() === key;
      if (input instanceof vscode.TabInputTextDiff) return input.original.toString() === key || input.modified.toString() === key;
      return false;
    }),
  );
}

export function isFollowable(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  return editor !== undefined && !IGNORED_SCHEMES.has(editor.document.uri.scheme);
}

/** The followed document and where the cursor (or selection) was last. */
export interface FollowedText {
  document: vscode.TextDocument;
  selection: vscode.Selection;
}

export class EditorFollower implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the followed document, its selection or its text changed and settled. */
  readonly onDidChange = this.changed.event;
  private readonly edited = new vscode.EventEmitter<void>();
  /** Fires at once on every edit of the followed document. */
  readonly onDidEdit = this.edited.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private followed: FollowedText | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** When the followed document was last edited (ms). */
  private lastEditMs = -Infinity;

  constructor(private readonly debounceMs: () => number) {
    const active = vscode.window.activeTextEditor;
    if (isFollowable(active)) this.followed = { document: active.document, selection: active.selection };
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (isFollowable(editor)) this.follow({ document: editor.document, selection: editor.selection });
      }),
      // The active editor's cursor, or the followed document's (moved while the panel has focus).
      vscode.window.onDidChangeTextEditorSelection((event) => {
        const editor = event.textEditor;
        if (!isFollowable(editor) || (editor !== vscode.window.activeTextEditor && editor.document !== this.followed?.document)) return;
        this.follow({ document: editor.document, selection: event.selections[0] ?? editor.selection });
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document !== this.followed?.document || event.contentChanges.length === 0) return;
        this.lastEditMs = Date.now();
        this.edited.fire();
        this.schedule();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document === this.followed?.document) this.stopFollowing();
      }),
      vscode.window.tabGroups.onDidChangeTabs(() => {
        if (this.followed && !hasOpenTab(this.followed.document.uri)) this.stopFollowing();
      }),
    );
  }

  /**
   * The text followed now, if any: never a document whose last tab has closed, even before
   * the tab event that stops following it has arrived (the extension host can hear of the
   * close after the panel asks).
   */
  get current(): FollowedText | undefined {
    return this.followed && hasOpenTab(this.followed.document.uri) ? this.followed : undefined;
  }

  private follow(next: FollowedText): void {
    const same = this.followed && this.followed.document === next.document && this.followed.selection.isEqual(next.selection);
    this.followed = next;
    if (!same) this.schedule();
  }

  private stopFollowing(): void {
    this.followed = undefined;
    this.schedule();
  }

  /** Reports the change once it has settled: the cursor for debounceMs(), typing for TYPING_PAUSE_MS at least (a cursor moved by typing counts as typing). */
  private schedule(): void {
    clearTimeout(this.timer);
    const typing = Date.now() - this.lastEditMs < TYPING_PAUSE_MS;
    const wait = Math.max(0, this.debounceMs(), typing ? TYPING_PAUSE_MS : 0);
    this.timer = setTimeout(() => this.changed.fire(), wait);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    this.edited.dispose();
  }
}
