// Builds a platform-specific VSIX (linux-x64): production bundles, media, models and the
// tfjs-node native binding with its libtensorflow (for the training process only).
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { setup } from './setup.mjs';
import { log, repoRoot, run } from './run.mjs';

export const VSIX_TARGET = 'linux-x64';

export function vsixPath() {
  const { name, version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return path.join(repoRoot, `${name}-${VSIX_TARGET}-${version}.vsix`);
}

export async function packageVsix(out = vsixPath()) {
  await setup({ build: false });
  run(process.execPath, ['esbuild.config.mjs', '--production'], { cwd: repoRoot });
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  log(`packaging ${path.basename(out)} (this compresses libtensorflow; a minute or two)...`);
  run(process.execPath, [vsce, 'package', '--target', VSIX_TARGET, '--allow-missing-repository', '--skip-license', '--out', out], {
    cwd: repoRoot,
    quiet: true,
  });
  // Restore the development build (source maps) for tests and `npm start`.
  run(process.execPath, ['esbuild.config.mjs'], { cwd: repoRoot });
  log(`wrote ${out} (${(statSync(out).size / 1024 / 1024).toFixed(0)} MB)`);
  return out;
}

