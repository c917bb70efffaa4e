// Every recur.context.memoryMB the setting takes gives sizes the stack can be built with (the
// largest, 1024, once asked for a 2^25-bucket table, which the table refuses: training and
// the index job failed there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContextTable } from '../../../../src/core/predict/contextTable';
import { CONTEXT_MEMORY_MB_RANGE, stackSizesFor } from '../../../../src/core/predict/stackConfig';

test('the table sizes of every memory setting from the smallest to the largest are accepted', () => {
  for (const mb of [CONTEXT_MEMORY_MB_RANGE.min, 32, 256, 512, 513, 1000, CONTEXT_MEMORY_MB_RANGE.max]) {
    const { tableBuckets } = stackSizesFor(mb);
    assert.doesNotThrow(() => new ContextTable(tableBuckets), `${mb} MB: ${tableBuckets} buckets`);
  }
});
