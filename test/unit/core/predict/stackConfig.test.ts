// Every recur.context.memoryMB the setting takes gives sizes the stack can be built with (the
// largest, 1024, once asked for a 2^25-bucket table, which the table refuses: training and
// the index job failed there), and sizes fitted to a workspace's text stay within the same
// memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContextTable } from '../../../../src/core/predict/contextTable';
import { PredictorStack, stackMemoryBytes } from '../../../../src/core/predict/predictorStack';
import { CONTEXT_MEMORY_MB_RANGE, DEFAULT_CONTEXT_MEMORY_MB, sizedForText, stackSizesFor, WORKSPACE_MARGIN_MIN_BYTES, withWorkspaceRoom } from '../../../../src/core/predict/stackConfig';
import { TextScorer } from '../../../../src/core/predict/textScorer';

const MB = 1024 * 1024;
/** The APMs (three, 17.6 MB), the mixer and the indirect context's table, whatever the budget (stackConfig.ts). */
const FIXED_BYTES = 19 * MB;

test('the table sizes of every memory setting from the smallest to the largest are accepted', () => {
  for (const mb of [CONTEXT_MEMORY_MB_RANGE.min, 32, 100, 256, 512, 513, 1000, CONTEXT_MEMORY_MB_RANGE.max]) {
    const { tableBuckets } = stackSizesFor(mb);
    assert.doesNotThrow(() => new ContextTable(tableBuckets), `${mb} MB: ${tableBuckets} buckets`);
    for (const text of [0, 300 * 1024, 3 * MB, 40 * MB]) {
      const fitted = sizedForText(stackSizesFor(mb), text);
      assert.doesNotThrow(() => new ContextTable(fitted.tableBuckets), `${mb} MB, ${text} bytes of text: ${fitted.tableBuckets} buckets`);
    }
  }
});

test('a power of two of megabytes, the text unknown, sizes the table as before sizes followed the text', () => {
  assert.deepEqual(stackSizesFor(DEFAULT_CONTEXT_MEMORY_MB), { tableBuckets: 2 ** 21, workspaceBytes: 8 * MB, maxLearnBytes: 16 * MB });
  assert.equal(stackSizesFor(32).tableBuckets, 2 ** 20);
  assert.equal(stackSizesFor(4).tableBuckets, 2 ** 17);
  assert.equal(stackSizesFor(1024).tableBuckets, 2 ** 24);
});

test("a small workspace's sizes: its text and the margin in the history, the rest to the table, within the same budget", () => {
  const budget = stackSizesFor(DEFAULT_CONTEXT_MEMORY_MB);
  for (const text of [0, 100 * 1024, 700 * 1024, 2 * MB, 5 * MB]) {
    const sizes = sizedForText(budget, text);
    assert.ok(stackMemoryBytes(sizes) <= stackMemoryBytes(budget), `${text} bytes: ${stackMemoryBytes(sizes)} bytes held, the budget's sizes ${stackMemoryBytes(budget)}`);
    assert.ok(stackMemoryBytes(sizes) <= DEFAULT_CONTEXT_MEMORY_MB * MB + FIXED_BYTES);
    assert.ok(stackMemoryBytes(sizes) > stackMemoryBytes(budget) - 0.01 * DEFAULT_CONTEXT_MEMORY_MB * MB, 'the memory freed went to the table');
    assert.ok(sizes.workspaceBytes >= Math.min(budget.workspaceBytes, text + Math.max(WORKSPACE_MARGIN_MIN_BYTES, text / 2)), `${text} bytes: room for ${sizes.workspaceBytes}`);
    assert.ok(sizes.tableBuckets > budget.tableBuckets, `${text} bytes: ${sizes.tableBuckets} buckets`);
    assert.equal(sizes.tableBuckets % 4, 0);
    assert.equal(sizes.maxLearnBytes, budget.maxLearnBytes);
  }
  // 700 KB of text: about 1.5 times the table.
  assert.ok(sizedForText(budget, 700 * 1024).tableBuckets > 1.45 * budget.tableBuckets);
  // A large workspace keeps the budget's sizes.
  assert.deepEqual(sizedForText(budget, 12 * MB), budget);
  // Every budget, a small workspace: never more than the budget's sizes hold.
  for (const mb of [4, 8, 20, 100, 512, 1024]) {
    const sizes = sizedForText(stackSizesFor(mb), 300 * 1024);
    assert.ok(stackMemoryBytes(sizes) <= Math.max(mb, CONTEXT_MEMORY_MB_RANGE.min) * MB + FIXED_BYTES, `${mb} MB: ${stackMemoryBytes(sizes)} bytes`);
  }
});

test('a stack sized for a small text holds the memory its sizes state, learns that text and keeps it all in its history', () => {
  const budget = { tableBuckets: 1 << 12, workspaceBytes: 4 * MB }; // a small table, for speed
  const text = new TextEncoder().encode('export function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(400));
  const sizes = sizedForText(budget, text.length + 1);
  assert.ok(sizes.tableBuckets > budget.tableBuckets && sizes.tableBuckets % 4 === 0 && (sizes.tableBuckets & (sizes.tableBuckets - 1)) !== 0, `${sizes.tableBuckets} buckets`);
  const stack = new PredictorStack(sizes);
  assert.equal(stack.memoryBytes, stackMemoryBytes(sizes));
  const scorer = new TextScorer(stack, undefined);
  scorer.readFile(text);
  assert.equal(stack.workspace.length, text.length + 1, 'the whole text and its separator, nothing dropped');
  assert.ok(scorer.totals.bits / scorer.totals.chars < 0.5, `${(scorer.totals.bits / scorer.totals.chars).toFixed(3)} bits/char on repeated text`);
});

test('withWorkspaceRoom refuses a history larger than the sizes have room for', () => {
  const budget = stackSizesFor(8);
  assert.throws(() => withWorkspaceRoom(budget, budget.workspaceBytes + 1), /more than/);
  assert.deepEqual(withWorkspaceRoom(budget, budget.workspaceBytes), budget);
});
