// Builds Recur's VSIX packages: production bundles, media, models, and what the platform needs.
//   platform   `vsce package --target T` for this machine's platform T, with tfjs-node's native
//              binding and libtensorflow (the training process's fast backend). Only the
//              platform it was installed on can be packaged: its binary is this machine's.
//   portable   no tfjs-node, no native file, no node_modules at all (the bundles hold every
//              JavaScript dependency; training uses the WebAssembly backend): without a target
//              it is the universal VSIX, with --target T the VSIX for a platform tfjs-node has
//              no build for (.github/workflows/release.yml).
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setup } from './setup.mjs';
import { log, repoRoot, run, SetupError } from './run.mjs';
import { listZip } from './zipList.mjs';

/** The targets `vsce package --target` takes for desktop VS Code (the Marketplace's list). */
export const TARGETS = ['win32-x64', 'win32-arm64', 'darwin-x64', 'darwin-arm64', 'linux-x64', 'linux-arm64', 'linux-armhf', 'alpine-x64', 'alpine-arm64'];

/** The universal VSIX's size limit, in bytes: 20 MB (decimal), the base model included. */
export const UNIVERSAL_MAX_BYTES = 20_000_000;

/** A file that only one platform can load: a Node addon, a shared library, an executable. */
export const NATIVE_FILE = /\.(node|so(\.\d+)*|dylib|dll|exe)$/i;

/** This machine's VS Code target ('linux-x64', 'darwin-arm64', 'alpine-x64'...), undefined when VS Code has none. */
export function currentTarget() {
  const arch = { x64: 'x64', arm64: 'arm64', arm: 'armhf' }[os.arch()];
  const platform = os.platform() === 'linux' && existsSync('/etc/alpine-release') ? 'alpine' : os.platform();
  const target = arch && `${platform}-${arch}`;
  return TARGETS.includes(target) ? target : undefined;
}

/** Where `npm run package` writes: recur-<target>-<version>.vsix, or recur-<version>.vsix for the universal one. */
export function vsixPath(target) {
  const { name, version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return path.join(repoRoot, target ? `${name}-${target}-${version}.vsix` : `${name}-${version}.vsix`);
}

/**
 * Packages a VSIX and returns its path.
 *   {}                          this machine's platform VSIX, with tfjs-node
 *   { portable: true }          the universal VSIX
 *   { portable: true, target }  target's VSIX without tfjs-node
 * @param {{ out?: string, target?: string, portable?: boolean }} [options]
 * @returns {Promise<string>}
 */
export async function packageVsix({ out = undefined, target = undefined, portable = false } = {}) {
  const platformTarget = portable ? target : (target ?? currentTarget());
  if (platformTarget !== undefined && !TARGETS.includes(platformTarget)) throw new SetupError(`--target must be one of ${TARGETS.join(', ')}, not "${platformTarget}"`);
  if (!portable && platformTarget !== currentTarget()) {
    throw new SetupError(
      `a ${platformTarget ?? 'universal'} VSIX with tfjs-node must be packaged on ${platformTarget ?? 'each platform'} (this machine is ${currentTarget() ?? 'not a VS Code target'}); add --portable for one without tfjs-node, or see .github/workflows/release.yml`,
    );
  }
  const file = out ?? vsixPath(platformTarget);
  await setup({ build: false, tfjsNode: !portable });
  run(process.execPath, ['esbuild.config.mjs', '--production'], { cwd: repoRoot });
  try {
    const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
    const targetArgs = platformTarget ? ['--target', platformTarget] : [];
    // --no-dependencies: node_modules stays out (vsce only adds it from the dependency list).
    const dependencyArgs = portable ? ['--no-dependencies'] : [];
    log(`packaging ${path.basename(file)}${portable ? '' : ' (this compresses libtensorflow; a minute or two)'}...`);
    run(process.execPath, [vsce, 'package', ...targetArgs, ...dependencyArgs, '--allow-missing-repository', '--skip-license', '--out', file], { cwd: repoRoot, quiet: true });
  } finally {
    // Restore the development build (source maps) for tests and `npm start`.
    run(process.execPath, ['esbuild.config.mjs'], { cwd: repoRoot });
  }
  if (portable) checkPortable(file);
  log(`wrote ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB)`);
  return file;
}

/** A portable VSIX holds no native file and no tfjs; the universal one stays within UNIVERSAL_MAX_BYTES. */
function checkPortable(file) {
  const entries = listZip(file);
  const native = entries.filter((e) => NATIVE_FILE.test(e.name) || e.name.includes('@tensorflow/') || /libtensorflow/.test(e.name));
  if (native.length)
    throw new SetupError(
      `${file} must hold no native file or tfjs, but holds ${native
        .slice(0, 5)
        .map((e) => e.name)
        .join(', ')}`,
    );
  const size = statSync(file).size;
  if (size > UNIVERSAL_MAX_BYTES) throw new SetupError(`${file} is ${(size / 1e6).toFixed(1)} MB, over the ${UNIVERSAL_MAX_BYTES / 1e6} MB a portable VSIX may take: what grew? (unzip -l ${file})`);
}
