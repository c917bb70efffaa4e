import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildContextStack, learnContextsInSlices } from '../../../../src/core/index/contextStack';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { joinFiles } from '../../../../src/core/corpus/readCorpus';
import { readCheckpoint } from '../../../../src/core/model/checkpoint';
import { PredictorStack } from '../../../../src/core/predict/predictorStack';
import { stackFromSection } from '../../../../src/core/predict/stackState';
import { TextScorer } from '../../../../src/core/predict/textScorer';
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

test("the training run's context models are sized for their text: a small text's history is cut and the table takes the memory, within the budget", async () => {
  const budget = stackSizesFor(16);
  const joined = joinFiles(smallFiles.slice(0, 50).map((bytes) => ({ bytes })));
  const stack = (await buildContextStack(joined, budget, () => false))!;
  assert.ok(stack.workspace.capacity < budget.workspaceBytes, `history ${stack.workspace.capacity} bytes of ${budget.workspaceBytes}`);
  assert.ok(stack.workspace.capacity >= joined.length, 'the whole text fits in the history');
  assert.ok(stack.sizes.tableBuckets > budget.tableBuckets, `table ${stack.sizes.tableBuckets} buckets, ${budget.tableBuckets} unsized`);
  assert.ok(stack.memoryBytes <= new PredictorStack(budget).memoryBytes, `${stack.memoryBytes} bytes against ${new PredictorStack(budget).memoryBytes}`);
});

test("started from a base model's weighing, the context models predict a new file of a small project better than a new stack does", async () => {
  const base = stackFromSection(readCheckpoint(path.join(__dirname, '..', '..', '..', '..', 'models', 'base.recur')).context!);
  const sources = path.join(__dirname, '..', '..', '..', '..', 'src', 'core', 'predict');
  const [held, ...train] = readdirSync(sources)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => readFileSync(path.join(sources, name)));
  const joined = joinFiles(train.map((bytes) => ({ bytes })));
  const bitsOnHeld = async (weighing?: PredictorStack) => {
    const stack = (await buildContextStack(joined, stackSizesFor(16), () => false, undefined, undefined, weighing))!;
    const scorer = new TextScorer(stack, undefined);
    scorer.readFile(held);
    return scorer.totals.bits / scorer.totals.bytes;
  };
  const fresh = await bitsOnHeld();
  const weighed = await bitsOnHeld(base);
  assert.ok(weighed < fresh, `bits a byte on ${path.basename(sources)}'s first file: ${weighed.toFixed(3)} from the base's weighing, ${fresh.toFixed(3)} from a new stack`);
});
