// Starts the training child process (dist/worker.js) for one job (a training run, or an
// index of the workspace for the base model) and speaks the protocol with it.
// Its stdout/stderr go to a log file; messages come back through callbacks.
import { type ChildProcess, fork } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { isWorkerMessage, type JobMessage, type ParentMessage, type WorkerMessage } from '../../shared/workerProtocol';
import { threadEnvironment } from '../../core/threadLimits';
import { tensorflowNoiseFilter } from '../../core/tensorflowNoise.mjs';

export interface TrainingProcessOptions {
  workerScript: string;
  logFile: string;
  threads: number;
  onMessage(message: WorkerMessage): void;
  onExit(code: number | null, signal: NodeJS.Signals | null): void;
}

/** How long a stop request may take before the process is killed. */
export const STOP_GRACE_MS = 3000;

export class TrainingProcess {
  private readonly child: ChildProcess;
  private readonly log: WriteStream;
  private exited = false;
  private killTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly job: JobMessage,
    options: TrainingProcessOptions,
  ) {
    this.log = createWriteStream(options.logFile, { flags: 'w' });
    this.log.write(`[${new Date().toISOString()}] starting ${options.workerScript} with ${options.threads} thread(s)\n`);
    this.child = fork(options.workerScript, [], {
      // ELECTRON_RUN_AS_NODE: on desktop VS Code the extension host's executable is Electron.
      env: { ...process.env, ...threadEnvironment(options.threads), ELECTRON_RUN_AS_NODE: '1' },
      execArgv: [],
      serialization: 'advanced', // structured clone: NaN (no validation yet) survives, JSON would turn it into null
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child.stdout?.pipe(this.log, { end: false });
    // libtensorflow's start-up lines are dropped (tensorflowNoise.mjs); everything else is kept.
    const stderr = tensorflowNoiseFilter((text) => {
      if (!this.log.writableEnded) this.log.write(text);
    });
    this.child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    this.child.stderr?.on('end', () => stderr.end());
    this.child.on('message', (message: unknown) => {
      if (!isWorkerMessage(message)) return;
      if (message.type === 'ready') this.send(this.job);
      else if (message.type === 'log' || message.type === 'error') this.log.write(`[${message.type === 'error' ? 'error' : message.level}] ${message.message}\n`);
      try {
        options.onMessage(message);
      } catch (err) {
        this.log.write(`[error] handling ${message.type}: ${(err as Error).stack ?? err}\n`);
      }
    });
    this.child.on('error', (err) => this.log.write(`[error] ${err.message}\n`));
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      clearTimeout(this.killTimer);
      stderr.end();
      this.log.write(`[${new Date().toISOString()}] training process exited (code ${code}, signal ${signal})\n`);
      this.log.end();
      options.onExit(code, signal);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** Asks the process to stop at its next step (it writes the latest checkpoint); kills it after the grace period. */
  stop(graceMs = STOP_GRACE_MS): void {
    if (this.exited) return;
    this.send({ type: 'stop' });
    this.killTimer ??= setTimeout(() => this.kill(), graceMs);
  }

  /** Ends the process now. Checkpoints are written atomically, so the last complete one survives. */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** SIGTERM: the process stops after its current step, saves it and exits on its own (src/core/stopSignals.ts), even once this side is gone. */
  terminate(): void {
    if (!this.exited) this.child.kill('SIGTERM');
  }

  private send(message: ParentMessage): void {
    if (this.child.connected) this.child.send(message);
  }
}
