// Which of the project's files the index reads with the whole stack (src/core/index/weighedFiles.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WEIGHING_SHARE, weighedFiles, weighedRuns, WHOLE_STACK } from '../../../../src/core/index/weighedFiles';

const marks = (weighed: boolean[]) => weighed.map((w) => (w ? 'W' : '.')).join('');

test('the most relevant file (the last) and every stride-th one before it are weighed', () => {
  assert.equal(marks(weighedFiles([10, 10, 10, 10, 10, 10, 10], { stride: 2, maxBytes: Infinity })), 'W.W.W.W');
  assert.equal(marks(weighedFiles([10, 10, 10, 10, 10, 10], { stride: 3, maxBytes: Infinity })), '..W..W');
  assert.equal(marks(weighedFiles([10, 10, 10], WHOLE_STACK)), 'WWW');
  assert.equal(marks(weighedFiles([], WEIGHING_SHARE)), '');
});

test('within the byte budget: counting back from the most relevant, a file too large for what is left is skipped, smaller ones still fit', () => {
  assert.equal(marks(weighedFiles([10, 10, 10, 10], { stride: 1, maxBytes: 25 })), '..WW');
  assert.equal(marks(weighedFiles([5, 30, 10, 10], { stride: 1, maxBytes: 25 })), 'W.WW');
  assert.equal(marks(weighedFiles([10, 10, 100], { stride: 1, maxBytes: 25 })), 'WW.', 'a most relevant file past the budget is read for its statistics');
  assert.equal(marks(weighedFiles([10, 10], { stride: 1, maxBytes: 0 })), '..');
});

test('a stride that is not a whole number from 1 is refused', () => {
  assert.throws(() => weighedFiles([1], { stride: 0, maxBytes: 1 }), /stride/);
  assert.throws(() => weighedFiles([1], { stride: 1.5, maxBytes: 1 }), /stride/);
});

test('runs of files read the same way, in order, cover every file once', () => {
  assert.deepEqual(weighedRuns([false, false, true, false, true, true]), [
    { start: 0, end: 2, weighed: false },
    { start: 2, end: 3, weighed: true },
    { start: 3, end: 4, weighed: false },
    { start: 4, end: 6, weighed: true },
  ]);
  assert.deepEqual(weighedRuns([]), []);
});
