// Installs what is missing, idempotently; quick when nothing is:
//   node scripts/setup.mjs            dependencies + tfjs-node native binding + build
//   node scripts/setup.mjs --tests    ... + Debian packages and code-server for the VS Code / UI tests
//   node scripts/setup.mjs --quiet    print nothing when nothing was missing
// Node built-ins only: this runs before node_modules exists.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { log, repoRoot, run, SetupError, which } from './lib/run.mjs';
import { ensureTfjsNode } from './lib/tfjs-node.mjs';

export async function setup({ tests = false, build = true } = {}) {
  ensureNodeModules();
  ensureTfjsNode(repoRoot);
  if (tests) {
    const { ensureDebianPackages } = await import('./lib/debian.mjs');
    const { ensureCodeServer } = await import('./lib/code-server.mjs');
    ensureDebianPackages();
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

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === path.join(repoRoot, 'scripts', 'setup.mjs');
if (invokedDirectly) {
  try {
    await setup({ tests: process.argv.includes('--tests') });
  } catch (err) {
    if (err instanceof SetupError) {
      log(`setup failed: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
