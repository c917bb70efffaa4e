// The one notification a training run shows, with Cancel: reading the workspace, building the
// context models, then step · perplexity · time left (its lines come from runState.ts). It
// closes when the training process exits.
import * as vscode from 'vscode';

export class ProgressNotification {
  private progress: vscode.Progress<{ message?: string; increment?: number }> | undefined;
  private closeNotification: () => void = () => {};

  constructor(
    private lastMessage: string,
    onCancel: () => void,
  ) {
    const closed = new Promise<void>((done) => (this.closeNotification = done));
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Recur: training', cancellable: true }, (progress, token) => {
      this.progress = progress;
      progress.report({ message: this.lastMessage });
      token.onCancellationRequested(onCancel);
      return closed;
    });
  }

  /** A new line; `increment` moves the bar (percent). */
  report(message: string, increment: number | undefined): void {
    this.lastMessage = message;
    this.progress?.report({ message, increment });
  }

  close(): void {
    this.closeNotification();
  }
}
