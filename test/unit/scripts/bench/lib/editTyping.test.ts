// The person of bench:keystrokes --mode edit: keys counted by hand for short spans, and an
// inline item accepted only when the document stays on the way to the target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyCounts, type EditSuggester, retypeSpan, type SpanTask } from '../../../../../scripts/bench/lib/editTyping';
import { editSpans, editTarget } from '../../../../../scripts/bench/lib/editSpans';

const SPACES4 = { insertSpaces: true, tabSize: 4 };

function task(text: string, start: number, end: number, languageId = 'javascript'): SpanTask {
  return { document: 'a', languageId, style: SPACES4, text, start, end };
}

test('alone, the person types every character once; closers are typed over, and the line Enter moved below is reached with two keys', () => {
  const line = emptyCounts();
  retypeSpan(task('res.send(false);\n', 0, 16), line);
  assert.deepEqual([line.chars, line.keys], [16, 16]);
  const block = emptyCounts();
  const text = 'function f() {\n    return 1;\n}\n';
  retypeSpan(task(text, 0, text.length - 1), block);
  // `function f() {` 14, Enter 1 (indented by the editor), `return 1;` 9, Down End 2.
  assert.deepEqual([block.chars, block.keys], [30, 26]);
  // Python: Enter after `:` indents, and a wrong indentation costs a key per level.
  const py = emptyCounts();
  const source = 'def f(x):\n    if x:\n        return 1\n    return 2\n';
  retypeSpan(task(source, 0, source.length - 1, 'python'), py);
  // 9 + 1 + 5 + 1 + 8 + 1 (Enter keeps 8 spaces) + 1 (one Backspace) + 8
  assert.equal(py.keys, 34);
});

test('an item covering the auto-closed closer is accepted; the same text with an empty range duplicates it', () => {
  const text = 'x;\nres.send(false);\ny;\n';
  const start = 3;
  const end = 3 + 'res.send(false);'.length;
  const offer =
    (replaceRight: number): EditSuggester =>
    (before, after) =>
      before.endsWith('res.send(') && after.startsWith(')') ? { item: { insertText: 'false);', replaceRight }, kept: false } : { item: undefined, kept: false };
  const covering = emptyCounts();
  retypeSpan(task(text, start, end), covering, offer(1));
  assert.deepEqual([covering.shown, covering.accepted, covering.duplicatingAccepts, covering.keys], [1, 1, 0, 10]);
  const duplicating = emptyCounts();
  retypeSpan(task(text, start, end), duplicating, offer(0));
  assert.deepEqual([duplicating.shown, duplicating.accepted, duplicating.duplicatingAccepts, duplicating.keys], [1, 0, 1, 16]);
});

test('an inline span keeps the closer and the rest of the line right of the cursor; an item may replace them when it ends the span', () => {
  const text = 'call(alpha, beta);\n';
  const [start, end] = [5, 16];
  const offer: EditSuggester = (before) => (before.endsWith('(al') ? { item: { insertText: 'pha, beta);', replaceRight: 2 }, kept: false } : { item: undefined, kept: false });
  const counts = emptyCounts();
  retypeSpan(task(text, start, end), counts, offer);
  assert.deepEqual([counts.accepted, counts.keys], [1, 3]);
  // Replacing the closer but not ending the line as the file does is off the way.
  const wrong: EditSuggester = (before) => (before.endsWith('(al') ? { item: { insertText: 'pha, beta)', replaceRight: 2 }, kept: false } : { item: undefined, kept: false });
  const off = emptyCounts();
  retypeSpan(task(text, start, end), off, wrong);
  assert.equal(off.accepted, 0);
});

test('spans: deterministic, inside the file, not overlapping', () => {
  const text = editTarget(Array.from({ length: 1500 }, (_, n) => (n % 7 === 0 ? `function f${n}(a, b) {` : n % 7 === 6 ? '}' : `    call(a, "x${n}", [1, 2]);  `)).join('\n'));
  const spans = editSpans('lib/a.js', text, false);
  assert.deepEqual(editSpans('lib/a.js', text, false), spans);
  assert.ok(spans.length >= 10, `${spans.length} spans`);
  assert.deepEqual(new Set(spans.map((s) => s.kind)), new Set(['lines', 'block', 'inline']));
  for (let k = 0; k < spans.length; k++) {
    assert.ok(spans[k].start < spans[k].end && spans[k].end <= text.length);
    if (k > 0) assert.ok(spans[k - 1].end < spans[k].start);
  }
  assert.notDeepEqual(editSpans('lib/b.js', text, false), spans);
});
