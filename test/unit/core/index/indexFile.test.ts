// The saved index's file format (src/core/index/indexFile.ts): what is written is read back
// exactly; a damaged, truncated, foreign or newer file is refused with a reason that names it,
// and sizes are checked before anything is allocated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { decodeIndex, encodeIndex, IndexFileError, readIndex, type SavedIndex, writeIndexAtomic } from '../../../../src/core/index/indexFile';
import type { IndexManifest } from '../../../../src/core/index/indexManifest';

const manifest: IndexManifest = {
  roots: ['/work/a'],
  files: [{ root: 0, path: 'src/x.ts', size: 12, mtimeMs: 1700000000000.5, bytes: 12, language: 'typescript' }],
  learnedBytes: 12,
  staleBytes: 0,
  leftOut: { overBudget: 3, binary: 1 },
  budgetBytes: 1024,
  builtAt: '2026-01-01T00:00:00.000Z',
  complete: true,
};

function sample(): SavedIndex {
  return {
    base: { name: 'recur-base', step: 35128, charsSeen: 71_900_000 },
    manifest,
    stack: {
      meta: { version: 3, tableBuckets: 4 },
      tensors: {
        table: { data: Uint8Array.from({ length: 4096 }, (_, i) => (i % 7 === 0 ? i & 255 : 0)), shape: [4096], compress: true },
        weights: { data: Float32Array.from([0.5, -1.25, 3]), shape: [3] },
        counts: { data: Uint16Array.from([1, 2, 65535]), shape: [1, 3] },
      },
    },
    savedAt: '2026-01-02T00:00:00.000Z',
  };
}

test('written and read back: the manifest, the base and every tensor as they were', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recur-index-'));
  try {
    const file = path.join(dir, 'base-index.recur');
    writeIndexAtomic(file, sample());
    const back = readIndex(file);
    assert.deepEqual(back.manifest, manifest);
    assert.deepEqual(back.base, sample().base);
    assert.deepEqual(back.stack.meta, sample().stack.meta);
    for (const [name, tensor] of Object.entries(sample().stack.tensors)) {
      assert.deepEqual(back.stack.tensors[name].data, tensor.data, name);
      assert.deepEqual(back.stack.tensors[name].shape, tensor.shape, name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('damage anywhere is refused with the reason: header, tensor, truncation, foreign files, newer versions', () => {
  const bytes = encodeIndex(sample());
  const refused = (b: Buffer, pattern: RegExp) =>
    assert.throws(
      () => decodeIndex(b, 'idx.recur'),
      (err: unknown) => err instanceof IndexFileError && err.file === 'idx.recur' && pattern.test(err.message),
    );
  const flip = (at: number) => {
    const copy = Buffer.from(bytes);
    copy[at] ^= 0x40;
    return copy;
  };
  refused(flip(20), /header \(checksum\)/);
  refused(flip(bytes.length - 5), /tensor \w+ is damaged/);
  refused(bytes.subarray(0, bytes.length - 1), /truncated/);
  refused(Buffer.concat([bytes, Buffer.from([0])]), /unexpected bytes/);
  refused(Buffer.from('RECURCK\n\0\0\0\0 a checkpoint, not an index'), /not a Recur workspace index/);
  refused(
    rewriteHeader(bytes, (h) => ({ ...h, version: 99 })),
    /version 99/,
  );
  refused(
    rewriteHeader(bytes, (h) => ({ ...h, manifest: { ...(h.manifest as object), files: [{ root: 5 }] } })),
    /manifest/,
  );
});

test('a header that claims a huge tensor is refused before anything is allocated', () => {
  const bytes = encodeIndex(sample());
  const huge = rewriteHeader(bytes, (h) => ({ ...h, tensors: (h.tensors as { name: string }[]).map((t) => (t.name === 'weights' ? { ...t, shape: [2 ** 31] } : t)) }));
  assert.throws(() => decodeIndex(huge), /oversized|wrong size|damaged/);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recur-index-'));
  try {
    writeFileSync(path.join(dir, 'x.recur'), 'RECURIX\n');
    assert.throws(() => readIndex(path.join(dir, 'x.recur')), /not a Recur workspace index/);
    assert.throws(() => readIndex(dir), /not a regular file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The file with its JSON header replaced (and its checksum made right), tensors as they were. */
function rewriteHeader(bytes: Buffer, change: (header: Record<string, unknown>) => Record<string, unknown>): Buffer {
  const length = bytes.readUInt32LE(8);
  const header = change(JSON.parse(bytes.subarray(16, 16 + length).toString('utf8')) as Record<string, unknown>);
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.from(bytes.subarray(0, 16));
  prefix.writeUInt32LE(json.length, 8);
  prefix.writeUInt32LE(crc32(json), 12);
  return Buffer.concat([prefix, json, bytes.subarray(16 + length)]);
}
