// Which files become training text: every filter, on a real folder on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCorpus } from '../../../../src/core/corpus';
import { LIMITS, makeWorkspace } from '../../helpers/workspaceBuilder';

const KEEP = 'const kept = true;\n';

async function keptFiles(files: Record<string, string | Uint8Array>, options: Partial<typeof LIMITS> = {}) {
  const ws = makeWorkspace({ 'keep/a.ts': KEEP, 'keep/b.ts': KEEP, 'keep/c.ts': KEEP, ...files });
  try {
    const corpus = await readCorpus([ws.root], { ...LIMITS, ...options });
    const text = Buffer.concat([Buffer.from(corpus.trainBytes), Buffer.from([0]), Buffer.from(corpus.validationBytes)]).toString('latin1');
    return { corpus, text, files: corpus.summary.trainFiles + corpus.summary.validationFiles };
  } finally {
    ws.remove();
  }
}

test('dependency and build folders are skipped wherever they are', async () => {
  const { text, files, corpus } = await keptFiles({
    'node_modules/x/index.js': 'DEP1',
    'sub/node_modules/y.js': 'DEP2',
    '.git/config': 'GIT',
    'dist/out.js': 'BUILD',
    'pkg/__pycache__/m.py': 'PYC',
    '.venv/lib.py': 'VENV',
    'target/x.rs': 'RUST',
  });
  assert.equal(files, 3);
  for (const marker of ['DEP1', 'DEP2', 'GIT', 'BUILD', 'PYC', 'VENV', 'RUST']) assert.ok(!text.includes(marker), marker);
  assert.equal(corpus.skipped.skippedFolder, 7);
});

test('.gitignore rules apply, nested files included, with negation and precedence', async () => {
  const { text, files } = await keptFiles({
    '.gitignore': 'logs/\n*.secret\n!keep.secret\n',
    'logs/debug.txt': 'LOGGED',
    'a.secret': 'SECRET',
    'keep.secret': 'REINCLUDED',
    'nested/.gitignore': 'local.txt\n/only-here.txt\n',
    'nested/local.txt': 'NESTED_IGNORED',
    'nested/only-here.txt': 'ANCHORED_IGNORED',
    'nested/deeper/only-here.txt': 'ANCHORED_KEPT',
    'other/local.txt': 'OTHER_KEPT',
  });
  for (const marker of ['LOGGED', 'SECRET', 'NESTED_IGNORED', 'ANCHORED_IGNORED']) assert.ok(!text.includes(marker), `${marker} is left out`);
  for (const marker of ['REINCLUDED', 'ANCHORED_KEPT', 'OTHER_KEPT']) assert.ok(text.includes(marker), `${marker} is kept`);
  assert.equal(files, 3 + 2 + 3); // keep/*, two .gitignore files, three kept markers
});

test('exclude globs (files.exclude style) leave out files and whole folders', async () => {
  const { text } = await keptFiles({ 'gen/a.ts': 'GENERATED', 'src/x.test.ts': 'TESTFILE', 'src/x.ts': 'SOURCE', 'docs/a.md': 'DOCS' }, { excludeGlobs: ['**/gen', '**/*.test.ts', 'docs/**'] });
  assert.ok(text.includes('SOURCE'));
  for (const marker of ['GENERATED', 'TESTFILE', 'DOCS']) assert.ok(!text.includes(marker), marker);
});

test('binary files (a NUL in the first 8 KB) are skipped; a NUL later is kept as a byte', async () => {
  const lateNul = Buffer.concat([Buffer.from('LATE_NUL\n'), Buffer.from(('y'.repeat(99) + '\n').repeat(90)), Buffer.from([0]), Buffer.from('end\n')]);
  const { text, corpus } = await keptFiles({ 'img.raw': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x42, 0x49, 0x4e]), 'late.txt': lateNul });
  assert.ok(!text.includes('PNG'));
  assert.ok(text.includes('LATE_NUL'));
  assert.equal(corpus.skipped.binary, 1);
});

test('files over the size cap and minified files (a line longer than maxLineLength) are skipped', async () => {
  const { text, corpus } = await keptFiles({
    'big.txt': 'BIG' + 'z'.repeat(70 * 1024),
    'bundle.js': 'MINIFIED' + 'function(){}'.repeat(50),
    'app.min.js': 'MINNAME',
    'package-lock.json': 'LOCKFILE',
    'ok.ts': 'OKLINE ' + 'w'.repeat(150) + '\n',
  });
  for (const marker of ['BIG', 'MINIFIED', 'MINNAME', 'LOCKFILE']) assert.ok(!text.includes(marker), marker);
  assert.ok(text.includes('OKLINE'));
  assert.equal(corpus.skipped.tooLarge, 1);
  assert.equal(corpus.skipped.minified, 1);
});

test('empty files are skipped; an empty or missing folder is a clear error', async () => {
  const { corpus } = await keptFiles({ 'empty.ts': '' });
  assert.equal(corpus.skipped.empty, 1);
  const ws = makeWorkspace({ 'node_modules/a.js': 'x', 'bin.dat2': Buffer.from([0, 1, 2]) });
  try {
    await assert.rejects(readCorpus([ws.root], LIMITS), /no text files to train on in .*left out: 1 binary, 1 dependency or build folder/);
  } finally {
    ws.remove();
  }
  await assert.rejects(readCorpus(['/no/such/folder'], LIMITS), /\/no\/such\/folder is not a folder/);
});
