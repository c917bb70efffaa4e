// The index while the editor runs: the walk's rules for one changed path at a time
// (src/core/index/pathRules.ts), the new lines of a saved file (liveLearning.ts KnownLines),
// and a piece of text learned into the stack the editor suggests from (learnPiece).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PathRules } from '../../../../src/core/index/pathRules';
import { KnownLines, learnPiece, MAX_FILES } from '../../../../src/core/index/liveLearning';
import { readCheckpoint } from '../../../../src/core/model/checkpoint';
import { stackFromSection } from '../../../../src/core/predict/stackState';
import { Cursor } from '../../../../src/core/predict/cursor';
import { MATCH_SOURCES, MATCH_WORKSPACE } from '../../../../src/core/predict/predictorStack';
import { predictedByte } from '../../../../src/core/predict/matchModel';
import { yieldToEventLoop } from '../../../../src/core/slicing';
import { makeWorkspace } from '../../helpers/workspaceBuilder';

test("one path at a time, the walk's rules: dependency folders, names, exclude globs, nested .gitignore with re-includes", async () => {
  const ws = makeWorkspace({ '.gitignore': 'generated/\n*.log\n', 'pkg/.gitignore': '!keep.log\nsecret.ts\n', 'src/a.ts': 'a' });
  try {
    const rules = new PathRules(ws.root, ['**/fixtures/**', 'private']);
    const reasons = Object.fromEntries(
      await Promise.all(
        [
          'src/a.ts',
          'node_modules/x/index.js',
          'src/dist/out.js',
          'package-lock.json',
          'img/logo.png',
          'app.min.js',
          'test/fixtures/data.ts',
          'private/notes.md',
          'generated/api.ts',
          'debug.log',
          'pkg/keep.log',
          'pkg/other.log',
          'pkg/secret.ts',
          'pkg/open.ts',
        ].map(async (p) => [p, (await rules.reasonFor(p)) ?? 'taken']),
      ),
    );
    assert.deepEqual(reasons, {
      'src/a.ts': 'taken',
      'node_modules/x/index.js': 'skippedFolder',
      'src/dist/out.js': 'skippedFolder',
      'package-lock.json': 'skippedName',
      'img/logo.png': 'skippedName',
      'app.min.js': 'skippedName',
      'test/fixtures/data.ts': 'excluded',
      'private/notes.md': 'excluded',
      'generated/api.ts': 'gitignored',
      'debug.log': 'gitignored',
      'pkg/keep.log': 'taken',
      'pkg/other.log': 'gitignored',
      'pkg/secret.ts': 'gitignored',
      'pkg/open.ts': 'taken',
    });
    writeFileSync(path.join(ws.root, 'src', '.gitignore'), 'a.ts\n');
    assert.equal(await rules.reasonFor('src/a.ts'), undefined, 'rules are kept until cleared');
    rules.clear();
    assert.equal(await rules.reasonFor('src/a.ts'), 'gitignored');
  } finally {
    ws.remove();
  }
});

test("a saved file's new text: all of it the first time, then only runs of new lines (with the line before each)", () => {
  const known = new KnownLines();
  assert.deepEqual(known.newText('a', 'line 1\nline 2\n'), ['line 1\nline 2\n']);
  assert.deepEqual(known.newText('a', 'line 1\nline 2\n'), [], 'saved again unchanged: nothing');
  assert.deepEqual(known.newText('a', 'line 1\nadded A\nadded B\nline 2\nadded C\n'), ['line 1\nadded A\nadded B', 'line 2\nadded C']);
  known.remember('b', 'opened\ntext\n');
  assert.deepEqual(known.newText('b', 'opened\nnew here\ntext\n'), ['opened\nnew here'], 'an opened file counts as read');
  for (let i = 0; i < MAX_FILES; i++) known.newText(`f${i}`, `file ${i}`);
  assert.deepEqual(known.newText('a', 'line 1\n'), ['line 1\n'], 'the oldest files are forgotten past MAX_FILES');
});

test('a learned piece is in the workspace history at once: a name from it is copied in another document', async () => {
  const base = readCheckpoint(path.join(__dirname, '..', '..', '..', 'fixtures', 'models', 'tiny-mix.recur'));
  const stack = stackFromSection(base.context!);
  const next = () => {
    const cursor = new Cursor(MATCH_SOURCES);
    const histories = stack.histories(undefined);
    for (const byte of new TextEncoder().encode('const total = zorblatQ')) cursor.push(byte, histories);
    const b = predictedByte(cursor.matches[MATCH_WORKSPACE], stack.workspace);
    return b < 0 ? '' : String.fromCharCode(b);
  };
  assert.equal(next(), '');
  const piece = new TextEncoder().encode(`export function zorblatQuintessence(n: number) {\n  return n;\n}\n${'// padding\n'.repeat(2000)}`);
  let slices = 0;
  const done = await learnPiece(stack, piece, { yieldNow: yieldToEventLoop, cancelled: () => false, sliceMs: 1, onSliceEnd: () => slices++ });
  assert.ok(done);
  assert.equal(next(), 'u', 'zorblatQ... continues as saved');
  assert.ok(slices > 1, `learned in ${slices} slices`);
  const cancelled = await learnPiece(stack, piece, { yieldNow: yieldToEventLoop, cancelled: () => true });
  assert.equal(cancelled, false);
});
