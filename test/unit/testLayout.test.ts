// Tests mirror the sources (CONTRIBUTING.md, "Where tests live"): every unit test file is
// test/unit/X.test.ts or test/unit/X.<concern>.test.ts for a source file src/X.ts (or X.ts
// outside src/: media/, scripts/), except the checks of the repository as a whole below.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const UNIT = path.join(ROOT, 'test', 'unit');
const WHOLE_REPOSITORY = ['importBoundaries', 'importGraph', 'lintIgnores', 'offline', 'testLayout'];

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return testFiles(full);
    return name.endsWith('.test.ts') ? [path.relative(UNIT, full).split(path.sep).join('/')] : [];
  });
}

/** The source files a test file at `relative` (under test/unit/) may be named for. */
function candidates(relative: string): string[] {
  const stem = relative.slice(0, -'.test.ts'.length);
  const base = stem.slice(stem.lastIndexOf('/') + 1);
  const stems = base.includes('.') ? [stem, stem.slice(0, stem.lastIndexOf('.'))] : [stem];
  return stems.flatMap((s) => ['.ts', '.mjs'].flatMap((ext) => [`src/${s}${ext}`, `${s}${ext}`]));
}

test('every unit test file is named for the source file it tests', () => {
  const misplaced = testFiles(UNIT).filter((f) => {
    if (WHOLE_REPOSITORY.includes(f.slice(0, -'.test.ts'.length))) return false;
    return !candidates(f).some((c) => existsSync(path.join(ROOT, c)));
  });
  assert.deepEqual(misplaced, [], `test files whose source is not found (tests of src/X.ts go in test/unit/X.test.ts): ${misplaced.join(', ')}`);
});
