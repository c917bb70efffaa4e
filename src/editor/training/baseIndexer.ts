// The base model learns the workspace's text: while the editor uses the base model (no
// workspace model yet), a few seconds after the window opens the training process reads the
// workspace with the corpus rules of training and extends the base model's context models
// with it (src/worker/runIndexJob.ts), so suggestions can copy the workspace's identifiers
// from the first minute. The result, paths.baseIndex, is what ModelStore loads instead of the
// bare base model while it belongs to that base. Once per window: the open documents are
// learned as they are typed anyway. Quiet: the output channel says what it read, nothing pops
// up; it runs at lowered priority with one thread and no tfjs.
import * as vscode from 'vscode';
import os from 'node:os';
import path from 'node:path';
import type { ModelStore } from '../modelStore';
import type { ModelPaths, TrainingState } from '../services';
import { readCorpusSettings, readTrainingSettings } from '../../settings';
import { TrainingProcess } from './trainingProcess';

/** How long after the base model is loaded the workspace is read (activation and first paint come first). */
export const INDEX_DELAY_MS = 3000;

export type IndexOutcome = { kind: 'indexed'; files: number; bytes: number; seconds: number } | { kind: 'failed'; message: string } | { kind: 'skipped'; reason: string };

export class BaseIndexer implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private process: TrainingProcess | undefined;
  private running: Promise<IndexOutcome> | undefined;
  private attempted = false;
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly extensionPath: string,
    private readonly paths: ModelPaths,
    private readonly models: ModelStore,
    private readonly trainingState: () => TrainingState,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.listener = models.onDidChange(() => {
      if (!this.attempted && this.models.current?.origin === 'base' && this.timer === undefined) this.timer = setTimeout(() => void this.run(), INDEX_DELAY_MS);
    });
  }

  /** Reads the workspace into the base model's context models now (once per window unless called again). */
  run(): Promise<IndexOutcome> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.attempted = true;
    this.running ??= this.index().finally(() => (this.running = undefined));
    return this.running;
  }

  private index(): Promise<IndexOutcome> {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const contextMemoryMB = readTrainingSettings(os.cpus().length).contextMemoryMB;
    const skip = (reason: string): Promise<IndexOutcome> => Promise.resolve({ kind: 'skipped', reason });
    if (roots.length === 0) return skip('no folder is open');
    if (contextMemoryMB === 0) return skip('recur.context.memoryMB is 0 (the network alone)');
    if (this.trainingState().kind === 'training') return skip('a training run is building its own context models');
    return new Promise((resolve) => {
      let outcome: IndexOutcome = { kind: 'failed', message: 'the process ended without a result' };
      this.process = new TrainingProcess(
        { type: 'index', request: { baseModel: this.paths.baseModel, out: this.paths.baseIndex, roots: roots.map((f) => f.uri.fsPath), corpus: readCorpusSettings(roots[0]), contextMemoryMB } },
        {
          workerScript: path.join(this.extensionPath, 'dist', 'worker.js'),
          logFile: path.join(this.paths.storageDir, 'index.log'),
          threads: 1,
          onMessage: (message) => {
            if (message.type === 'indexed') outcome = { kind: 'indexed', files: message.files, bytes: message.bytes, seconds: message.seconds };
            else if (message.type === 'error') outcome = { kind: 'failed', message: message.message };
          },
          onExit: () => {
            this.process = undefined;
            if (outcome.kind === 'indexed') {
              this.log.info(`Recur: the base model read this workspace (${outcome.files} files, ${(outcome.bytes / 1024).toFixed(0)} KB) in ${outcome.seconds.toFixed(1)} s: ${this.paths.baseIndex}`);
              void this.models.reload().then(() => resolve(outcome));
            } else {
              if (outcome.kind === 'failed') this.log.warn(`Recur: the base model could not read this workspace (${outcome.message}); it suggests without it`);
              resolve(outcome);
            }
          },
        },
      );
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.listener.dispose();
    this.process?.kill();
  }
}
