// `npm start [-- FOLDER]`: installs what is missing, builds, and opens real VS Code with Recur
// loaded on FOLDER (default: this repository, so there is real code to train on).
// - Desktop VS Code (`code` on PATH): opened with --extensionDevelopmentPath.
// - Otherwise: code-server on 127.0.0.1 (RECUR_PORT, default 8080 or a free port); open the
//   printed URL (RECUR_PORT=0: any free port). Ctrl-C stops it cleanly.
// The bundles are rebuilt on change while it runs (reload the window to pick them up).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { setup } from './lib/setup.mjs';
import { log, repoRoot, SetupError, which } from './lib/run.mjs';

const folder = path.resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? repoRoot);
if (!existsSync(folder) || !statSync(folder).isDirectory()) {
  log(`${folder} is not a folder. Usage: npm start [-- FOLDER]`);
  process.exit(2);
}
const desktop = process.env.RECUR_START_CODE_SERVER ? undefined : which('code');

try {
  await setup({ codeServer: !desktop });
} catch (err) {
  if (!(err instanceof SetupError)) throw err;
  log(`setup failed: ${err.message}`);
  process.exit(1);
}

const watcher = spawn(process.execPath, ['esbuild.config.mjs', '--watch'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });

if (desktop) {
  log(`opening desktop VS Code on ${folder} with Recur from ${repoRoot}`);
  const code = spawn(desktop, ['--new-window', '--wait', `--extensionDevelopmentPath=${repoRoot}`, folder], { stdio: 'inherit' });
  const stop = () => code.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  code.on('exit', () => {
    watcher.kill();
    process.exit(0);
  });
} else {
  const { startCodeServer, workbenchUrl, freePort } = await import('./lib/code-server-process.mjs');
  const port = process.env.RECUR_PORT ? Number(process.env.RECUR_PORT) || (await freePort()) : (await portIsFree(8080)) ? 8080 : await freePort();
  const server = await startCodeServer({ port, profileDir: path.join(repoRoot, '.vscode-test', 'start-profile'), userSettings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  const url = workbenchUrl(server, { folder, extensionPath: repoRoot });
  console.log(`\nRecur is running in VS Code (code-server ${server.url}).\nOpen this URL in a browser:\n\n  ${url}\n\nPress Ctrl-C to stop.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping...');
    watcher.kill();
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.on('exit', (code) => {
    if (stopping) return;
    log(`code-server exited (${code}); its log: ${server.logFile}`);
    watcher.kill();
    process.exit(1);
  });
}

async function portIsFree(port) {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
