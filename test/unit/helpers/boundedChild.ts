// Runs a hostile case in a child process under a time and memory limit, so a case that hangs
// (a FIFO read) or grows without bound (/dev/zero) fails its test instead of taking the test
// runner down. The child's resident memory (VmRSS, /proc) is polled every 25 ms; its peak
// (VmHWM at the last poll) and its wall time are returned for the report.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface BoundedRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed after timeoutMs. */
  timedOut: boolean;
  /** Killed for going over maxRssBytes. */
  overMemory: boolean;
  /** Peak resident memory seen, bytes. */
  peakRssBytes: number;
  ms: number;
}

export interface BoundedOptions {
  timeoutMs?: number;
  maxRssBytes?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  /** Run as this user and group id (root only). */
  uid?: number;
  /** Called with all of stderr so far on each new piece, and a way to signal the child. */
  onStderr?: (stderr: string, signal: (name: NodeJS.Signals) => void) => void;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** kB figure of one field of /proc/PID/status, in bytes (0 when gone). */
function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export function runBounded(command: string, args: readonly string[], options: BoundedOptions = {}): Promise<BoundedRun> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRss = options.maxRssBytes ?? 1024 ** 3;
  const started = Date.now();
  const ids = options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {};
  const child = spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], ...ids });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    options.onStderr?.(stderr, (name) => child.kill(name));
  });
  child.stdin.on('error', () => {});
  child.stdin.end(options.input ?? '');
  let timedOut = false;
  let overMemory = false;
  let peak = 0;
  const poll = setInterval(() => {
    if (child.pid === undefined) return;
    peak = Math.max(peak, statusBytes(child.pid, 'VmHWM'));
    if (statusBytes(child.pid, 'VmRSS') > maxRss) {
      overMemory = true;
      child.kill('SIGKILL');
    } else if (Date.now() - started > timeoutMs) {
      timedOut = true;
      child.kill('SIGKILL');
    }
  }, 25);
  return new Promise((resolve) => {
    child.on('close', (status, signal) => {
      clearInterval(poll);
      resolve({ status, signal, stdout, stderr, timedOut, overMemory, peakRssBytes: peak, ms: Date.now() - started });
    });
  });
}

/** Runs a snippet of CommonJS (`require('./src/...')` from the repository root; TypeScript through tsx) inside an async function. */
export function runTsBounded(source: string, options: BoundedOptions = {}): Promise<BoundedRun> {
  const wrapped = `(async () => {\n${source}\n})().catch((err) => { console.error('FAILED', err && err.stack || err); process.exit(3); });`;
  return runBounded(process.execPath, ['--import', 'tsx', '-e', wrapped], options);
}

/** "1.2 s, 85 MB peak": a run's figures for the report. */
export function describeRun(run: BoundedRun): string {
  return `${(run.ms / 1000).toFixed(2)} s, ${Math.round(run.peakRssBytes / 2 ** 20)} MB peak${run.timedOut ? ' (killed: timeout)' : ''}${run.overMemory ? ' (killed: over memory)' : ''}`;
}
