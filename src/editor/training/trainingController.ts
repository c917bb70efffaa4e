// Runs training in a child process (dist/worker.js) for the open workspace: start (continuing
// the latest checkpoint unless a fresh start is asked for), stop, and the `recur.training`
// context key. What the process's messages mean is runState.ts's (a pure reducer); this shows
// it: the status, the progress notification with Cancel, the output channel, and at the end
// the result or one clear message, with its way out, when something went wrong.
import * as vscode from 'vscode';
import os from 'node:os';
import path from 'node:path';
import { existsSync, renameSync } from 'node:fs';
import type { ModelPaths, TrainingState } from '../services';
import type { TrainingEvent } from '../../shared/trainingEvents';
import { readCorpusSettings, readTrainingSettings, readUseBaseModel } from '../../settings';
import type { StartRequest, WorkerMessage } from '../../shared/workerProtocol';
import { TrainingProcess } from './trainingProcess';
import { type EndMessage, reduceExit, reduceMessage, type RunState, type RunUpdate, startRun, type TrainingOutcome } from './runState';
import { runStartLine } from './runLog';
import { ProgressNotification } from './progressNotification';

export interface StartOptions {
  /** Start a new model instead of continuing the latest checkpoint (the training process keeps the existing files as *.previous). */
  fresh?: boolean;
}

