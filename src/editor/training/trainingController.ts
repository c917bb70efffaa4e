// Runs training in a child process (dist/worker.js) for the open workspace: start (continuing
// the latest checkpoint unless a fresh start is asked for), stop, progress notification with
// Cancel, the `recur.training` context key, and one clear message when something goes wrong.
import * as vscode from 'vscode';
import os from 'node:os';
import path from 'node:path';
import { existsSync, renameSync } from 'node:fs';
import type { ModelPaths, TrainingState } from '../services';
import type { TrainingEvent, TrainingStopReason, TrainingSummary } from '../../shared/trainingEvents';
import { readCorpusSettings, readTrainingSettings, readUseBaseModel } from '../../settings';
import type { StartRequest, WorkerMessage } from '../../shared/workerProtocol';
import { TrainingProcess } from './trainingProcess';
import { formatCount, formatDuration, type ProgressFigures, progressLine } from './progressText';
import { emptyMetrics, type EvalPoint, type MetricsHistory } from '../../shared/metrics';
import { modelVerdict } from '../../shared/verdict';

export type TrainingOutcome =
  | { kind: 'finished'; reason: TrainingStopReason; summary: TrainingSummary }
  | { kind: 'failed'; message: string }
  | { kind: 'notStarted'; message: string };

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

  constructor(readonly context: vscode.ExtensionContext, readonly paths: ModelPaths, private readonly log: vscode.LogOutputChannel) {
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

  private run(request: StartRequest, threads: number): Promise<TrainingOutcome> {
    return new Promise<TrainingOutcome>((resolve) => {
      let outcome: TrainingOutcome | undefined;
      let workerError: Extract<WorkerMessage, { type: 'error' }> | undefined;
      let figures: ProgressFigures = { step: 0, trainBpc: NaN, valPerplexity: undefined, charsPerSec: 0, etaSec: undefined };
      let reportedFraction = 0;
      let history: MetricsHistory = emptyMetrics();
      const speeds: number[] = [];
      const runStarted = Date.now();
      // One notification for the whole run (with Cancel): reading the workspace, building the
      // context models, then step · perplexity · time left; it closes when the process exits.
      let finishProgress: () => void = () => {};
      const ended = new Promise<void>((done) => (finishProgress = done));
      let progress: vscode.Progress<{ message?: string; increment?: number }> | undefined;
      let lastMessage = 'reading the workspace…';
      const report = (message: string, fraction?: number) => {
        lastMessage = message;
        const increment = fraction === undefined ? undefined : Math.max(0, fraction - reportedFraction) * 100;
        if (fraction !== undefined) reportedFraction = Math.max(reportedFraction, fraction);
        progress?.report({ message, increment });
      };
      this.stopping = false;
      this.setState({ kind: 'training', phase: 'reading', fraction: 0, valPerplexity: undefined, etaSec: undefined });
      void vscode.commands.executeCommand('setContext', 'recur.training', true);
      this.log.info(`training ${request.fresh ? 'a fresh model' : 'from the latest checkpoint if there is one'} on ${request.roots.join(', ')} (${threads} thread(s)); log: ${this.logFile}`);

      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'log') (message.level === 'warn' ? this.log.warn : this.log.info).call(this.log, message.message);
        else if (message.type === 'notice') {
          this.log.warn(message.message);
          void vscode.window.showWarningMessage(message.message);
        }
        else if (message.type === 'error') workerError = message;
        else if (message.type === 'corpus' && message.resumedFromStep !== undefined) this.log.info(`continuing from step ${message.resumedFromStep}`);
        else if (message.type === 'event') {
          const event = message.event;
          if (event.kind === 'context') {
            if (!event.done) {
              this.setState({ kind: 'training', phase: 'context', fraction: 0, valPerplexity: undefined, etaSec: undefined });
              report(`building the context models ${Math.floor(event.fraction * 100)}%…`);
            } else this.log.info(`context models built from ${formatCount(event.bytes)} bytes in ${event.seconds.toFixed(1)} s`);
          } else if (event.kind === 'started') {
            history = event.history;
            report('preparing the first batches…');
          } else if (event.kind === 'step') {
            figures = { ...figures, step: event.point.step, trainBpc: event.point.bpc, charsPerSec: event.point.charsPerSec, etaSec: event.etaSec };
            if (Number.isFinite(event.point.charsPerSec)) speeds.push(event.point.charsPerSec);
            this.setState({ kind: 'training', phase: 'stepping', fraction: event.fraction, valPerplexity: figures.valPerplexity, etaSec: event.etaSec });
            report(progressLine(figures), event.fraction);
          } else if (event.kind === 'eval') {
            const ppl = usedPerplexity(event.point);
            figures = { ...figures, valPerplexity: ppl };
            history = { ...history, eval: [...history.eval, event.point] };
            const mix = event.point.mixBpc !== undefined && Number.isFinite(event.point.mixBpc) ? `; with the context models ${fixed(event.point.mixBpc, 3)} bpc, perplexity ${fixed(ppl, 2)}` : '';
            this.log.info(`step ${event.point.step}: validation ${fixed(event.point.valBpc, 3)} bpc, perplexity ${fixed(event.point.valPerplexity, 2)} (the network alone)${mix}${event.best ? ' (best so far)' : ''}`);
            if (this.current.kind === 'training') this.setState({ ...this.current, valPerplexity: ppl });
            report(progressLine(figures));
          } else if (event.kind === 'finished') {
            outcome = { kind: 'finished', reason: event.reason, summary: event.summary };
            // The same speed the panel shows: the mean of this run's logged steps (the summary's counts the whole run, validation and context models included).
            const stepping = meanSpeed(speeds);
            this.log.info(
              `training finished (${event.reason}): ${event.summary.steps} steps, ${Number.isFinite(stepping) ? `${Math.round(stepping)} chars/s while stepping (` : '('}${Math.round(event.summary.charsPerSec)} chars/s over the whole run, validation included), validation ${fixed(event.summary.valBpc, 3)} bpc`,
            );
          }
          this.events.fire(event);
        }
      };

      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        this.process = undefined;
        void vscode.commands.executeCommand('setContext', 'recur.training', false);
        finishProgress();
        if (!outcome) {
          if (workerError) outcome = { kind: 'failed', message: workerError.message };
          else if (this.stopping) outcome = { kind: 'finished', reason: 'stopped', summary: emptySummary() };
          else outcome = { kind: 'failed', message: `the training process ended unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})` };
        }
        if (outcome.kind === 'failed') {
          this.setState({ kind: 'failed', message: outcome.message });
          this.log.error(`training failed: ${outcome.message}`);
          if (workerError?.kind === 'checkpoint' && workerError.file) void this.offerFreshStart(workerError.file, workerError.message);
          else if (workerError?.kind === 'corpus' || workerError?.kind === 'locked') void vscode.window.showErrorMessage(`Recur: ${workerError.message}`);
          else void this.showFailure(outcome.message);
        } else if (outcome.kind === 'finished') {
          this.setState({ kind: 'idle' });
          const message = endOfTrainingMessage(outcome.reason, outcome.summary, history, (Date.now() - runStarted) / 1000, request.train.maxMinutes);
          this.lastEndMessage = message;
          this.log.info(message);
          void this.announceEnd(message);
        }
        resolve(outcome);
      };

      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Recur: training', cancellable: true }, (p, token) => {
        progress = p;
        p.report({ message: lastMessage });
        token.onCancellationRequested(() => this.stop());
        return ended;
      });
      try {
        this.process = new TrainingProcess({ type: 'start', request }, {
          workerScript: path.join(this.context.extensionPath, 'dist', 'worker.js'),
          logFile: this.logFile,
          threads,
          onMessage,
          onExit,
        });
      } catch (err) {
        workerError = { type: 'error', kind: 'training', message: `the training process could not start: ${(err as Error).message}` } as Extract<WorkerMessage, { type: 'error' }>;
        onExit(null, null);
      }
    });
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
    this.process?.kill();
    this.process = undefined;
    this.events.dispose();
    this.states.dispose();
  }
}

