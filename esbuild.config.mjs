// Builds everything: the extension (Node, no native code), the training worker and the
// CLI (Node, tfjs-node left external), the webview (browser), and the in-host test suite.
//   node esbuild.config.mjs            one build
//   node esbuild.config.mjs --watch    rebuild on change
//   node esbuild.config.mjs --production   minified, no source maps (the VSIX)
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { writeKernels } from './scripts/build-wasm.mjs';

const watch = process.argv.includes('--watch');
// The WebAssembly kernels' TypeScript modules first (src/core/infer/wasm/*.wat -> *Module.ts).
await writeKernels();
const production = process.argv.includes('--production');

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const inHostTests = existsSync('test/vscode')
  ? readdirSync('test/vscode')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join('test/vscode', f))
  : [];

const builds = [
  // The extension host bundle must never load libtensorflow: tfjs-node is not even resolvable from it
  // (nor from its checkpoint-reading thread, src/worker/checkpointThread.ts).
  { ...nodeCommon, entryPoints: { extension: 'src/extension.ts', checkpointThread: 'src/worker/checkpointThread.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...nodeCommon, entryPoints: { worker: 'src/worker/trainingWorker.ts', cli: 'src/cli.ts' }, outdir: 'dist', external: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-core', 'vscode'] },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: { panel: 'media/panel/main.ts' },
    outdir: 'dist/webview',
    loader: { '.css': 'css' },
  },
];
if (!production && inHostTests.length) {
  builds.push({ ...nodeCommon, entryPoints: inHostTests, outdir: 'out/test/vscode', external: ['vscode', 'mocha', '@tensorflow/tfjs-node'] });
}

const existing = builds.filter((b) => Object.values(b.entryPoints).every((p) => existsSync(p)));
if (watch) {
  for (const options of existing) (await esbuild.context(options)).watch();
  console.log('[recur] watching for changes...');
} else {
  await Promise.all(existing.map((options) => esbuild.build(options)));
}
