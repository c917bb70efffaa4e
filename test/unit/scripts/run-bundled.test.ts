import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const repo = path.resolve(__dirname, '..', '..', '..');

test('run-bundled runs a script as one bundle, each module with its own paths, and passes arguments and exit status through', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recur-run-bundled-'));
  const name = `runBundledFixture${process.pid}`;
  try {
    mkdirSync(path.join(dir, 'lib'));
    writeFileSync(path.join(dir, 'lib', 'where.ts'), 'export const where: string = __dirname;\n');
    writeFileSync(path.join(dir, 'lib', 'url.mjs'), 'export const url = import.meta.url;\n');
    writeFileSync(
      path.join(dir, `${name}.ts`),
      [
        "import { where } from './lib/where';",
        "import { url } from './lib/url.mjs';",
        'console.log(JSON.stringify({ entry: __filename, where, url, args: process.argv.slice(2) }));',
        'process.exit(3);',
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, [path.join(repo, 'scripts', 'run-bundled.mjs'), path.join(dir, `${name}.ts`), '--flag', 'value'], { cwd: repo, encoding: 'utf8' });
    assert.equal(run.status, 3, run.stderr);
    const seen = JSON.parse(run.stdout.trim());
    assert.equal(seen.entry, path.join(dir, `${name}.ts`));
    assert.equal(seen.where, path.join(dir, 'lib'));
    assert.equal(seen.url, pathToFileURL(path.join(dir, 'lib', 'url.mjs')).href);
    assert.deepEqual(seen.args, ['--flag', 'value']);
    // One file holds the entry and its imports.
    const bundle = readFileSync(path.join(repo, 'dist', 'scripts', `${name}.cjs`), 'utf8');
    assert.match(bundle, /var where = /);
    assert.match(bundle, /var url = /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.join(repo, 'dist', 'scripts', `${name}.cjs`), { force: true });
    rmSync(path.join(repo, 'dist', 'scripts', `${name}.cjs.map`), { force: true });
  }
});
