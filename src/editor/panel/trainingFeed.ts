// The training view's data on the host side: the metrics history and configuration from the
// checkpoint (the latest one: it is written at every evaluation), kept up to date by the
// training controller's live events, and turned into panel messages:
//   history     the whole history + config (on load, a new run, a reload of the model)
//   trainPoint / evalPoint   appended while a run is going
//   runConfig   the configuration, re-read from each checkpoint the run writes
//   training    idle / training fraction + ETA / failed
import * as vscode from 'vscode';
import os from 'node:os';
import type { TrainingEvent } from '../../shared/trainingEvents';
import { emptyMetrics, type MetricsHistory } from '../../shared/metrics';
import { parameterCount } from '../../core/model/weights';
import type { HostMessage, RunConfig, TrainingStatus } from '../../shared/panelProtocol';
import type { ModelPaths, TrainingState } from '../services';
import type { ModelStore } from '../modelStore';
import type { TrainingController } from '../training/trainingController';
import { readTrainingSettings } from '../../settings';
import { type CheckpointInfo, readCheckpointInfo } from '../../core/model/checkpoint';
import { readHistoryHeader } from './checkpointHeader';

function runConfigOf(header: CheckpointInfo): RunConfig {
  return { model: header.model, train: header.train, corpus: header.corpus, step: header.step, charsSeen: header.charsSeen, parameters: parameterCount(header.model) };
}

export class TrainingFeed implements vscode.Disposable {
  private readonly messages = new vscode.EventEmitter<HostMessage>();
  /** Messages for the webview, in order. */
  readonly onMessage = this.messages.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private metrics: MetricsHistory = emptyMetrics();
  private config: RunConfig | undefined;
  private etaSec: number | undefined;
  /** The checkpoint's header is read when first needed, not at activation. */
  private loaded = false;

  constructor(private readonly paths: ModelPaths, private readonly training: TrainingController, models: ModelStore) {
    this.subscriptions.push(
      training.onEvent((event) => this.onTrainingEvent(event)),
      training.onStateChange(() => this.messages.fire({ type: 'training', status: this.status })),
      models.onDidChange(() => {
        // While a run is going the live history is fuller than any file.
        if (!training.isTraining) {
          this.loadFromDisk();
          this.messages.fire(this.historyMessage());
        }
      }),
    );
  }


  get status(): TrainingStatus {
    return statusOf(this.training.state, this.etaSec);
  }

  /** Everything the training view needs after the webview (re)loads. */
  snapshot(): HostMessage[] {
    if (!this.loaded) this.loadFromDisk();
    return [{ type: 'training', status: this.status }, this.historyMessage()];
  }

  /** A snapshot: the feed keeps appending to its own arrays after the message is sent. */
  private historyMessage(): HostMessage {
    const m = this.metrics;
    return { type: 'history', history: { runs: [...m.runs], train: [...m.train], eval: [...m.eval], baselines: [...m.baselines] }, config: this.config };
  }

  private loadFromDisk(): void {
    this.loaded = true;
    const header = readHistoryHeader(this.paths.latestCheckpoint, this.paths.bestCheckpoint);
    this.metrics = header?.metrics ?? emptyMetrics();
    this.config = header ? runConfigOf(header) : undefined;
  }

  private onTrainingEvent(event: TrainingEvent): void {
    switch (event.kind) {
      case 'started': {
        this.loaded = true;
        this.metrics = event.history;
        this.etaSec = undefined;
        // What the controller started this run with; a resumed run keeps the checkpoint's model.
        const settings = readTrainingSettings(os.cpus().length);
        const resumed = event.startStep > 0 ? readCheckpointInfo(this.paths.latestCheckpoint) : undefined;
        const model = resumed?.model ?? settings.model;
        this.config = { model, train: settings.train, corpus: resumed?.corpus, step: event.startStep, charsSeen: resumed?.charsSeen ?? 0, parameters: event.parameters };
        this.messages.fire(this.historyMessage());
        break;
      }
      case 'step':
        this.metrics.train.push(event.point);
        this.etaSec = event.etaSec;
        if (this.config) this.config = { ...this.config, step: event.point.step };
        this.messages.fire({ type: 'trainPoint', point: event.point });
        break;
      case 'eval':
        this.metrics.eval.push(event.point);
        this.messages.fire({ type: 'evalPoint', point: event.point });
        break;
      case 'checkpoint': {
        const header = readCheckpointInfo(event.path);
        if (header) {
          this.config = runConfigOf(header);
          this.messages.fire({ type: 'runConfig', config: this.config });
        }
        break;
      }
      case 'finished':
        this.etaSec = undefined;
        break;
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.messages.dispose();
  }
}

export function statusOf(state: TrainingState, etaSec: number | undefined): TrainingStatus {
  if (state.kind === 'training') return { kind: 'training', fraction: state.fraction, etaSec };
  if (state.kind === 'failed') return { kind: 'failed', message: state.message };
  return { kind: 'idle' };
}
