// The packaged VSIX, installed into real VS Code (code-server --install-extension), activates
// from the installed copy (not from this checkout) and carries a working tfjs-node binding.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openVSCode, REPO_ROOT, type VSCodeSession } from './harness';
import { packageVsix } from '../../scripts/lib/vsix.mjs';
import { codeServerEntry } from '../../scripts/lib/code-server.mjs';

const FIXTURE = process.env.RECUR_TEST_FIXTURE ?? path.join(REPO_ROOT, 'test', 'fixtures', 'workspace-small');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-vsix-'));
const extensionsDir = path.join(scratch, 'extensions');
let installedDir = '';
let vscode: VSCodeSession | undefined;

before(async () => {
  const vsix = await packageVsix({ out: path.join(scratch, 'recur.vsix') });
  const install = spawnSync(process.execPath, [codeServerEntry(), '--extensions-dir', extensionsDir, '--user-data-dir', path.join(scratch, 'data'), '--install-extension', vsix], { encoding: 'utf8' });
  assert.equal(install.status, 0, `--install-extension failed:\n${install.stdout}\n${install.stderr}`);
  const found = readdirSync(extensionsDir).find((d) => d.startsWith('recur-dev.recur-'));
  assert.ok(found, `the VSIX installed into ${extensionsDir}: ${readdirSync(extensionsDir).join(', ')}`);
  installedDir = path.join(extensionsDir, found);
});

after(async () => {
  await vscode?.close();
  rmSync(scratch, { recursive: true, force: true });
});

test('the installed VSIX holds the bundles and the native binding, but no sources or tests', () => {
  for (const file of ['dist/extension.js', 'dist/worker.js', 'dist/cli.js', 'dist/webview/panel.js', 'package.json']) {
    assert.ok(existsSync(path.join(installedDir, file)), `${file} is in the VSIX`);
  }
  const tfjsNode = path.join(installedDir, 'node_modules', '@tensorflow', 'tfjs-node');
  assert.ok(existsSync(path.join(tfjsNode, 'lib', 'napi-v8', 'tfjs_binding.node')), 'the tfjs-node binding is in the VSIX');
  assert.ok(
    readdirSync(path.join(tfjsNode, 'deps', 'lib')).some((f) => f.startsWith('libtensorflow')),
    'libtensorflow is in the VSIX',
  );
  for (const absent of ['src', 'test', 'scripts', 'out']) assert.ok(!existsSync(path.join(installedDir, absent)), `${absent}/ is not in the VSIX`);
  assert.ok(!readdirSync(path.join(installedDir, 'dist')).some((f) => f.endsWith('.map')), 'no source maps in the VSIX');
});

test("the installed copy's tfjs-node loads with the tensorflow backend", () => {
  const check = spawnSync(process.execPath, ['-e', "const tf = require('@tensorflow/tfjs-node'); console.log(tf.getBackend())"], {
    cwd: installedDir,
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', NODE_PATH: '' },
  });
  assert.equal(check.status, 0, check.stderr);
  assert.equal(check.stdout.trim(), 'tensorflow');
});

test('Recur activates from the installed VSIX in VS Code', async () => {
  vscode = await openVSCode({ folder: FIXTURE, extensionPath: null, extensionsDir });
  const text = await vscode.waitForStatusBar(/Recur/i, 90_000);
  assert.match(text, /Recur/);
  await vscode.screenshot('vsix-installed');
});
