// The walk of one folder of a workspace (src/core/corpus/walkWorkspace.ts with `under`): the
// same files the whole walk lists there, the ancestors' .gitignore rules and excludes applied,
// nothing under a folder the whole walk would not enter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { walkWorkspace } from '../../../../src/core/corpus/walkWorkspace';
import { excludeMatcher } from '../../../../src/core/corpus/globMatcher';
import { makeWorkspace } from '../../helpers/workspaceBuilder';

async function walked(root: string, under?: string): Promise<string[]> {
  const files: string[] = [];
  for await (const f of walkWorkspace(root, excludeMatcher(['**/drafts/**']), () => {}, under)) files.push(f.relativePath);
  return files;
}

test('walking one folder lists what the whole walk lists there, and nothing in a folder it would not enter', async () => {
  const ws = makeWorkspace({
    '.gitignore': '*.log\nweb/gen/\n',
    'web/.gitignore': 'secret.js\n',
    'web/lib/a.js': 'a',
    'web/lib/b.log': 'b',
    'web/lib/secret.js': 's',
    'web/gen/x.js': 'x',
    'web/drafts/d.js': 'd',
    'web/node_modules/m/index.js': 'm',
    'libs/c.js': 'c',
  });
  try {
    symlinkSync(path.join(ws.root, 'web'), path.join(ws.root, 'linked'));
    const whole = await walked(ws.root);
    assert.deepEqual(whole, ['.gitignore', 'libs/c.js', 'web/.gitignore', 'web/lib/a.js']);
    assert.deepEqual(await walked(ws.root, 'web'), ['web/.gitignore', 'web/lib/a.js']);
    assert.deepEqual(await walked(ws.root, 'web/lib'), ['web/lib/a.js']);
    for (const skipped of ['web/gen', 'web/drafts', 'web/node_modules/m', 'linked', 'missing']) assert.deepEqual(await walked(ws.root, skipped), [], `nothing under ${skipped}`);
  } finally {
    ws.remove();
  }
});
