// The training view's data on the host side: the state of feedState.ts (the metrics history
// and configuration), read from the checkpoint's header when first needed and on every model
// reload while no run is going (on the checkpoint thread: until it answers, the history is
// empty, then a history message follows), and advanced by the training controller's live
// events; each change goes to the webview as panel messages:
//   history     the whole history + config (on load, a new run, a reload of the model)
//   trainPoint / evalPoint   appended while a run is going
//   runConfig   the configuration at each checkpoint the run writes
//   training    idle / training fraction + ETA / failed
import * as vscode from 'vscode';
import type { HostMessage, TrainingStatus } from '../../shared/panelProtocol';
import type { ModelPaths, TrainingState } from '../services';
import type { ModelStore } from '../modelStore';
import type { CheckpointThread } from '../../core/index/checkpointThread';
import type { TrainingController } from '../training/trainingController';
import { readHistoryHeader } from './checkpointHeader';
import { feedFromCheckpoint, type FeedState, historyMessage, reduceFeed } from './feedState';

export class TrainingFeed implements vscode.Disposable {
  private readonly messages = new vscode.EventEmitter<HostMessage>();
  /** Messages for the webview, in order. */
  readonly onMessage = this.messages.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Read from the checkpoint's header when first needed, not at activation. */
  private state: FeedState | undefined;
  /** Counts the changes made here; a read from disk that started before the last one is stale. */
  private generation = 0;
  private reading = false;

  constructor(
    private readonly paths: ModelPaths,
    private readonly training: TrainingController,
    models: ModelStore,
    private readonly reader: CheckpointThread,
  ) {
    this.subscriptions.push(
      training.onEvent((event) => {
        const { state, messages } = reduceFeed(this.current(), event);
        this.state = state;
        this.generation++;
        for (const message of messages) this.messages.fire(message);
      }),
      training.onStateChange(() => this.messages.fire({ type: 'training', status: this.status })),
      models.onDidChange(() => {
        // While a run is going the live history is fuller than any file.
        if (!training.isTraining) void this.readFromDisk();
      }),
    );
  }

  get status(): TrainingStatus {
    return statusOf(this.training.state);
  }

  /** Everything the training view needs after the webview (re)loads. */
  snapshot(): HostMessage[] {
    return [{ type: 'training', status: this.status }, historyMessage(this.current())];
  }

  /** The state known now: until the first read from disk answers, an empty history. */
  private current(): FeedState {
    if (this.state === undefined && !this.reading) void this.readFromDisk();
    return this.state ?? feedFromCheckpoint(undefined);
  }

  /** Reads the history from disk (off the editor's thread) and sends it, unless live events came meanwhile. */
  private async readFromDisk(): Promise<void> {
    const started = ++this.generation;
    this.reading = true;
    try {
      const header = await readHistoryHeader(this.reader, this.paths.latestCheckpoint, this.paths.bestCheckpoint);
      if (this.generation !== started) return;
      this.state = feedFromCheckpoint(header);
      this.messages.fire(historyMessage(this.state));
    } finally {
      this.reading = false;
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.messages.dispose();
  }
}

/** The panel's training status: the very fraction, time left and phase the status bar and the notification show. */
export function statusOf(state: TrainingState): TrainingStatus {
  if (state.kind === 'training') return { kind: 'training', phase: state.phase, fraction: state.fraction, etaSec: state.etaSec };
  if (state.kind === 'failed') return { kind: 'failed', message: state.message };
  return { kind: 'idle' };
}
