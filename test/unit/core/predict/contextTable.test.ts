import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUCKET_BYTES, ContextTable, NOT_FOUND } from '../../../../src/core/predict/contextTable';
import { BIT_HISTORY } from '../../../../src/core/predict/bitHistory';

test('context table: a context gets the same bucket every time; find() sees it, never takes one', () => {
  const table = new ContextTable(64);
  assert.equal(table.bytes.length, 64 * BUCKET_BYTES, 'memory is bucketCount * 16 bytes');
  const before = table.bytes.slice();
  assert.equal(table.find(0x12345678), NOT_FOUND);
  assert.deepEqual(table.bytes, before, 'find() did not change the table');
  const offset = table.bucket(0x12345678);
  table.bytes[offset + 1] = 7;
  assert.equal(table.bucket(0x12345678), offset);
  assert.equal(table.find(0x12345678), offset);
  assert.equal(table.bytes[offset + 1], 7, 'a found bucket keeps its states');
});

test('context table: when the four candidate buckets are taken, the one seen least is replaced', () => {
  const table = new ContextTable(4);
  // Same home bucket (low bits 0), different check bytes (top 8 bits).
  const a = 0x01000000,
    b = 0x02000000,
    c = 0x03000000,
    e = 0x05000000,
    d = 0x04000000;
  const seen = (hash: number, count: number) => {
    const offset = table.bucket(hash);
    let s = 0;
    for (let i = 0; i < count; i++) s = BIT_HISTORY.next[2 * s + 1];
    table.bytes[offset + 1] = s;
    return offset;
  };
  seen(a, 5);
  const offsetB = seen(b, 1);
  seen(c, 9);
  seen(e, 3);
  const offsetD = table.bucket(d);
  assert.equal(offsetD, offsetB, 'b had seen least');
  assert.equal(table.find(b), NOT_FOUND);
  assert.notEqual(table.find(a), NOT_FOUND);
  assert.notEqual(table.find(c), NOT_FOUND);
  assert.notEqual(table.find(e), NOT_FOUND);
  assert.equal(table.bytes[offsetD + 1], 0, 'a taken bucket starts empty');
});

test('context table: sizes that are not powers of two are refused with a reason', () => {
  assert.throws(() => new ContextTable(100), /power of two/);
});
