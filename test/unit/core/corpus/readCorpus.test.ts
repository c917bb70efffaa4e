// The bytes that reach training: exact (Unicode, CRLF, invalid UTF-8), files joined by 0x00,
// the caps respected, and several roots read in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FILE_SEPARATOR, readCorpus } from '../../../../src/core/corpus';
import { readTextFile } from '../../../../src/core/corpus/readTextFile';
import { LIMITS, makeWorkspace } from '../../helpers/workspaceBuilder';

test('a single file is used for both sides, byte for byte, and a warning says so', async () => {
  const text = 'Grüße 日本語 🚀\r\nline two\r\n';
  const ws = makeWorkspace({ 'only.md': text });
  try {
    const corpus = await readCorpus([ws.root], LIMITS);
    assert.deepEqual(Buffer.from(corpus.trainBytes), Buffer.from(text, 'utf8'));
    assert.deepEqual(Buffer.from(corpus.validationBytes), Buffer.from(text, 'utf8'));
    assert.equal(corpus.sameFileForBoth, true);
    assert.match(corpus.warnings.join('\n'), /only one file \(only\.md\).*both training and validation/);
    assert.equal(corpus.summary.trainFiles, 1);
    assert.equal(corpus.summary.validationFiles, 1);
  } finally {
    ws.remove();
  }
});

test('invalid UTF-8 is kept as bytes; a UTF-8 byte order mark is dropped', async () => {
  const invalid = Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x28, 0x0a]);
  const ws = makeWorkspace({ 'bad.txt': invalid });
  writeFileSync(path.join(ws.root, 'bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('BOM\n')]));
  try {
    const corpus = await readCorpus([ws.root], LIMITS);
    const all = Buffer.concat([Buffer.from(corpus.trainBytes), Buffer.from(corpus.validationBytes)]);
    assert.ok(all.includes(invalid));
    assert.ok(all.includes(Buffer.from('BOM\n')));
    assert.ok(!all.includes(Buffer.from([0xef, 0xbb, 0xbf])));
  } finally {
    ws.remove();
  }
});

test('files are joined with one 0x00 between them and sizes add up', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) files[`f${String(i).padStart(2, '0')}.txt`] = `file ${i}\n`;
  const ws = makeWorkspace(files);
  try {
    const corpus = await readCorpus([ws.root], LIMITS);
    const { trainFiles, validationFiles } = corpus.summary;
    assert.equal(trainFiles + validationFiles, 30);
    const separators = (b: Uint8Array) => b.filter((x) => x === FILE_SEPARATOR).length;
    assert.equal(separators(corpus.trainBytes), trainFiles - 1);
    assert.equal(separators(corpus.validationBytes), validationFiles - 1);
    const total = Object.values(files).reduce((n, t) => n + t.length, 0);
    assert.equal(corpus.trainBytes.length + corpus.validationBytes.length, total + (trainFiles - 1) + (validationFiles - 1));
  } finally {
    ws.remove();
  }
});

test('the total-size cap stops the walk: never more bytes than the cap', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`f${String(i).padStart(2, '0')}.txt`] = `${'q'.repeat(99)}\n`.repeat(10); // 1000 bytes each
  const ws = makeWorkspace(files);
  try {
    const corpus = await readCorpus([ws.root], { ...LIMITS, maxTotalBytes: 10_500 });
    const bytes = corpus.trainBytes.length + corpus.validationBytes.length + 1;
    assert.ok(bytes <= 10_500, `${bytes} bytes`);
    assert.equal(corpus.summary.trainFiles + corpus.summary.validationFiles, 10);
    assert.equal(corpus.truncated, true);
    assert.match(corpus.warnings.join('\n'), /cap/);
  } finally {
    ws.remove();
  }
});

test('reading a file stops early: over the size cap without reading, at the first over-long line', async () => {
  const ws = makeWorkspace({ 'huge.txt': 'a'.repeat(3 * 1024 * 1024), 'long.txt': 'x'.repeat(500) + '\n' + 'y\n'.repeat(10000) });
  try {
    assert.deepEqual(await readTextFile(path.join(ws.root, 'huge.txt'), { maxFileBytes: 1024, maxLineLength: 1e9 }), { kind: 'skipped', reason: 'tooLarge', size: 3 * 1024 * 1024 });
    assert.deepEqual(await readTextFile(path.join(ws.root, 'long.txt'), { maxFileBytes: 1e9, maxLineLength: 200 }), { kind: 'skipped', reason: 'minified' });
    const read = await readTextFile(path.join(ws.root, 'huge.txt'), { maxFileBytes: 4 * 1024 * 1024, maxLineLength: 1e9 });
    assert.equal(read.kind === 'text' && read.bytes.length, 3 * 1024 * 1024);
  } finally {
    ws.remove();
  }
});

test('several roots are all read, in order', async () => {
  const a = makeWorkspace({ 'a.txt': 'ROOT_A\n' });
  const b = makeWorkspace({ 'b.txt': 'ROOT_B\n', 'c.txt': 'ROOT_C\n' });
  try {
    const corpus = await readCorpus([a.root, b.root], LIMITS);
    const all = Buffer.concat([Buffer.from(corpus.trainBytes), Buffer.from(corpus.validationBytes)]).toString();
    for (const m of ['ROOT_A', 'ROOT_B', 'ROOT_C']) assert.ok(all.includes(m), m);
    assert.deepEqual(corpus.summary.roots, [a.root, b.root]);
  } finally {
    a.remove();
    b.remove();
  }
});
