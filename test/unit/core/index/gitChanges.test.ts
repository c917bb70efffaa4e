// git's changed files, read from .git/index without running git (src/core/index/gitChanges.ts),
// checked against indexes that real git writes (versions 2, 3 and 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { changedSinceGit, parseGitIndex } from '../../../../src/core/index/gitChanges';
import { makeWorkspace } from '../../helpers/workspaceBuilder';

function git(root: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: root },
  });
}

test("a repository's changed files: edited since the commit (size or time), and files git does not track", async () => {
  const ws = makeWorkspace({ 'a.ts': 'export const a = 1;\n', 'b.ts': 'export const b = 2;\n', 'deep/c.ts': 'export const c = 3;\n', 'same.ts': 'x\n' });
  try {
    git(ws.root, 'init', '-q');
    git(ws.root, 'add', '.');
    git(ws.root, 'commit', '-q', '-m', 'first');
    writeFileSync(path.join(ws.root, 'b.ts'), 'export const b = 22;\n');
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(ws.root, 'deep/c.ts'), later, later); // same size, new time
    writeFileSync(path.join(ws.root, 'new.ts'), 'export const n = 4;\n');
    const changed = await changedSinceGit(ws.root, ['a.ts', 'b.ts', 'deep/c.ts', 'same.ts', 'new.ts']);
    assert.deepEqual([...(changed ?? [])].sort(), ['b.ts', 'deep/c.ts', 'new.ts']);
  } finally {
    ws.remove();
  }
});

test('index versions 2, 3 and 4 (path compression) parse to the same entries; no repository: no answer', async () => {
  const ws = makeWorkspace({ 'src/alpha.ts': 'a\n', 'src/alphabet.ts': 'bb\n', 'src/beta/gamma.ts': 'ccc\n', 'zeta.md': 'dddd\n' });
  try {
    assert.equal(await changedSinceGit(ws.root, ['zeta.md']), undefined);
    git(ws.root, 'init', '-q');
    git(ws.root, 'add', '.');
    const entries = (version: number) => {
      git(ws.root, 'update-index', '--index-version', String(version));
      return parseGitIndex(readFileSync(path.join(ws.root, '.git', 'index')))?.map((e) => [e.path, e.size]);
    };
    const expected = [
      ['src/alpha.ts', 2],
      ['src/alphabet.ts', 3],
      ['src/beta/gamma.ts', 4],
      ['zeta.md', 5],
    ];
    assert.deepEqual(entries(2), expected);
    assert.deepEqual(entries(3), expected);
    assert.deepEqual(entries(4), expected);
    assert.equal(parseGitIndex(Buffer.from('not an index')), undefined);
    const truncated = readFileSync(path.join(ws.root, '.git', 'index')).subarray(0, 40);
    assert.equal(parseGitIndex(truncated), undefined);
  } finally {
    ws.remove();
  }
});
