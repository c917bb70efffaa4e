import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learnContextsInSlices } from '../../../../src/core/index/contextStack';
import { PredictorStack } from '../../../../src/core/predict/predictorStack';
import { stackSizesFor } from '../../../../src/core/predict/stackConfig';

// Many files shorter than a piece (4 KB), as most source files are: about a second of work.
const smallFiles = Array.from({ length: 600 }, (_, i) => new TextEncoder().encode(`export const value${i} = ${i} * 3 + 1; // file ${i}\n`.repeat(12)));

test('learning statistics in slices hears a stop between small files, and reports progress', async () => {
  const progress: number[] = [];
  let asked = 0;
  const stopped = await learnContextsInSlices(
    new PredictorStack(stackSizesFor(4)),
    smallFiles,
    () => ++asked > 0,
    (fraction) => progress.push(fraction),
  );
  assert.equal(stopped, false, 'a stop request was never heard');
  assert.equal(asked, 1);
  assert.ok(progress.length >= 1 && progress[0] > 0 && progress[0] < 1, `progress: ${progress.join(', ')}`);
});

test('learning statistics in slices reads every file when not stopped', async () => {
  const progress: number[] = [];
  const done = await learnContextsInSlices(
    new PredictorStack(stackSizesFor(4)),
    smallFiles.slice(0, 20),
    () => false,
    (fraction) => progress.push(fraction),
  );
  assert.equal(done, true);
  assert.equal(progress.at(-1), 1);
});
