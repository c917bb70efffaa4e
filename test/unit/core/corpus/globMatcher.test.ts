// VS Code style exclude globs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excludeMatcher, globToRegExp } from '../../../../src/core/corpus/globMatcher';

test('glob syntax: **, *, ?, {a,b}, [abc]', () => {
  const cases: [string, string, boolean][] = [
    ['**/node_modules', 'node_modules', true],
    ['**/node_modules', 'a/b/node_modules', true],
    ['**/*.js', 'x.js', true],
    ['**/*.js', 'a/b/x.js', true],
    ['**/*.js', 'a/b/x.ts', false],
    ['*.js', 'a/x.js', false],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/sub/a.ts', false],
    ['src/**', 'src/sub/a.ts', true],
    ['**/*.{png,jpg}', 'img/a.jpg', true],
    ['**/*.{png,jpg}', 'img/a.gif', false],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file10.txt', false],
    ['[ab].txt', 'a.txt', true],
    ['[ab].txt', 'c.txt', false],
    ['a.b', 'axb', false],
    // As in VS Code, * and ** take names that start with a dot.
    ['**/*.js', 'config/.eslintrc.js', true],
    ['**/.git', '.git', true],
    ['**', '.vscode/settings.json', true],
  ];
  for (const [glob, p, expected] of cases) assert.equal(globToRegExp(glob).test(p), expected, `${glob} ~ ${p}`);
});

test('a matched folder excludes everything below it', () => {
  const isExcluded = excludeMatcher(['**/generated', 'tmp']);
  assert.equal(isExcluded('a/generated/x/y.ts'), true);
  assert.equal(isExcluded('tmp/x.ts'), true);
  assert.equal(isExcluded('src/tmp/x.ts'), false);
  assert.equal(isExcluded('src/x.ts'), false);
  assert.equal(excludeMatcher([])('anything'), false);
});