export class TrainingController implements vscode.Disposable {
  private readonly events = new vscode.EventEmitter<TrainingEvent>();
  private readonly states = new vscode.EventEmitter<TrainingState>();
  readonly onEvent = this.events.event;
  readonly onStateChange = this.states.event;
  private current: TrainingState = { kind: 'idle' };
  private process: TrainingProcess | undefined;
  private running: Promise<TrainingOutcome> | undefined;
  private stopping = false;

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly paths: ModelPaths,
    private readonly log: vscode.LogOutputChannel,
  ) {
    void vscode.commands.executeCommand('setContext', 'recur.training', false);
  }

  get state(): TrainingState {
    return this.current;
  }

  get isTraining(): boolean {
    return this.process?.running === true;
  }

  /** Process id of the running training process (for diagnostics and tests). */
  get processId(): number | undefined {
    return this.process?.running ? this.process.pid : undefined;
  }

  /** The training process's log (stdout, stderr and messages of the last run). */
  get logFile(): string {
    return path.join(this.paths.storageDir, 'training.log');
  }

  /** Trains until the budget is used, it is stopped, or it fails. Resolves when the process has exited. */
  start(options: StartOptions = {}): Promise<TrainingOutcome> {
    if (this.running) {
      void vscode.window.showInformationMessage('Recur is already training. Use "Recur: Stop Training" to stop it.');
      return this.running;
    }
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (roots.length === 0) {
      const message = 'Recur trains on the open folder: open a folder or workspace first.';
      void vscode.window.showErrorMessage(message);
      return Promise.resolve({ kind: 'notStarted', message });
    }
    const settings = readTrainingSettings(os.cpus().length);
    const request: StartRequest = {
      model: settings.model,
      train: settings.train,
      fresh: options.fresh === true,
      baseModel: readUseBaseModel() ? this.paths.baseModel : undefined,
      bestCheckpointPath: this.paths.bestCheckpoint,
      latestCheckpointPath: this.paths.latestCheckpoint,
      roots: roots.map((f) => f.uri.fsPath),
      corpus: readCorpusSettings(roots[0]),
      contextMemoryMB: settings.contextMemoryMB,
    };
    this.running = this.run(request, settings.threads).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Asks the run to stop; it writes its latest checkpoint and exits (killed after a grace period). */
  stop(): void {
    if (!this.process?.running) return;
    this.stopping = true;
    this.log.info('stopping training');
    this.process.stop();
  }

  /** Forks the training process and shows what its messages make of the run (runState.ts) until it exits. */
  private run(request: StartRequest, threads: number): Promise<TrainingOutcome> {
    return new Promise<TrainingOutcome>((resolve) => {
      let run: RunState = startRun(Date.now(), request.train.maxMinutes);
      this.stopping = false;
      this.setState(run.status);
      void vscode.commands.executeCommand('setContext', 'recur.training', true);
      this.log.info(runStartLine(request, threads, this.logFile));
      const notification = new ProgressNotification(run.progress.message, () => this.stop());
      const onMessage = (message: WorkerMessage) => {
        const update = reduceMessage(run, message);
        run = update.state;
        this.show(update, notification);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        this.process = undefined;
        void vscode.commands.executeCommand('setContext', 'recur.training', false);
        notification.close();
        const end = reduceExit(run, { code, signal, stopRequested: this.stopping, at: Date.now() });
        run = end.state;
        this.show(end, notification);
        this.tell(end.message);
        resolve(end.outcome);
      };
      try {
        this.process = new TrainingProcess(
          { type: 'start', request },
          {
            workerScript: path.join(this.context.extensionPath, 'dist', 'worker.js'),
            logFile: this.logFile,
            threads,
            onMessage,
            onExit,
          },
        );
      } catch (err) {
        onMessage({ type: 'error', kind: 'training', message: `the training process could not start: ${(err as Error).message}` });
        onExit(null, null);
      }
    });
  }

  /** The status, the output channel's lines, the notification's line, a notice, the training event. */
  private show(update: RunUpdate, notification: ProgressNotification): void {
    if (update.status) this.setState(update.status);
    for (const line of update.log) this.log[line.level](line.text);
    if (update.progress) notification.report(update.progress.message, update.progress.increment);
    if (update.notice) void vscode.window.showWarningMessage(update.notice);
    if (update.event) this.events.fire(update.event);
  }

  /** The end of a run: its result, or its failure with the way out that fits it. */
  private tell(message: EndMessage): void {
    switch (message.kind) {
      case 'result':
        this.lastEndMessage = message.text;
        void this.announceEnd(message.text);
        break;
      case 'unusableCheckpoint':
        void this.offerFreshStart(message.file, message.message);
        break;
      case 'cannotTrain':
        void vscode.window.showErrorMessage(`Recur: ${message.message}`);
        break;
      case 'failed':
        void this.showFailure(message.message);
        break;
    }
  }

  /** The message shown when the last run ended (for tests). */
  lastEndMessage: string | undefined;

  /** Once, quietly: a notification without modality, with the panel one click away. */
  private async announceEnd(message: string): Promise<void> {
    const pick = await vscode.window.showInformationMessage(message, 'Show Model Panel');
    if (pick === 'Show Model Panel') await vscode.commands.executeCommand('recur.showModelPanel');
  }

  private async showFailure(message: string): Promise<void> {
    const pick = await vscode.window.showErrorMessage(`Recur: training stopped: ${message}. The last checkpoint is kept; the log is at ${this.logFile}.`, 'Open Log');
    if (pick === 'Open Log') await vscode.window.showTextDocument(vscode.Uri.file(this.logFile));
  }

  /** A checkpoint that cannot be continued: never overwritten silently. "Start fresh" moves it aside first. */
  private async offerFreshStart(file: string, message: string): Promise<void> {
    const pick = await vscode.window.showErrorMessage(`Recur cannot continue from the saved model: ${message}`, 'Start fresh', 'Cancel');
    if (pick !== 'Start fresh') return;
    this.setAside([file], 'unusable');
    await this.start({ fresh: true });
  }

  /** Renames each existing file to NAME.SUFFIX (replacing an older one), so nothing is lost. (A fresh start's *.previous is the training process's, under its lock.) */
  private setAside(files: string[], suffix: string): void {
    for (const file of files) {
      if (!existsSync(file)) continue;
      const aside = `${file}.${suffix}`;
      try {
        renameSync(file, aside);
        this.log.info(`kept ${file} as ${aside}`);
      } catch (err) {
        this.log.warn(`could not rename ${file}: ${(err as Error).message}`);
      }
    }
  }

  private setState(state: TrainingState): void {
    this.current = state;
    this.states.fire(state);
  }

  dispose(): void {
    // The window is closing or reloading: the run saves the steps since its last save, then exits.
    this.process?.terminate();
    this.process = undefined;
    this.events.dispose();
    this.states.dispose();
  }
}
