// Inputs are never dropped or misclassified without a word (issue item 6): UTF-16 text with
// a byte order mark is decoded, lone-CR line endings end lines, every file left out is named
// with its reason, and a reason a setting controls names the setting (or the CLI's flag).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCorpus, skippedLines, skipReason, CLI_KNOBS, SETTING_KNOBS } from '../../../../src/core/corpus';
import { LIMITS, makeWorkspace } from '../../helpers/workspaceBuilder';

const KEEP = 'const kept = true;\n';

async function corpusOf(files: Record<string, string | Uint8Array>) {
  const ws = makeWorkspace({ 'keep/a.ts': KEEP, 'keep/b.ts': KEEP, 'keep/c.ts': KEEP, ...files });
  try {
    const corpus = await readCorpus([ws.root], LIMITS);
    const text = Buffer.concat([Buffer.from(corpus.trainBytes), Buffer.from([0]), Buffer.from(corpus.validationBytes)]).toString('utf8');
    return { corpus, text };
  } finally {
    ws.remove();
  }
}

function utf16(text: string, bigEndian: boolean): Buffer {
  const le = Buffer.from('\ufeff' + text, 'utf16le');
  if (!bigEndian) return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1], le[i]];
  return be;
}

test('UTF-16 files with a byte order mark are decoded and trained on as UTF-8', async () => {
  const { corpus, text } = await corpusOf({ 'win/le.cs': utf16('class Le { string s = "héllo €"; }\r\n', false), 'win/be.txt': utf16('BIG_ENDIAN ünïcode\n', true) });
  assert.equal(corpus.skipped.binary, undefined, 'not counted as binary');
  assert.ok(text.includes('class Le { string s = "héllo €"; }'), 'little-endian text decoded');
  assert.ok(text.includes('BIG_ENDIAN ünïcode'), 'big-endian text decoded');
  assert.deepEqual(corpus.convertedFiles.map((f) => `${f.path} ${f.from}`).sort(), ['win/be.txt UTF-16BE', 'win/le.cs UTF-16LE']);
  assert.match(skippedLines(corpus, LIMITS).join('\n'), /read win\/le\.cs as UTF-16LE/);
});

test('a file with lone-CR line endings is not mistaken for one long (minified) line', async () => {
  const classicMac = Array.from({ length: 100 }, (_, i) => `line ${i} of an old Mac file`).join('\r');
  const { corpus, text } = await corpusOf({ 'old/mac.txt': classicMac });
  assert.equal(corpus.skipped.minified, undefined);
  assert.ok(text.includes('line 99 of an old Mac file'));
});

test('every file left out is named with its reason; the size cap names its setting and flag', async () => {
  const { corpus } = await corpusOf({
    'big.txt': 'z'.repeat(70 * 1024),
    'gen/min.js': 'x'.repeat(300),
    'blob.raw': Buffer.from([1, 0, 2]),
    'empty.ts': '',
    'node_modules/dep/index.js': 'dep',
    'app.min.js': 'min',
  });
  const byPath = Object.fromEntries(corpus.skippedFiles.map((f) => [f.path, f.reason]));
  assert.deepEqual(byPath, { 'app.min.js': 'skippedName', 'big.txt': 'tooLarge', 'blob.raw': 'binary', 'empty.ts': 'empty', 'gen/min.js': 'minified', node_modules: 'skippedFolder' });
  const big = corpus.skippedFiles.find((f) => f.path === 'big.txt')!;
  assert.equal(skipReason(big, LIMITS, SETTING_KNOBS), '70 KB, over the 64 KB file-size cap (raise recur.corpus.maxFileSizeKB to include it)');
  assert.equal(skipReason(big, LIMITS, CLI_KNOBS), '70 KB, over the 64 KB file-size cap (raise --max-file-kb to include it)');
  const lines = skippedLines(corpus, LIMITS, CLI_KNOBS);
  assert.ok(lines.includes('left out gen/min.js: a line longer than 200 characters, as in minified or generated code (raise --max-line to include it)'), lines.join('\n'));
  assert.ok(lines.includes('left out blob.raw: binary (a NUL byte in its first 8 KB; UTF-16 text needs a byte order mark)'));
  assert.deepEqual(corpus.summary.skipped, corpus.skipped, 'the counts go into the checkpoint for the panel');
});
