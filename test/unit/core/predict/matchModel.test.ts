import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteHistory, MIN_MATCH } from '../../../../src/core/predict/byteHistory';
import { Cursor } from '../../../../src/core/predict/cursor';
import { lengthBucket, predictedByte } from '../../../../src/core/predict/matchModel';

const bytes = (text: string) => new TextEncoder().encode(text);

/** A cursor whose match 0 follows `history` after reading `text`. */
function read(history: ByteHistory, text: string): Cursor {
  const cursor = new Cursor(1);
  for (const b of bytes(text)) cursor.push(b, [history]);
  return cursor;
}

test('match model: after the last MIN_MATCH bytes recur, it predicts the byte that followed them, and the match grows', () => {
  const history = new ByteHistory(1024, 12);
  history.appendAll(bytes('function parseHeader(line) { return line; }\n'));
  const cursor = read(history, 'const x = parseHea');
  assert.equal(predictedByte(cursor.matches[0], history), 'd'.charCodeAt(0));
  // Found from the word's first two bytes ("pa", a word start in both), then grown byte by byte.
  assert.equal(cursor.matches[0].length, 'parseHea'.length);
  cursor.push('d'.charCodeAt(0), [history]);
  assert.equal(predictedByte(cursor.matches[0], history), 'e'.charCodeAt(0));
  assert.equal(cursor.matches[0].length, 'parseHead'.length);
  cursor.push('X'.charCodeAt(0), [history]);
  assert.equal(cursor.matches[0].length, 0, 'a wrong prediction ends the match');
});

test('match model: fewer than MIN_MATCH agreeing bytes start nothing; the latest occurrence wins', () => {
  const history = new ByteHistory(1024, 12);
  history.appendAll(bytes('abcdefG abcdefH'));
  assert.equal(predictedByte(read(history, 'bcdef').matches[0], history), -1, `${'bcdef'.length} < ${MIN_MATCH} bytes`);
  assert.equal(predictedByte(read(history, 'xabcdef').matches[0], history), 'H'.charCodeAt(0));
});

test('match model: the start of a word is found among word starts, whatever precedes it; not inside another word', () => {
  const history = new ByteHistory(1024, 12);
  history.appendAll(bytes('let total = subtotal + tax;\n'));
  const started = read(history, 'print(to');
  assert.equal(predictedByte(started.matches[0], history), 't'.charCodeAt(0), '"to" starts "total", not the "to" inside "subtotal"');
  assert.equal(started.matches[0].length, 2);
  assert.equal(predictedByte(read(history, 'print(o').matches[0], history), -1, 'one byte is not enough');
  assert.equal(predictedByte(read(history, 'print(xto').matches[0], history), -1, '"to" inside a word here is not a word start');
});

test('match model: a hash collision never starts a match (candidates are verified)', () => {
  const history = new ByteHistory(64, 12);
  history.appendAll(bytes('qwerty1'));
  // Force every lookup to the candidate after "qwerty" whatever was read.
  history.index.fill(6);
  const cursor = read(history, 'zxcvbn');
  assert.equal(cursor.matches[0].length, 0);
});

test('match model: when the history is full the oldest half goes and matches still point at the right bytes', () => {
  const history = new ByteHistory(32, 12);
  history.appendAll(bytes('0123456789abcdefghijklmnopqrstuv')); // full: 32 bytes
  history.appendAll(bytes('WXYZ'));
  assert.equal(history.length, 20);
  assert.equal(new TextDecoder().decode(history.bytes.subarray(0, history.length)), 'ghijklmnopqrstuvWXYZ');
  assert.equal(predictedByte(read(history, 'klmnop').matches[0], history), 'q'.charCodeAt(0));
  assert.equal(predictedByte(read(history, '012345').matches[0], history), -1, 'dropped text is gone');
});

test('match model: length buckets grow with the length and stay within 16', () => {
  let last = 0;
  for (let n = 0; n < 2000; n++) {
    const b = lengthBucket(n);
    assert.ok(b >= last && b < 16);
    last = b;
  }
  assert.equal(lengthBucket(0), 0);
  assert.equal(lengthBucket(2), 1, 'the shortest word-prefix match');
  assert.equal(lengthBucket(MIN_MATCH), 5, 'the shortest other match');
  assert.equal(lengthBucket(10000), 15);
});
