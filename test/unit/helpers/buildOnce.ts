// Builds dist/ once (node esbuild.config.mjs) for the tests that run the bundled CLI / worker.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const WORKER = path.join(ROOT, 'dist', 'worker.js');
export const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'workspace-small');

let built = false;
export function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last stdout line parsed as JSON (undefined if it is not JSON). */
  json: Record<string, unknown> | undefined;
}

export function runCli(args: string[], cwd: string, options: { env?: Record<string, string>; timeoutMs?: number; nodeArgs?: string[] } = {}): CliRun {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', ...options.env },
    timeout: options.timeoutMs ?? 120_000,
  });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(last) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json };
}
