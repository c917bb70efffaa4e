// Smoke test of a VSIX as a user gets it: install it, then train 5 steps with the installed
// copy's `recur train` and check which backend trained. Run by .github/workflows/release.yml
// on each target's own machine; runs here too (code-server installs it).
//
//   node scripts/release/smoke-vsix.mjs --vsix FILE --expect tensorflow|wasm
//       [--install vscode|code-server|unzip]
//
//   --expect     the backend `recur train` must report: 'tensorflow' for a platform VSIX
//                with tfjs-node (then the portable backend continues the checkpoint for 2
//                steps too), 'wasm' for a portable one (which must hold no node_modules)
//   --install    vscode: download VS Code (@vscode/test-electron; needs the internet) and
//                `code --install-extension`, then train with VS Code's own runtime
//                (ELECTRON_RUN_AS_NODE=1, as the extension's training process runs);
//                code-server: this checkout's cached code-server (`npm run setup`);
//                unzip (default): extract extension/ as VS Code does (for Alpine and
//                armhf containers, where no VS Code desktop build runs); train with this Node
// Node built-ins only, unless --install vscode or code-server.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { extractZip, listZip } from '../lib/zipList.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'workspace-small');
const NATIVE_FILE = /\.(node|so(\.\d+)*|dylib|dll|exe)$/i;
const SMALL_MODEL = ['--hidden', '32', '--embedding', '16', '--layers', '1', '--batch', '8', '--seq', '32', '--context-mb', '0'];

const { values } = parseArgs({ options: { vsix: { type: 'string' }, expect: { type: 'string' }, install: { type: 'string', default: 'unzip' } }, strict: true });
if (!values.vsix || !['tensorflow', 'wasm'].includes(values.expect ?? '') || !['vscode', 'code-server', 'unzip'].includes(values.install)) {
  fail('usage: smoke-vsix.mjs --vsix FILE --expect tensorflow|wasm [--install vscode|code-server|unzip]');
}
const vsix = path.resolve(values.vsix);
const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-smoke-'));
const extensionsDir = path.join(scratch, 'extensions');
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

const { installedDir, runtime, env } = await install(values.install);
console.log(`installed ${path.basename(vsix)} into ${installedDir}`);
checkContents(installedDir, values.expect);
const out = path.join(scratch, 'model.recur');
const first = train(['--steps', '5', '--fresh', ...SMALL_MODEL]);
if (first.json.steps !== 5 || !Number.isFinite(first.json.trainBpc)) fail(`recur train --steps 5 printed ${JSON.stringify(first.json)}`);
const trainedBy = /trained by (.*)/.exec(first.stderr)?.[1] ?? '';
const expected = values.expect === 'tensorflow' ? /^tfjs-node / : /^WebAssembly /;
if (!expected.test(trainedBy)) fail(`expected the ${values.expect} backend, but the run was ${trainedBy ? `trained by ${trainedBy}` : 'not reported'}:\n${first.stderr}`);
console.log(`ok: 5 steps trained by ${trainedBy}, ${Math.round(first.json.charsPerSec)} chars/s`);
if (values.expect === 'tensorflow') {
  const resumed = train(['--steps', '2', '--backend', 'wasm']);
  if (resumed.json.steps !== 2 || !/from step 5, trained by WebAssembly/.test(resumed.stderr)) fail(`the portable backend did not continue the checkpoint:\n${resumed.stderr}`);
  console.log('ok: the portable backend continued the tfjs-node checkpoint');
}

/** `recur train FIXTURE --out OUT --json ...args` with the installed copy's CLI. */
function train(args) {
  const cli = path.join(installedDir, 'dist', 'cli.js');
  const result = spawnSync(runtime, [cli, 'train', FIXTURE, '--out', out, '--json', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 15 * 60_000 });
  const last = (result.stdout ?? '').trim().split('\n').at(-1) ?? '';
  if (result.status !== 0) fail(`recur train exited with ${result.status ?? result.signal}:\n${result.stderr}\n${result.stdout}`);
  try {
    return { json: JSON.parse(last), stderr: result.stderr };
  } catch {
    return fail(`recur train did not end with a JSON line:\n${result.stdout}`);
  }
}

/** Installs the VSIX; returns the extension's folder and the runtime that runs its CLI. */
async function install(how) {
  if (how === 'unzip') {
    const { version } = JSON.parse((await import('node:fs')).readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const dir = path.join(extensionsDir, `recur-dev.recur-${version}`);
    extractZip(vsix, 'extension/', dir);
    return { installedDir: dir, runtime: process.execPath, env: {} };
  }
  let cli;
  let runtime = process.execPath;
  let env = {};
  if (how === 'vscode') {
    const { downloadAndUnzipVSCode, resolveCliPathFromVSCodeExecutablePath } = await import('@vscode/test-electron');
    const executable = await downloadAndUnzipVSCode('stable');
    cli = [resolveCliPathFromVSCodeExecutablePath(executable)];
    runtime = executable;
    env = { ELECTRON_RUN_AS_NODE: '1' };
  } else {
    const { codeServerEntry } = await import('../lib/code-server.mjs');
    cli = [process.execPath, codeServerEntry()];
  }
  const [command, ...prefix] = cli;
  const result = spawnSync(command, [...prefix, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(scratch, 'user-data'), '--install-extension', vsix], {
    encoding: 'utf8',
    shell: process.platform === 'win32' && how === 'vscode', // code.cmd
  });
  if (result.status !== 0) fail(`--install-extension failed:\n${result.stdout}\n${result.stderr}`);
  const found = existsSync(extensionsDir) ? readdirSync(extensionsDir).find((d) => d.startsWith('recur-dev.recur-')) : undefined;
  if (!found) fail(`the VSIX did not install into ${extensionsDir}:\n${result.stdout}`);
  return { installedDir: path.join(extensionsDir, found), runtime, env };
}

/** A portable VSIX holds no node_modules and no native file; a platform one holds tfjs-node's binding. */
function checkContents(dir, expect) {
  const names = listZip(vsix).map((e) => e.name);
  if (expect === 'wasm') {
    const native = names.filter((n) => NATIVE_FILE.test(n) || n.includes('node_modules/'));
    if (native.length || existsSync(path.join(dir, 'node_modules'))) fail(`a portable VSIX must hold no node_modules or native file: ${native.slice(0, 5).join(', ')}`);
  } else if (!names.some((n) => /node_modules\/@tensorflow\/tfjs-node\/lib\/napi-v\d+\/tfjs_binding\.node$/.test(n))) {
    fail('a platform VSIX must hold the tfjs-node binding (node_modules/@tensorflow/tfjs-node/lib/napi-v*/tfjs_binding.node)');
  }
}

function fail(message) {
  process.stderr.write(`smoke-vsix: ${message}\n`);
  process.exit(1);
}
