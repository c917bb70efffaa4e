// The workspace index's jobs, seen from the editor: while the editor uses the base model (no
// workspace model yet), a few seconds after the window opens the training process reads the
// workspace, most relevant files first (src/worker/runIndexJob.ts, src/core/index/), into the
// saved index (paths.baseIndex), which ModelStore loads beside the base model. With no saved
// index the job saves a first index of the most relevant files within seconds, then the whole
// one; with one, it reads only what changed since, and the saved one is used meanwhile.
// After files change while the editor runs (liveIndex.ts learns them at once), an update job
// runs UPDATE_DELAY_MS after the last change, to keep the saved index up to date for the next
// window. Quiet: the first index shows its progress in the status bar, the output channel says
// what it read, nothing pops up; it runs at lowered priority with one thread and no tfjs.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModelStore } from '../modelStore';
import type { ModelPaths, TrainingState } from '../services';
import { readCorpusSettings, readTrainingSettings } from '../../settings';
import { TrainingProcess } from '../training/trainingProcess';
import { describeIndexContents, describeLeftOut, type IndexProgress, type IndexSummary } from '../../shared/indexSummary';
import type { WorkerMessage } from '../../shared/workerProtocol';

/** How long after the base model is loaded the workspace is read (activation and first paint come first). */
export const INDEX_DELAY_MS = 500;
/** How long after the last change an update job runs. */
export const UPDATE_DELAY_MS = 20_000;
/** With no editor open when the first job is due, it waits this long for one (its files are read first). */
export const FOCUS_WAIT_MS = 10_000;
/** How long after an editor on a folder the index holds nothing of became active the index follows it. */
export const FOCUS_DELAY_MS = 1000;

export type IndexOutcome =
  | { kind: 'indexed'; files: number; bytes: number; seconds: number; phase: 'first' | 'full' | 'update'; filesRead: number; filesKept: number; summary: IndexSummary | undefined }
  | { kind: 'failed'; message: string }
  | { kind: 'skipped'; reason: string };

