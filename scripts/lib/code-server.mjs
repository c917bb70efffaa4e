// Installs code-server (the real VS Code server + extension host, from the npm registry)
// without internet: its own postinstall downloads things, so its steps are done here.
// Cached outside the clone, keyed by version, so a second run costs nothing.
import { existsSync, mkdirSync, copyFileSync, chmodSync, rmSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { cacheRoot, log, nodeGypEnv, run, SetupError, which } from './run.mjs';

export const CODE_SERVER_VERSION = '4.100.3';

/** Native modules of VS Code's server that npm would build in postinstall. */
const NATIVE_MODULES = ['kerberos', 'node-pty', '@parcel/watcher', '@vscode/deviceid', '@vscode/spdlog', 'native-watchdog'];

export function codeServerDir() {
  return path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
}

/** Path of the code-server entry (run it with the current Node). */
export function codeServerEntry() {
  return path.join(codeServerDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export function ensureCodeServer() {
  const root = codeServerDir();
  const marker = path.join(root, '.complete');
  if (existsSync(marker)) {
    ensureExtensionDependencies(path.join(root, 'node_modules', 'code-server', 'lib', 'vscode')); // caches made before this step existed
    return codeServerEntry();
  }
  if (process.versions.node.split('.')[0] !== '20') {
    throw new SetupError(`code-server ${CODE_SERVER_VERSION} needs Node 20; this is Node ${process.versions.node}.`);
  }
  log(`installing code-server ${CODE_SERVER_VERSION} into ${root} (once; a few minutes)...`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'recur-code-server-cache', private: true }));
  const npm = which('npm') ?? 'npm';
  const env = nodeGypEnv();
  run(npm, ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, env, quiet: true });

  const pkg = path.join(root, 'node_modules', 'code-server');
  const vscodeDir = path.join(pkg, 'lib', 'vscode');
  run(npm, ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: vscodeDir, env, quiet: true });

  const gyp = findNodeGyp(npm);
  for (const name of NATIVE_MODULES) {
    const dir = path.join(vscodeDir, 'node_modules', name);
    if (!existsSync(path.join(dir, 'binding.gyp'))) continue;
    log(`  building ${name}...`);
    run(process.execPath, [gyp, 'rebuild', '--jobs=2'], { cwd: dir, env, quiet: true });
  }

  // @vscode/ripgrep downloads its binary in postinstall; Debian's ripgrep is the same program.
  const rg = which('rg');
  if (!rg) throw new SetupError('ripgrep is missing: apt-get install ripgrep (the setup does this when run as root).');
  const rgBin = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  copyFileSync(rg, path.join(rgBin, 'rg'));
  chmodSync(path.join(rgBin, 'rg'), 0o755);

  // What code-server's postinstall.sh does besides installing.
  relink(path.join(vscodeDir, 'node_modules.asar'), 'node_modules');
  relink(path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'), 'code-linux.sh');
  relink(path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'), 'browser-linux.sh');
  run(npm, ['rebuild', 'argon2', '--loglevel=error'], { cwd: root, env, quiet: true });
  ensureExtensionDependencies(vscodeDir);

  const version = run(process.execPath, [codeServerEntry(), '--version'], { quiet: true }).stdout;
  if (!version.includes(CODE_SERVER_VERSION)) throw new SetupError(`code-server did not start: ${version}`);
  writeFileSync(marker, version);
  log(`code-server ready: ${version.split('\n')[0]}`);
  return codeServerEntry();
}

/**
 * The built-in extensions' shared dependencies (the TypeScript that VS Code's TypeScript
 * support runs as tsserver), as postinstall.sh installs them: without them every .ts file
 * opened shows "VS Code's tsserver was deleted by another application".
 */
function ensureExtensionDependencies(vscodeDir) {
  const extensionsDir = path.join(vscodeDir, 'extensions');
  if (existsSync(path.join(extensionsDir, 'node_modules', 'typescript', 'lib', 'tsserver.js'))) return;
  log("  installing the built-in extensions' dependencies (TypeScript for tsserver)...");
  const npm = which('npm') ?? 'npm';
  run(npm, ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: extensionsDir, env: nodeGypEnv(), quiet: true });
  run(process.execPath, ['postinstall.mjs'], { cwd: extensionsDir, quiet: true }); // trims TypeScript to what tsserver needs
}

function relink(linkPath, target) {
  rmSync(linkPath, { recursive: true, force: true });
  symlinkSync(target, linkPath);
}

function findNodeGyp(npm) {
  // npm ships node-gyp; use the one beside the npm that runs here.
  const npmDir = path.resolve(path.dirname(npm), '..', 'lib', 'node_modules', 'npm');
  const candidates = [
    path.join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  const hit = candidates.find((c) => existsSync(c));
  if (!hit) throw new SetupError(`node-gyp not found beside npm (looked in ${candidates.join(', ')}).`);
  return hit;
}

export function listInstalled() {
  return existsSync(cacheRoot) ? readdirSync(cacheRoot) : [];
}
