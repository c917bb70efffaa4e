// The training/validation split: by file, deterministic, about 5%, never empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFiles, splitScore, VALIDATION_SHARE } from '../../../src/core/corpus';

const files = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `src/module${i}/file${i}.ts` }));

test('the same paths always split the same way, whatever their order', () => {
  const list = files(400);
  const first = splitFiles(list).validation.map((f) => f.key).sort();
  const again = splitFiles([...list].reverse()).validation.map((f) => f.key).sort();
  assert.deepEqual(first, again);
  // Adding files does not move existing ones (the decision depends on the path only).
  const grown = splitFiles([...list, ...files(600).slice(400)]).validation.map((f) => f.key);
  for (const key of first) assert.ok(grown.includes(key), key);
});

test('about 5% of files are held out', () => {
  const { train, validation } = splitFiles(files(4000));
  const share = validation.length / 4000;
  assert.ok(share > VALIDATION_SHARE * 0.7 && share < VALIDATION_SHARE * 1.3, `share ${share}`);
  assert.equal(train.length + validation.length, 4000);
});

test('at least one file on each side; a single file is used for both', () => {
  for (const n of [2, 3, 5]) {
    const { train, validation, sameFileForBoth } = splitFiles(files(n));
    assert.ok(validation.length >= 1 && train.length >= 1, `n=${n}`);
    assert.equal(sameFileForBoth, false);
  }
  const one = splitFiles(files(1));
  assert.equal(one.sameFileForBoth, true);
  assert.deepEqual(one.train, one.validation);
  assert.deepEqual(splitFiles([]), { train: [], validation: [], sameFileForBoth: false });
});

test('the score is a stable number in [0, 1)', () => {
  assert.equal(splitScore('a/b.ts'), splitScore('a/b.ts'));
  assert.notEqual(splitScore('a/b.ts'), splitScore('a/c.ts'));
  const s = splitScore('x');
  assert.ok(s >= 0 && s < 1);
});
