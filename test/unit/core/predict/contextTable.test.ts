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

test('context table: sizes that are not a multiple of 4 buckets (a cache line), or out of range, are refused with a reason', () => {
  for (const count of [0, 2, 6, 102, 2 ** 24 + 4, 1.5]) assert.throws(() => new ContextTable(count), /multiple of 4/, String(count));
});

/** Random 32-bit hashes, the same every run. */
function hashes(n: number, seed = 7): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    out.push(Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) ^ i);
  }
  return out;
}

test('context table: a table whose bucket count is not a power of two stores and finds its contexts, spread over every line', () => {
  const buckets = 4 * 1000 + 12; // 1,003 lines
  const table = new ContextTable(buckets);
  const contexts = hashes(buckets / 4); // a context a line on average: few lines get more than four
  const offsets = contexts.map((h) => {
    const offset = table.bucket(h);
    table.bytes[offset + 1] = 5; // seen once
    return offset;
  });
  for (const offset of offsets) assert.ok(offset >= 0 && offset < buckets * BUCKET_BYTES && offset % BUCKET_BYTES === 0, `offset ${offset}`);
  const found = contexts.filter((h, i) => table.find(h) === offsets[i]).length;
  assert.ok(found >= 0.99 * contexts.length, `${found} of ${contexts.length} contexts found where they were put`);
  // The hashes are spread over all lines, near evenly: the last line gets its share as the first does.
  const perLine = new Uint32Array(buckets / 4);
  for (const h of hashes(200_000, 3)) perLine[table.lineOf(h) / 4]++;
  const expected = 200_000 / perLine.length;
  assert.ok(
    perLine.every((n) => n > 0.6 * expected && n < 1.4 * expected),
    `hashes per line from ${Math.min(...perLine)} to ${Math.max(...perLine)}, ${expected.toFixed(0)} expected`,
  );
  for (const h of contexts) assert.equal(table.lineOf(h) % 4, 0, 'a line starts at a multiple of 4 buckets');
});

test('context table: a power of two of buckets places every context where tables saved before put it (bucket = hash & (count - 1), check = the high 8 bits)', () => {
  // The placement before bucket counts could be any multiple of 4, written out: the home bucket and the three others of its line.
  const reference = (count: number, bytes: Uint8Array, hash: number): number => {
    const mask = count - 1;
    const check = hash >>> 24 || 1;
    const home = hash & mask;
    let victim = -1;
    let victimSeen = 256;
    for (let k = 0; k < 4; k++) {
      const offset = ((home ^ k) & mask) * BUCKET_BYTES;
      if (bytes[offset] === check) return offset;
      const seen = bytes[offset] === 0 ? -1 : BIT_HISTORY.total[bytes[offset + 1]];
      if (seen < victimSeen) {
        victimSeen = seen;
        victim = offset;
      }
    }
    bytes[victim] = check;
    bytes.fill(0, victim + 1, victim + BUCKET_BYTES);
    return victim;
  };
  for (const count of [4, 64, 1 << 12]) {
    const table = new ContextTable(count);
    const before = new Uint8Array(count * BUCKET_BYTES);
    for (const [i, h] of hashes(3 * count, count).entries()) {
      const offset = table.bucket(h);
      assert.equal(offset, reference(count, before, h), `${count} buckets, hash ${h}`);
      table.bytes[offset + 1] = before[offset + 1] = (i * 37) % 200; // states as learning leaves them, so eviction is exercised
      assert.equal(table.lineOf(h), (h & (count - 1) & ~3) >>> 0);
    }
    assert.deepEqual(table.bytes, before);
  }
});
