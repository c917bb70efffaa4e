// The training view's data on the host side: the state of feedState.ts (the metrics history
// and configuration), read from the checkpoint's header when first needed and on every model
// reload while no run is going, and advanced by the training controller's live events; each
// change goes to the webview as panel messages:
//   history     the whole history + config (on load, a new run, a reload of the model)
//   trainPoint / evalPoint   appended while a run is going
//   runConfig   the configuration at each checkpoint the run writes
//   training    idle / training fraction + ETA / failed
import * as vscode from 'vscode';
import type { HostMessage, TrainingStatus } from '../../shared/panelProtocol';
import type { ModelPaths, TrainingState } from '../services';
import type { ModelStore } from '../modelStore';
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

  constructor(private readonly paths: ModelPaths, private readonly training: TrainingController, models: ModelStore) {
    this.subscriptions.push(
      training.onEvent((event) => {
        const { state, messages } = reduceFeed(this.current(), event);
        this.state = state;
        for (const message of messages) this.messages.fire(message);
      }),
      training.onStateChange(() => this.messages.fire({ type: 'training', status: this.status })),
      models.onDidChange(() => {
        // While a run is going the live history is fuller than any file.
        if (!training.isTraining) {
          this.state = this.fromDisk();
          this.messages.fire(historyMessage(this.state));
        }
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

  private current(): FeedState {
    this.state ??= this.fromDisk();
    return this.state;
  }

  private fromDisk(): FeedState {
    return feedFromCheckpoint(readHistoryHeader(this.paths.latestCheckpoint, this.paths.bestCheckpoint));
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
