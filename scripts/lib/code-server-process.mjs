// Starts and stops a code-server (real VS Code 1.100 server + extension host) on 127.0.0.1.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, createWriteStream } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { codeServerEntry } from './code-server.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** User settings for a quiet, predictable test profile. */
export const TEST_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'window.commandCenter': false,
};

/**
 * Starts code-server. Returns { url, port, profileDir, stop() }.
 * options: { port, profileDir, env, userSettings, extensionsDir, logFile, args, workspaceTrust }
 * (workspaceTrust: true keeps VS Code's workspace trust on, so a folder opens in Restricted Mode)
 */
export async function startCodeServer(options = {}) {
  const port = options.port ?? (await freePort());
  const profileDir = options.profileDir ?? mkdtempSync(path.join(os.tmpdir(), 'recur-vscode-'));
  const userDataDir = path.join(profileDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(profileDir, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const trust = options.workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...TEST_USER_SETTINGS, ...trust, ...(options.userSettings ?? {}) }, null, 2));
  const args = [
    codeServerEntry(),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    ...(options.args ?? []),
  ];
  const logFile = options.logFile ?? path.join(profileDir, 'code-server.log');
  const logStream = createWriteStream(logFile);
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...(options.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.pipe(logStream);
  child.stderr.pipe(logStream);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, child, 60_000);
  const stop = stopperOf(child);
  return { url, port, profileDir, userDataDir, extensionsDir, logFile, child, stop };
}

/** stop() for a code-server process group: SIGTERM, then SIGKILL after 5 s; once. */
function stopperOf(child) {
  let stopped = false;
  return async () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
        resolve();
      }, 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      if (child.exitCode !== null) {
        clearTimeout(timer);
        resolve();
      }
    });
  };
}

async function waitForHttp(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it listened`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000}s`);
}

/**
 * The workbench URL that opens `folder` with an extension under development and optional in-host tests.
 * @param {{ port: number, url: string }} server
 * @param {{ folder?: string, extensionPath?: string, testsPath?: string }} where
 */
export function workbenchUrl(server, { folder, extensionPath, testsPath } = {}) {
  const host = `127.0.0.1:${server.port}`;
  const payload = [];
  if (extensionPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${host}${extensionPath}`]);
  if (testsPath) payload.push(['extensionTestsPath', `vscode-remote://${host}${testsPath}`]);
  const query = new URLSearchParams();
  if (folder) query.set('folder', folder);
  let url = `${server.url}/?${query.toString()}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}