function fixed(value: number | null | undefined, digits: number): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function emptySummary(): TrainingSummary {
  return { steps: 0, chars: 0, charsPerSec: 0, trainBpc: NaN, valBpc: NaN, valPerplexity: NaN, bestValBpc: NaN, mixBpc: NaN, bestMixBpc: NaN };
}

/** The perplexity of what the editor uses: the whole stack's when it was measured, else the network's. */
export function usedPerplexity(point: EvalPoint): number {
  return point.mixBpc !== undefined && Number.isFinite(point.mixBpc) ? Math.pow(2, point.mixBpc) : point.valPerplexity;
}

/** Mean of logged speeds (characters per second while stepping); NaN when none. The panel's "Speed" is the same figure. */
export function meanSpeed(speeds: readonly number[]): number {
  const finite = speeds.filter((s) => Number.isFinite(s) && s > 0);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
}

const REASON_TEXT: Record<TrainingStopReason, string> = {
  budget: 'used its time budget',
  steps: 'reached its step budget',
  plateau: 'stopped improving',
  stopped: 'was stopped',
};

/** "Recur: training finished after 3m (used its time budget). Validation perplexity 10.7: not yet useful, worse than brotli 3.07 on the same files. Train longer: ..." */
export function endOfTrainingMessage(reason: TrainingStopReason, summary: TrainingSummary, history: Pick<MetricsHistory, 'eval' | 'baselines'>, seconds: number, maxMinutes: number): string {
  const verdict = modelVerdict(history, { origin: 'workspace', maxMinutes });
  const steps = summary.steps > 0 ? `, ${formatCount(summary.steps)} steps` : '';
  const head = `Recur: training ${REASON_TEXT[reason]} after ${formatDuration(seconds) ?? '?'}${steps}.`;
  if (verdict.level === 'unknown' && !Number.isFinite(verdict.bpc)) return `${head} ${summary.steps > 0 ? 'No validation yet: the model is kept as it is.' : 'The last good model is kept.'}`;
  return [head, verdict.summary, verdict.advice].filter(Boolean).join(' ');
}
