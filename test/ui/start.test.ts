// `npm start` without desktop VS Code: starts code-server, prints a URL that opens the
// workbench with Recur, and stops cleanly (port freed, exit 0) on Ctrl-C.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from './harness';

const FIXTURE = process.env.RECUR_TEST_FIXTURE ?? path.join(REPO_ROOT, 'test', 'fixtures', 'workspace-small');

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

test('npm start serves VS Code with Recur and stops on Ctrl-C', async () => {
  const child = spawn(process.execPath, ['scripts/start.mjs', FIXTURE], {
    cwd: REPO_ROOT,
    env: { ...process.env, RECUR_START_CODE_SERVER: '1', RECUR_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no URL printed within 180 s:\n${output}`)), 180_000);
    poll = setInterval(() => {
      const m = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?\S+)$/m.exec(output);
      if (m) resolve(m[1]);
    }, 200);
    child.once('exit', (code) => reject(new Error(`npm start exited early (${code}):\n${output}`)));
  })
    .catch((err: unknown) => {
      child.kill('SIGKILL');
      throw err;
    })
    .finally(() => {
      // Whatever happened, leave nothing running that would keep this test file alive.
      clearTimeout(timer);
      clearInterval(poll);
    });
  assert.match(decodeURIComponent(url), /extensionDevelopmentPath/);
  assert.match(decodeURIComponent(url), new RegExp(`folder=${path.basename(FIXTURE)}|folder=.*${path.basename(FIXTURE)}`));
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /workbench/i);
  const port = Number(new URL(url).port);
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, output);
  assert.equal(await portAcceptsConnections(port), false, 'code-server stopped listening');
});
