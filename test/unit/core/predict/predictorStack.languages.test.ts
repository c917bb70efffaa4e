// Context statistics per language: a stack that learned a JavaScript file and a Python file,
// each under its language, predicts Python's idiom in a Python document where a stack that
// mixes them suggests JavaScript's; language 0 leaves every hash as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cursor, CONTEXT_COUNT } from '../../../../src/core/predict/cursor';
import { ByteHistory } from '../../../../src/core/predict/byteHistory';
import { MATCH_SOURCES, PredictorStack } from '../../../../src/core/predict/predictorStack';
import { stackFromSection, stackToSection } from '../../../../src/core/predict/stackState';
import { buildContextStack, splitJoinedFilesWithLanguages } from '../../../../src/core/index/contextStack';
import { languageCodeOfId as languageOfId, languageCodeOfPath as languageOfPath, NO_LANGUAGE } from '../../../../src/core/languages';
import { readCorpus } from '../../../../src/core/corpus';
import { LIMITS, makeWorkspace } from '../../helpers/workspaceBuilder';

const bytes = (text: string) => new TextEncoder().encode(text);
const sizes = { tableBuckets: 1 << 14, workspaceBytes: 1 << 16 };
// JavaScript compares with ` === `, Python with ` == `; the JavaScript file is the larger.
const JS = 'x = a === b;\n'.repeat(60);
const PY = 'x = a == b\n'.repeat(10);

function hashes(text: string, language: number): Int32Array {
  const cursor = new Cursor(MATCH_SOURCES);
  cursor.language = language;
  for (const b of bytes(text)) cursor.pushContextOnly(b);
  const out = new Int32Array(CONTEXT_COUNT);
  cursor.contextHashes(out);
  return out;
}

/** P(next byte is '=') after "x = a ==" in a Python document (language code `language`). */
function thirdEquals(stack: PredictorStack, language: number): number {
  const cursor = new Cursor(MATCH_SOURCES);
  cursor.language = stack.languageContexts ? language : 0;
  const document = new ByteHistory(1024, 12);
  for (const b of bytes('import os\nx = a ==')) {
    cursor.push(b, stack.histories(document));
    document.append(b);
  }
  return stack.probability(cursor, document, undefined, '='.charCodeAt(0));
}

test('language codes: families by file name and VS Code id; 0 for the rest', () => {
  assert.equal(languageOfPath('lib/a.js'), languageOfPath('src/b.tsx'));
  assert.equal(languageOfId('typescript'), languageOfPath('x.ts'));
  assert.equal(languageOfId('python'), languageOfPath('urllib3/util/url.py'));
  assert.notEqual(languageOfPath('a.py'), languageOfPath('a.js'));
  assert.equal(languageOfPath('README.md'), NO_LANGUAGE);
  assert.equal(languageOfId(undefined), NO_LANGUAGE);
});

test('language 0 leaves the context hashes as they were; another language gets hashes of its own', () => {
  const plain = hashes('if (a === b) {', 0);
  assert.notDeepEqual(hashes('if (a === b) {', 1), plain);
  assert.deepEqual(hashes('if (a === b) {', 0), plain);
  // The same text in two languages: no context shared.
  const js = hashes('if a ', 1);
  const py = hashes('if a ', 2);
  for (let i = 0; i < CONTEXT_COUNT; i++) assert.notEqual(js[i], py[i], `context ${i}`);
});

test("statistics per language: in a Python file, the Python idiom wins over the larger JavaScript file's", async () => {
  const joined = bytes(`${JS}\u0000${PY}`);
  const mixed = (await buildContextStack(joined, sizes, () => false))!;
  const apart = (await buildContextStack(joined, sizes, () => false, undefined, [languageOfPath('a.js'), languageOfPath('a.py')]))!;
  assert.equal(mixed.languageContexts, false);
  assert.equal(apart.languageContexts, true);
  const python = languageOfId('python');
  const pMixed = thirdEquals(mixed, python);
  const pApart = thirdEquals(apart, python);
  assert.ok(pMixed > 0.3 && pApart < 0.05, `P("===") in Python: ${pApart.toFixed(3)} with languages apart, ${pMixed.toFixed(3)} mixed`);
  // The flag survives a checkpoint.
  assert.equal(stackFromSection(stackToSection(apart, { trainBytes: joined.length, fittedBytes: 0 })).languageContexts, true);
  assert.equal(stackFromSection(stackToSection(mixed, { trainBytes: joined.length, fittedBytes: 0 })).languageContexts, false);
});

test('the corpus gives each joined file its language, in the joined order; empty files keep the order', async () => {
  const ws = makeWorkspace({ 'a.py': 'x = 1\n', 'b.js': 'let x = 1;\n', 'c.md': '# c\n', 'd.go': 'package d\n', 'e.rs': 'fn e() {}\n' });
  try {
    const corpus = await readCorpus([ws.root], LIMITS);
    const train = splitJoinedFilesWithLanguages(corpus.trainBytes, corpus.trainLanguages);
    const decoder = new TextDecoder();
    const byLanguage = new Map(train.files.map((f, i) => [decoder.decode(f), train.languages[i]]));
    for (const [text, name] of [
      ['x = 1\n', 'a.py'],
      ['let x = 1;\n', 'b.js'],
      ['# c\n', 'c.md'],
      ['package d\n', 'd.go'],
      ['fn e() {}\n', 'e.rs'],
    ]) {
      if (byLanguage.has(text)) assert.equal(byLanguage.get(text), languageOfPath(name), name);
    }
    assert.equal(corpus.trainLanguages.length, corpus.summary.trainFiles);
    assert.equal(corpus.validationLanguages.length, corpus.summary.validationFiles);
  } finally {
    ws.remove();
  }
  const skipped = splitJoinedFilesWithLanguages(bytes('a\u0000\u0000c'), [1, 2, 3]);
  assert.deepEqual(skipped.languages, [1, 3]);
});
