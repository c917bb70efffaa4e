// Makes @tensorflow/tfjs-node usable, with or without internet.
//
// 1. Already built and loading with the `tensorflow` backend: nothing to do.
// 2. The package's own install script (downloads libtensorflow + a prebuilt binding).
// 3. Offline fallback: a local TensorFlow. RECUR_TENSORFLOW names either a TensorFlow
//    wheel (.whl) or a folder holding libtensorflow*.so* (and include/ with the C API
//    headers); otherwise known locations are searched, and last pip's configured
//    package store is asked for the tensorflow-cpu wheel. The binding is then built
//    from source against that library.
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, cpSync } from 'node:fs';
import path from 'node:path';
import { cacheRoot, log, nodeGypEnv, run, SetupError, tryRun, which } from './run.mjs';

export const TENSORFLOW_ENV = 'RECUR_TENSORFLOW';

const LOAD_CHECK = `
const tf = require('@tensorflow/tfjs-node');
if (tf.getBackend() !== 'tensorflow') { console.error('backend is ' + tf.getBackend()); process.exit(3); }
const x = tf.tensor([1, 2, 3]).square().sum().dataSync()[0];
if (x !== 14) process.exit(4);
`;

function loadsWithTensorflowBackend(repoRoot) {
  const result = tryRun(process.execPath, ['-e', LOAD_CHECK], {
    cwd: repoRoot,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  return result.status === 0;
}

export function ensureTfjsNode(repoRoot) {
  const pkgDir = path.join(repoRoot, 'node_modules', '@tensorflow', 'tfjs-node');
  if (!existsSync(pkgDir)) throw new SetupError('node_modules/@tensorflow/tfjs-node is missing: run `npm ci --ignore-scripts` first.');
  if (loadsWithTensorflowBackend(repoRoot)) return;

  log('tfjs-node: native binding missing; trying its normal install (downloads libtensorflow)...');
  const normal = tryRun(process.execPath, ['scripts/install.js'], { cwd: pkgDir, env: nodeGypEnv(), timeout: 10 * 60_000 });
  if (normal.status === 0 && loadsWithTensorflowBackend(repoRoot)) {
    log('tfjs-node: installed the normal way.');
    return;
  }
  log('tfjs-node: normal install failed (offline?); using a local TensorFlow instead.');

  const libDir = findLocalLibtensorflow();
  stageLibtensorflow(libDir, pkgDir);
  log('tfjs-node: building the binding against the local TensorFlow...');
  const preGyp = require_resolve_bin(repoRoot, pkgDir);
  run(process.execPath, [preGyp, 'install', '--build-from-source'], { cwd: pkgDir, env: nodeGypEnv(), quiet: true });
  if (!loadsWithTensorflowBackend(repoRoot)) {
    throw new SetupError(`tfjs-node built but does not load with the tensorflow backend. Set ${TENSORFLOW_ENV} to another TensorFlow wheel or libtensorflow folder.`);
  }
  log('tfjs-node: ready (tensorflow backend, local TensorFlow).');
}

function require_resolve_bin(repoRoot, pkgDir) {
  for (const dir of [path.join(pkgDir, 'node_modules'), path.join(repoRoot, 'node_modules')]) {
    const candidate = path.join(dir, '@mapbox', 'node-pre-gyp', 'bin', 'node-pre-gyp');
    if (existsSync(candidate)) return candidate;
  }
  throw new SetupError('node-pre-gyp (a dependency of tfjs-node) is missing from node_modules: run `npm ci --ignore-scripts`.');
}

/** Returns a folder holding libtensorflow_cc.so.2 / libtensorflow.so.*, libtensorflow_framework.so.*, include/. */
function findLocalLibtensorflow() {
  const named = process.env[TENSORFLOW_ENV];
  if (named) {
    if (!existsSync(named)) throw new SetupError(`${TENSORFLOW_ENV}=${named} does not exist. Point it at a TensorFlow wheel (.whl) or a folder with libtensorflow*.so and include/.`);
    return statSync(named).isDirectory() ? checkLibFolder(named) : extractWheel(named);
  }
  const wheel = findWheel();
  if (wheel) return extractWheel(wheel);
  throw new SetupError(
    `No TensorFlow found for @tensorflow/tfjs-node: its download failed (no internet?) and no local TensorFlow wheel was found.\n` +
      `Set ${TENSORFLOW_ENV} to a tensorflow-cpu wheel (\`pip download --no-deps tensorflow-cpu -d DIR\`) or to a folder with libtensorflow*.so and include/, then run the command again.`,
  );
}

function checkLibFolder(dir) {
  const names = readdirSync(dir);
  const hasMain = names.some((n) => /^libtensorflow(_cc)?\.so/.test(n));
  const hasFramework = names.some((n) => /^libtensorflow_framework\.so/.test(n));
  if (!hasMain || !hasFramework || !existsSync(path.join(dir, 'include', 'tensorflow', 'c', 'c_api.h'))) {
    throw new SetupError(`${TENSORFLOW_ENV}=${dir} must hold libtensorflow(_cc).so*, libtensorflow_framework.so* and include/tensorflow/c/c_api.h.`);
  }
  return dir;
}

function findWheel() {
  const wheelPattern = /^tensorflow(_cpu)?-\d.*-linux.*x86_64\.whl$|^tensorflow(_cpu)?-\d.*manylinux.*x86_64\.whl$/;
  const places = ['/opt/pypi/files', '/opt/wheels', path.join(cacheRoot, 'wheels')];
  for (const dir of places) {
    if (!existsSync(dir)) continue;
    const hit = readdirSync(dir)
      .filter((n) => wheelPattern.test(n))
      .sort()
      .pop();
    if (hit) return path.join(dir, hit);
  }
  const pip = which('pip3') ?? which('pip');
  if (!pip) return undefined;
  const dest = path.join(cacheRoot, 'wheels');
  mkdirSync(dest, { recursive: true });
  log('tfjs-node: asking pip for the tensorflow-cpu wheel...');
  const result = tryRun(pip, ['download', '--no-deps', 'tensorflow-cpu', '-d', dest], { timeout: 15 * 60_000 });
  if (result.status !== 0) return undefined;
  const hit = readdirSync(dest)
    .filter((n) => wheelPattern.test(n))
    .sort()
    .pop();
  return hit ? path.join(dest, hit) : undefined;
}

/** Unpacks the library and headers from a wheel once, into the cache, keyed by wheel name. */
function extractWheel(wheel) {
  const dest = path.join(cacheRoot, 'libtensorflow', path.basename(wheel, '.whl'));
  const done = path.join(dest, '.complete');
  if (existsSync(done)) return dest;
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  log(`tfjs-node: unpacking ${path.basename(wheel)} ...`);
  const python = which('python3') ?? which('python');
  if (!python) throw new SetupError('python3 is needed to unpack the TensorFlow wheel (apt-get install python3).');
  const script = `
import sys, zipfile, os, shutil
wheel, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        n = info.filename
        if n.startswith('tensorflow/include/tensorflow/c/') or n.startswith('tensorflow/include/tensorflow/core/platform/') or n.startswith('tensorflow/include/tsl/') or n.startswith('tensorflow/include/xla/tsl/'):
            target = os.path.join(dest, 'include', n[len('tensorflow/include/'):])
        elif n in ('tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'):
            target = os.path.join(dest, os.path.basename(n))
        else:
            continue
        if n.endswith('/'):
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(info) as src, open(target, 'wb') as out:
            shutil.copyfileobj(src, out, 1 << 22)
`;
  run(python, ['-c', script, wheel, dest], { quiet: true });
  if (!existsSync(path.join(dest, 'libtensorflow_cc.so.2')))
    throw new SetupError(`${wheel} holds no tensorflow/libtensorflow_cc.so.2; set ${TENSORFLOW_ENV} to a tensorflow-cpu wheel for Linux x86_64.`);
  run('touch', [done]);
  return dest;
}

/** Puts the library files (real files, not links: the VSIX must carry them) into tfjs-node's deps/. */
function stageLibtensorflow(sourceDir, pkgDir) {
  const depsLib = path.join(pkgDir, 'deps', 'lib');
  const depsInclude = path.join(pkgDir, 'deps', 'include');
  rmSync(path.join(pkgDir, 'deps'), { recursive: true, force: true });
  mkdirSync(depsLib, { recursive: true });
  cpSync(path.join(sourceDir, 'include'), depsInclude, { recursive: true });
  const names = readdirSync(sourceDir);
  const main = names.find((n) => /^libtensorflow_cc\.so\.\d+$/.test(n)) ?? names.find((n) => /^libtensorflow\.so\.\d/.test(n));
  const framework = names.find((n) => /^libtensorflow_framework\.so\.\d/.test(n));
  if (!main || !framework) throw new SetupError(`${sourceDir} lacks libtensorflow(_cc).so.N or libtensorflow_framework.so.N.`);
  // The binding links -ltensorflow -ltensorflow_framework and is loaded through rpath $ORIGIN/../../deps/lib,
  // which resolves the SONAMEs (libtensorflow_cc.so.2, libtensorflow_framework.so.2).
  for (const name of [main, framework]) placeFile(path.join(sourceDir, name), path.join(depsLib, name));
  symlinkSync(main, path.join(depsLib, 'libtensorflow.so'));
  symlinkSync(framework, path.join(depsLib, 'libtensorflow_framework.so'));
}

function placeFile(from, to) {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}
