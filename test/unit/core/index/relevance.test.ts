// The order in which the index takes files (src/core/index/relevance.ts): the edited files,
// what they import and their folder, their package and git's changed files, imported
// packages, their language, the rest; nearer folders first within a tier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PackageMap } from '../../../../src/core/index/packages';
import { rankFiles, type RootView, TIER_NAMES } from '../../../../src/core/index/relevance';

function packagesOf(manifests: Record<string, string | undefined>): PackageMap {
  const packages = new PackageMap();
  for (const [file, name] of Object.entries(manifests)) packages.addManifest(file, name);
  return packages;
}

const files = [
  'libs/aaa/index.js',
  'libs/aaa/package.json',
  'libs/boom/lib/index.js',
  'libs/boom/package.json',
  'docs/guide.md',
  'tools/build.py',
  'web/README.md',
  'web/lib/auth.js',
  'web/lib/core.js',
  'web/lib/deep/nested/x.js',
  'web/lib/route.js',
  'web/package.json',
  'web/test/core.test.js',
];

test('tiers: focus, its imports and folder, its package, imported packages, its language, the rest; nearer first within a tier', () => {
  const view: RootView = {
    focus: ['web/lib/core.js'],
    imports: { files: ['web/test/core.test.js'], folders: ['libs/boom'] },
    packages: packagesOf({ 'libs/aaa/package.json': 'aaa', 'libs/boom/package.json': '@hapi/boom', 'web/package.json': '@hapi/hapi' }),
    changed: undefined,
  };
  const ranked = rankFiles([files], [view]).map((f) => `${TIER_NAMES[f.tier]} ${f.relativePath}`);
  assert.deepEqual(ranked, [
    'focus web/lib/core.js',
    'near web/lib/auth.js',
    'near web/lib/route.js',
    'near web/test/core.test.js',
    'package web/README.md',
    'package web/package.json',
    'package web/lib/deep/nested/x.js',
    'imported libs/boom/package.json',
    'imported libs/boom/lib/index.js',
    'language libs/aaa/index.js',
    'rest docs/guide.md',
    'rest tools/build.py',
    'rest libs/aaa/package.json',
  ]);
});

test("git's changed files join the package tier, or lead when nothing is open; files outside any package belong to the workspace folder's", () => {
  const packages = packagesOf({ 'web/package.json': undefined });
  const changed = new Set(['tools/build.py']);
  const withFocus = rankFiles([files], [{ focus: ['web/lib/core.js'], imports: { files: [], folders: [] }, packages, changed }]);
  assert.equal(withFocus.find((f) => f.relativePath === 'tools/build.py')?.tier, 2);
  const noFocus = rankFiles([files], [{ focus: [], imports: { files: [], folders: [] }, packages, changed }]);
  assert.equal(noFocus[0].relativePath, 'tools/build.py');
  const rootFocus = rankFiles(
    [['a.ts', 'src/b.ts', 'pkg/package.json', 'pkg/c.ts']],
    [{ focus: ['a.ts'], imports: { files: [], folders: [] }, packages: packagesOf({ 'pkg/package.json': undefined }), changed: undefined }],
  );
  assert.deepEqual(
    rootFocus.map((f) => [f.relativePath, TIER_NAMES[f.tier]]),
    [
      ['a.ts', 'focus'],
      ['src/b.ts', 'package'],
      ['pkg/c.ts', 'language'],
      ['pkg/package.json', 'rest'],
    ],
  );
});

test("several folders: the focus's language lifts the same language in the others", () => {
  const none = { imports: { files: [], folders: [] }, packages: new PackageMap(), changed: undefined };
  const ranked = rankFiles(
    [['main.ts'], ['notes.md', 'helper.js']],
    [
      { ...none, focus: ['main.ts'] },
      { ...none, focus: [] },
    ],
  );
  assert.deepEqual(
    ranked.map((f) => `${f.root}:${f.relativePath}`),
    ['0:main.ts', '1:helper.js', '1:notes.md'],
  );
});
