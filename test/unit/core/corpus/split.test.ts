// The training/validation split: by file, deterministic, about 5%, never empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inTrainingOrder, readCorpus, splitFiles, splitScore, VALIDATION_SHARE } from '../../../../src/core/corpus';
import { LIMITS, makeWorkspace } from '../../helpers/workspaceBuilder';

const files = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `src/module${i}/file${i}.ts` }));

test('the same paths always split the same way, whatever their order', () => {
  const list = files(400);
  const first = splitFiles(list)
    .validation.map((f) => f.key)
    .sort();
  const again = splitFiles([...list].reverse())
    .validation.map((f) => f.key)
    .sort();
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

test('training files are joined in an order that mixes folders, fixed by the paths alone', () => {
  // 10 packages of 30 files each, listed package by package as a walk finds them.
  const walked = Array.from({ length: 300 }, (_, i) => ({ key: `pkg${Math.floor(i / 30)}/file${i % 30}.ts` }));
  const ordered = inTrainingOrder(walked);
  assert.deepEqual(ordered.map((f) => f.key).sort(), walked.map((f) => f.key).sort(), 'a permutation');
  assert.deepEqual(inTrainingOrder([...walked].reverse()), ordered, 'whatever order they were found in');
  // Any stretch of 30 files (one package's worth in walk order) spans most packages.
  for (let start = 0; start + 30 <= 300; start += 30) {
    const packages = new Set(ordered.slice(start, start + 30).map((f) => f.key.split('/')[0]));
    assert.ok(packages.size >= 6, `files ${start}..${start + 29} come from ${packages.size} packages`);
  }
});

test('readCorpus joins the training side in that order', async () => {
  const files: Record<string, string> = {};
  for (let p = 0; p < 4; p++) for (let i = 0; i < 10; i++) files[`p${p}/f${i}.txt`] = `<p${p}/f${i}.txt>`;
  const ws = makeWorkspace(files);
  try {
    const corpus = await readCorpus([ws.root], LIMITS);
    const joined = Buffer.from(corpus.trainBytes)
      .toString('latin1')
      .split('\0')
      .map((t) => t.slice(1, -1));
    const expected = inTrainingOrder(
      Object.keys(files)
        .filter((k) => joined.includes(k))
        .map((key) => ({ key })),
    ).map((f) => f.key);
    assert.deepEqual(joined, expected);
    assert.notDeepEqual(joined, [...joined].sort(), 'not the walk order');
  } finally {
    ws.remove();
  }
});
