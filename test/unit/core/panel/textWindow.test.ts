// Which part of the document the activations view reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseWindow, snapToCodePoint, type WindowRequest } from '../../../../src/core/panel/textWindow';

const base = (text: string, cursor: number, extra: Partial<WindowRequest> = {}): WindowRequest => ({
  text,
  cursor,
  selectionStart: cursor,
  selectionEnd: cursor,
  size: 10,
  maxSelection: 100,
  warmup: 5,
  ...extra,
});

test('about `size` characters centred on the cursor, inside the document', () => {
  const text = 'abcdefghijklmnopqrstuvwxyz';
  assert.deepEqual(chooseWindow(base(text, 13)), { start: 8, end: 18, warmupStart: 3, fromSelection: false, truncated: false });
  // Near the start and the end the window moves inside the text.
  assert.deepEqual(chooseWindow(base(text, 1)), { start: 0, end: 10, warmupStart: 0, fromSelection: false, truncated: false });
  assert.deepEqual(chooseWindow(base(text, 26)), { start: 16, end: 26, warmupStart: 11, fromSelection: false, truncated: false });
  // A short document is shown whole.
  assert.deepEqual(chooseWindow(base('abc', 2)), { start: 0, end: 3, warmupStart: 0, fromSelection: false, truncated: false });
});

test('edges move to a line break in the outer quarter, keeping the cursor inside', () => {
  // size 20, slack 5: window [10, 30) around cursor 20; a newline at 12 -> start 13; one at 27 -> end 28.
  const text = 'x'.repeat(12) + '\n' + 'y'.repeat(14) + '\n' + 'z'.repeat(20);
  const w = chooseWindow(base(text, 20, { size: 20 }));
  assert.equal(w.start, 13);
  assert.equal(w.end, 28);
  assert.equal(text.slice(w.start, w.end), 'y'.repeat(14) + '\n');
  // A line break far from the edge does not cut the window.
  const far = 'x'.repeat(20) + '\n' + 'y'.repeat(20);
  assert.deepEqual([chooseWindow(base(far, 20, { size: 20 })).start, chooseWindow(base(far, 20, { size: 20 })).end], [10, 30]);
});

test('the selection is shown instead, cut to maxSelection', () => {
  const text = 'abcdefghijklmnopqrstuvwxyz';
  assert.deepEqual(chooseWindow(base(text, 20, { selectionStart: 2, selectionEnd: 20 })), { start: 2, end: 20, warmupStart: 0, fromSelection: true, truncated: false });
  assert.deepEqual(chooseWindow(base(text, 20, { selectionStart: 2, selectionEnd: 20, maxSelection: 5 })), { start: 2, end: 7, warmupStart: 0, fromSelection: true, truncated: true });
});

test('a surrogate pair is never split', () => {
  const text = 'ab😀cd'; // the emoji is two UTF-16 units at 2..3
  assert.equal(snapToCodePoint(text, 3), 2);
  assert.equal(snapToCodePoint(text, 2), 2);
  assert.equal(snapToCodePoint(text, 4), 4);
  const w = chooseWindow(base(text, 3, { selectionStart: 3, selectionEnd: 6 }));
  assert.equal(w.start, 2);
  assert.equal(text.slice(w.start, w.end), '😀cd');
});
