// Small process helpers for the setup and test scripts. Node built-ins only:
// these run before `npm ci` has installed anything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tensorflowNoiseFilter } from '../../src/core/tensorflowNoise.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where installs that must survive a fresh clone live (keyed by version below it). */
export const cacheRoot = process.env.RECUR_CACHE_DIR || path.join(os.homedir(), '.cache', 'recur');

export function log(message) {
  process.stderr.write(`[recur] ${message}\n`);
}

export class SetupError extends Error {}

/** Runs a command, inheriting stdio unless `quiet`; throws SetupError on failure. */
export function run(command, args, options = {}) {
  const { quiet = false, ...rest } = options;
  const result = spawnSync(command, args, {
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...rest,
  });
  if (result.error) throw new SetupError(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    const tail = quiet ? `\n${(result.stdout ?? '') + (result.stderr ?? '')}`.split('\n').slice(-30).join('\n') : '';
    throw new SetupError(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}${tail}`);
  }
  return result;
}

/** Like run() but returns the result instead of throwing. */
export function tryRun(command, args, options = {}) {
  return spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
}

/** Runs a command asynchronously, streaming output; resolves with the exit code. */
export function runAsync(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Like runAsync, with libtensorflow's start-up lines dropped from the output (src/core/tensorflowNoise.mjs); everything else is streamed as it comes. */
export function runAsyncFiltered(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['inherit', 'pipe', 'pipe'] });
    const out = tensorflowNoiseFilter((text) => process.stdout.write(text));
    const err = tensorflowNoiseFilter((text) => process.stderr.write(text));
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      out.end();
      err.end();
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

export function which(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** npm_config_nodedir for node-gyp, so it never tries to download Node headers. */
export function nodeGypEnv() {
  const env = { ...process.env };
  const nodedir = path.resolve(path.dirname(process.execPath), '..');
  if (!env.npm_config_nodedir && existsSync(path.join(nodedir, 'include', 'node', 'node_api.h'))) {
    env.npm_config_nodedir = nodedir;
  }
  return env;
}
