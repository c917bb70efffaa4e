// Imports found in an edited file's text and resolved to workspace files and folders
// (src/core/index/imports.ts), and the packages they lead to (packages.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importSpecifiers, resolveImports } from '../../../../src/core/index/imports';
import { manifestName, PackageMap } from '../../../../src/core/index/packages';

const files = new Set([
  'web/lib/index.js',
  'web/lib/route.ts',
  'web/lib/util/index.ts',
  'web/lib/types.d.ts',
  'web/lib/data.json',
  'py/pkg/mod.py',
  'py/pkg/sub/__init__.py',
  'py/pkg/sub/leaf.py',
  'py/tools.py',
]);
const exists = (p: string) => files.has(p);

test('JavaScript and TypeScript imports: import, export from, require, import(); each once, in order', () => {
  const text = [
    "import { a } from './route';",
    "import type { T } from './types';",
    "import * as u from './util';",
    "import './side-effect';",
    "export { b } from '../lib/index.js';",
    "export * from '@scope/pkg/sub';",
    "const x = require('lodash');",
    "const y = await import('./route');",
    "import {\n  c,\n  d,\n} from './data.json';",
  ].join('\n');
  assert.deepEqual(importSpecifiers(text, 'typescript'), ['./route', './types', './util', './side-effect', './data.json', '../lib/index.js', '@scope/pkg/sub', 'lodash']);
});

test("relative specifiers resolve like a bundler: with or without an extension, .js naming a .ts file, a folder's index; outside the folder or missing: dropped", () => {
  const packages = new PackageMap();
  const resolved = resolveImports('web/lib/index.js', ['./route', './route.js', './types', './util', './data.json', './missing', '../../../etc/passwd'], 'javascript', exists, packages);
  assert.deepEqual(resolved.files, ['web/lib/route.ts', 'web/lib/route.ts', 'web/lib/types.d.ts', 'web/lib/util/index.ts', 'web/lib/data.json']);
  assert.deepEqual(resolved.folders, []);
});

test("bare specifiers lead to a workspace package of that name (scoped, with a subpath), Go imports to the module's folder", () => {
  const packages = new PackageMap();
  packages.addManifest('libs/boom/package.json', manifestName('package.json', '{"name": "@hapi/boom", "version": "1.0.0"}'));
  packages.addManifest('libs/hoek/package.json', manifestName('package.json', '{"name": "hoek"}'));
  packages.addManifest('go/go.mod', manifestName('go.mod', 'module example.com/thing\n\ngo 1.21\n'));
  packages.addManifest('broken/package.json', manifestName('package.json', '{ not json'));
  const js = resolveImports('web/lib/index.js', ['@hapi/boom', 'hoek/lib/deep', 'react'], 'javascript', exists, packages);
  assert.deepEqual(js.folders, ['libs/boom', 'libs/hoek']);
  const go = resolveImports('go/cmd/main.go', importSpecifiers('package main\n\nimport (\n\t"fmt"\n\t"example.com/thing/internal/store"\n)\n', 'go'), 'go', exists, packages);
  assert.deepEqual(go.folders, ['go/internal/store']);
  assert.equal(packages.packageOf('libs/boom/lib/index.js'), 'libs/boom');
  assert.equal(packages.packageOf('web/lib/index.js'), '', 'no manifest above: the workspace folder');
});

test("Python: from-imports with dots resolve from the file's folder, plain imports from the package or the workspace folder", () => {
  const packages = new PackageMap();
  const specs = importSpecifiers('import os, tools\nfrom .mod import thing\nfrom .sub import leaf\nfrom ..tools import x\n  from pkg.sub.leaf import y\n', 'python');
  assert.deepEqual(specs, ['.mod', '.sub', '..tools', 'pkg.sub.leaf', 'os', 'tools']);
  const resolved = resolveImports('py/pkg/main.py', specs, 'python', exists, packages);
  assert.deepEqual(resolved.files.sort(), ['py/pkg/mod.py', 'py/tools.py']);
  assert.deepEqual(resolved.folders, ['py/pkg/sub']);
});

test('a file full of "import" words is scanned in bounded time (the patterns cannot backtrack without end)', () => {
  const started = Date.now();
  importSpecifiers('import '.repeat(20_000) + 'x', 'javascript');
  importSpecifiers(`export {${' a,'.repeat(20_000)}`, 'typescript');
  const ms = Date.now() - started;
  assert.ok(ms < 5000, `${ms} ms`);
});
