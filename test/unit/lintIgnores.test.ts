// `npm run lint` lints our sources, not what tools generate inside the clone: `npm start`
// leaves a VS Code profile in .vscode-test/ whose local history holds copies of edited files
// (they broke `npm test` after `npm start`), and builds and test output have their folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: path.resolve(__dirname, '..', '..') });

test('generated folders are not linted', async () => {
  for (const file of [
    '.vscode-test/start-profile/user-data/User/History/-6d7f137f/LOqa.ts',
    '.vscode-test/extensions/some.extension/out/main.js',
    'dist/extension.js',
    'out/test/index.js',
    'test-output/ui/page.js',
    'node_modules/x/index.js',
  ])
    assert.ok(await eslint.isPathIgnored(file), file);
});

test('our sources, scripts and tests are linted', async () => {
  for (const file of ['src/extension.ts', 'media/panel/app.ts', 'scripts/start.mjs', 'test/unit/lintIgnores.test.ts', 'test/ui/harness.ts'])
    assert.equal(await eslint.isPathIgnored(file), false, file);
});
