// Installs what is missing, idempotently; quick when nothing is (see scripts/setup.mjs).
// Node built-ins only: this runs before node_modules exists.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { log, repoRoot, run, which } from './run.mjs';
import { ensureTfjsNode } from './tfjs-node.mjs';

/**
 * tests: also Debian packages + code-server for the in-host and UI suites.
 * codeServer: code-server only (for `npm start` without desktop VS Code).
 * tfjsNode: false skips tfjs-node's native binding (a portable VSIX carries none).
 */
export async function setup({ tests = false, codeServer = false, build = true, tfjsNode = true } = {}) {
  ensureNodeModules();
  if (tfjsNode) ensureTfjsNode(repoRoot);
  if (tests || codeServer) {
    const { ensureDebianPackages } = await import('./debian.mjs');
    const { ensureCodeServer } = await import('./code-server.mjs');
    ensureDebianPackages(tests ? undefined : ['libkrb5-dev', 'ripgrep']);
    ensureCodeServer();
  }
  if (build) run(process.execPath, ['esbuild.config.mjs'], { cwd: repoRoot });
}

/** `npm ci` when node_modules is missing or older than package-lock.json (install scripts off: tfjs-node's needs the internet). */
function ensureNodeModules() {
  const lock = path.join(repoRoot, 'package-lock.json');
  const installed = path.join(repoRoot, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm dependencies (npm ci)...');
  const npm = which('npm') ?? 'npm';
  run(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: repoRoot });
  // esbuild's own install script only picks its platform binary; run it (it needs no network).
  run(process.execPath, [path.join(repoRoot, 'node_modules', 'esbuild', 'install.js')], { cwd: repoRoot, quiet: true });
}