export class BaseIndexer implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private process: TrainingProcess | undefined;
  private running: Promise<IndexOutcome> | undefined;
  private attempted = false;
  /** The job asked for while one runs. */
  private followUp: Promise<IndexOutcome> | undefined;
  private readonly listeners: vscode.Disposable[];
  /** The next job's saved index is loaded at once (its focus changed: the loaded one lacks what it reads). */
  private reloadNext = false;
  private readonly progressChanged = new vscode.EventEmitter<void>();
  /** Fires when the first index's progress changes (and when it ends). */
  readonly onDidChangeProgress = this.progressChanged.event;
  private firstProgress: IndexProgress | undefined;
  /** The last job's outcome (tests and benchmarks read it). */
  lastOutcome: IndexOutcome | undefined;
  /** When the last job that reloaded the model started reading (ms). */
  lastReadAt = 0;

  constructor(
    private readonly extensionPath: string,
    private readonly paths: ModelPaths,
    private readonly models: ModelStore,
    private readonly trainingState: () => TrainingState,
    private readonly log: vscode.LogOutputChannel,
    private readonly focus: { focus(): string[]; onDidChangeActive: vscode.Event<string> },
  ) {
    this.listeners = [
      models.onDidChange(() => {
        if (!this.attempted && this.models.current?.origin === 'base' && this.timer === undefined) this.timer = setTimeout(() => void this.firstRun(), INDEX_DELAY_MS);
      }),
      focus.onDidChangeActive((file) => this.followFocus(file)),
    ];
  }

  /** The first job of the window: when no editor is open yet, it waits (up to FOCUS_WAIT_MS) for one, whose files it then reads first. */
  private async firstRun(): Promise<void> {
    if (this.focus.focus().length === 0) {
      await new Promise<void>((resolve) => {
        const waited = setTimeout(done, FOCUS_WAIT_MS);
        const listener = this.focus.onDidChangeActive(done);
        function done(): void {
          clearTimeout(waited);
          listener.dispose();
          resolve();
        }
      });
    }
    if (!this.attempted) await this.run();
  }

  /** An editor became active on a file whose folder the index holds nothing of: read its part of the workspace first, and use it. */
  private followFocus(file: string): void {
    const loaded = this.models.current;
    if (!this.attempted || loaded?.origin !== 'base' || !loaded.indexedFolders || loaded.indexedFolders.has(path.dirname(file))) return;
    if (!vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))) return;
    this.reloadNext = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), FOCUS_DELAY_MS);
  }

  /** The first index's progress while it is built (undefined otherwise). */
  get progress(): IndexProgress | undefined {
    return this.firstProgress;
  }

  /** Files changed: an update job runs after UPDATE_DELAY_MS without further changes. */
  scheduleUpdate(delayMs = UPDATE_DELAY_MS): void {
    if (!this.attempted || this.models.current?.origin !== 'base') return; // the first job will read them
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
  }

  /** Runs an index job now, or, when one runs, once more after it (it may have read the workspace before the latest change); resolves with the outcome of the job it asked for. */
  run(): Promise<IndexOutcome> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.attempted = true;
    if (this.running) {
      this.followUp ??= this.running.then(() => {
        this.followUp = undefined;
        return this.run();
      });
      return this.followUp;
    }
    this.running = this.index().finally(() => (this.running = undefined));
    return this.running;
  }

  private index(): Promise<IndexOutcome> {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const contextMemoryMB = readTrainingSettings(os.cpus().length).contextMemoryMB;
    const skip = (reason: string): Promise<IndexOutcome> => Promise.resolve((this.lastOutcome = { kind: 'skipped', reason }));
    if (roots.length === 0) return skip('no folder is open');
    if (contextMemoryMB === 0) return skip('recur.context.memoryMB is 0 (the network alone)');
    if (this.trainingState().kind === 'training') return skip('a training run is building its own context models');
    const firstBuild = !existsSync(this.paths.baseIndex);
    const startedAt = Date.now();
    // Load what this job saves when the loaded model does not hold the saved index yet, or the focus moved.
    const opening = this.models.current?.file !== this.paths.baseIndex || this.reloadNext;
    this.reloadNext = false;
    const corpus = readCorpusSettings(roots[0]);
    const request = {
      baseModel: this.paths.baseModel,
      out: this.paths.baseIndex,
      roots: roots.map((f) => f.uri.fsPath),
      corpus,
      excludes: roots.map((f) => [...readCorpusSettings(f).excludeGlobs]),
      contextMemoryMB,
      focus: this.focus.focus(),
    };
    return new Promise((resolve) => {
      let outcome: IndexOutcome = { kind: 'failed', message: 'the process ended without a result' };
      let reloads = Promise.resolve();
      this.process = new TrainingProcess(
        { type: 'index', request },
        {
          workerScript: path.join(this.extensionPath, 'dist', 'worker.js'),
          logFile: path.join(this.paths.storageDir, 'index.log'),
          threads: 1,
          onMessage: (message) => {
            const next = this.onMessage(message, firstBuild, opening);
            if (next) outcome = next;
            if (next?.kind === 'indexed' && message.type === 'indexed' && message.written !== false && (next.phase !== 'update' || opening)) reloads = reloads.then(() => this.reload(startedAt));
          },
          onExit: () => {
            this.process = undefined;
            this.setProgress(undefined);
            if (outcome.kind === 'failed') this.log.warn(`Recur: the workspace index could not be built (${outcome.message}); suggestions go on without it`);
            this.lastOutcome = outcome;
            void reloads.then(() => resolve(outcome));
          },
        },
      );
    });
  }

  /** What a message from the job means (undefined: nothing for the outcome). */
  private onMessage(message: WorkerMessage, firstBuild: boolean, opening: boolean): IndexOutcome | undefined {
    if (message.type === 'indexProgress') {
      if (firstBuild) this.setProgress(message.progress);
      return undefined;
    }
    if (message.type === 'error') return { kind: 'failed', message: message.message };
    if (message.type === 'log') this.log.appendLine(`Recur: index: ${message.message}`);
    if (message.type !== 'indexed') return undefined;
    const phase = message.phase ?? 'full';
    const summary = message.summary;
    const read =
      phase === 'update' ? `read ${message.filesRead ?? 0} changed file(s), kept ${message.filesKept ?? 0} unread` : `read ${summary ? describeIndexContents(summary) : `${message.files} files`}`;
    const leftOut = summary ? describeLeftOut(summary) : '';
    this.log.info(
      `Recur: workspace index (${phase === 'first' ? 'first, most relevant files' : phase}${opening && phase === 'update' ? ', saved index reused' : ''}): ${read} in ${message.seconds.toFixed(1)} s${leftOut ? `; ${leftOut}` : ''}`,
    );
    if (phase === 'full') this.setProgress(undefined);
    return { kind: 'indexed', files: message.files, bytes: message.bytes, seconds: message.seconds, phase, filesRead: message.filesRead ?? 0, filesKept: message.filesKept ?? 0, summary };
  }

  /** Loads the new index when it is what the store uses (the base model's); a workspace model in use is left as it is. */
  private async reload(readAt: number): Promise<void> {
    this.lastReadAt = readAt;
    await this.models.reload(false);
  }

  private setProgress(progress: IndexProgress | undefined): void {
    this.firstProgress = progress;
    this.progressChanged.fire();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const listener of this.listeners) listener.dispose();
    this.progressChanged.dispose();
    this.process?.kill();
  }
}
