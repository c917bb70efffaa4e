// How the index's contents are worded (src/shared/indexSummary.ts): the status bar's progress,
// the panel's line (what the index holds, what it left out and why).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeIndexContents, describeLeftOut, formatMegabytes, type IndexSummary } from '../../../src/shared/indexSummary';

const summary: IndexSummary = {
  files: 2202,
  bytes: 8.4 * 2 ** 20,
  languages: [
    { language: 'javascript', bytes: 6.1 * 2 ** 20 },
    { language: 'typescript', bytes: 2.0 * 2 ** 20 },
    { language: 'json', bytes: 12_000 },
  ],
  leftOut: { overBudget: 16_300, skippedFolder: 8, binary: 0, gitignoreNotRead: 1 },
  budgetBytes: 8 * 2 ** 20,
  roots: 1,
  builtAt: '2026-01-01T00:00:00.000Z',
};

test('what the index holds: files, MB and the languages, largest first; small parts in KB, never "0.0 MB"', () => {
  assert.equal(describeIndexContents(summary), '2,202 files, 8.4 MB (javascript 6.1 MB, typescript 2.0 MB, json 12 KB)');
  assert.equal(formatMegabytes(166 * 2 ** 20), '166 MB');
  assert.equal(formatMegabytes(100), '1 KB');
});

test('what was left out: by reason, most first, zero counts not said', () => {
  assert.equal(
    describeLeftOut(summary),
    'left out: 16,300 past the memory budget (recur.context.memoryMB), less relevant, 8 dependency or build folders, 1 .gitignore files not read (too large or outside the folder)',
  );
  assert.equal(describeLeftOut({ ...summary, leftOut: {} }), '');
});
