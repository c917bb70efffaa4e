// node scripts/run-bundled.mjs ENTRY.ts [ARGS...]
// Runs a TypeScript script (a benchmark) the way the product's code runs: bundled by esbuild
// into one CommonJS file (dist/scripts/<name>.cjs, with a source map), then `node` on it with
// ARGS. Timings taken under tsx are not the product's: tsx compiles each module on its own,
// and every use of an imported binding goes through a getter (1.75x slower on the index job:
// 17.9 against 10.2 CPU seconds for hapi's 342 KB). Each module's __dirname and __filename are
// its own source file's (and import.meta.url), as under tsx; native packages and vscode stay
// external.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-bundled.mjs ENTRY.ts [ARGS...]');
  process.exit(2);
}
const repo = path.resolve(import.meta.dirname, '..');
const outfile = path.join(repo, 'dist', 'scripts', `${path.basename(entry).replace(/\.[cm]?[jt]s$/, '')}.cjs`);

/** Gives each bundled module its own __dirname, __filename and import.meta.url (esbuild leaves them to mean the bundle's, or empty). */
const ownPaths = {
  name: 'own-paths',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/, namespace: 'file' }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b|import\.meta\.(url|dirname|filename)/.test(source)) return undefined;
      const contents = source
        .replace(/\b__dirname\b|import\.meta\.dirname/g, JSON.stringify(path.dirname(args.path)))
        .replace(/\b__filename\b|import\.meta\.filename/g, JSON.stringify(args.path))
        .replace(/import\.meta\.url/g, JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader: /\.ts$/.test(args.path) ? 'ts' : 'js' };
    });
  },
};

await esbuild.build({
  entryPoints: [path.resolve(entry)],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  external: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-core', 'vscode', 'playwright-core'],
  plugins: [ownPaths],
});
const run = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
