// The index job as the editor runs it: the training process (dist/worker.js, forked with one
// thread, lowered priority, structured-clone IPC), given an index request; its messages are
// collected with the time each arrived. Its peak memory and CPU time come from the process
// itself (the `indexed` messages: process.resourceUsage().maxRSS, process.cpuUsage()).
import { fork } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { threadEnvironment } from '../../../src/core/threadLimits';
import type { IndexRequest, WorkerMessage } from '../../../src/shared/workerProtocol';

const repo = path.resolve(__dirname, '..', '..', '..');

export interface TimedMessage {
  /** Milliseconds since the process was started. */
  at: number;
  message: WorkerMessage;
}

export interface IndexRun {
  messages: TimedMessage[];
  exitCode: number | null;
  /** Milliseconds from the start to the exit. */
  ms: number;
}

export function runIndexProcess(request: IndexRequest, onMessage?: (m: TimedMessage) => void): Promise<IndexRun> {
  const started = performance.now();
  const child = fork(path.join(repo, 'dist', 'worker.js'), [], {
    env: { ...process.env, ...threadEnvironment(1) },
    execArgv: [],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const messages: TimedMessage[] = [];
  return new Promise((resolve, reject) => {
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') child.send({ type: 'index', request });
      const timed = { at: performance.now() - started, message };
      messages.push(timed);
      onMessage?.(timed);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ messages, exitCode: code, ms: performance.now() - started }));
  });
}

/** The `indexed` messages of a run, in order. */
export function indexedMessages(run: IndexRun): (TimedMessage & { message: Extract<WorkerMessage, { type: 'indexed' }> })[] {
  return run.messages.filter((m): m is TimedMessage & { message: Extract<WorkerMessage, { type: 'indexed' }> } => m.message.type === 'indexed');
}
