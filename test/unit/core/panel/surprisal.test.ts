// Per-character surprisal: a character's bits are the sum of its UTF-8 bytes' -log2 p.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteSurprisal, characterBytes, charSurprisal, MAX_BYTE_SURPRISAL_BITS, textOfCharacters } from '../../../../src/core/panel/surprisal';

const bytes = new TextEncoder().encode('aé€'); // 61 | c3 a9 | e2 82 ac

test('characters are a starting byte and its continuation bytes', () => {
  const chars = characterBytes(bytes);
  assert.deepEqual([...chars.start], [0, 1, 3]);
  assert.deepEqual([...chars.end], [1, 3, 6]);
});

test('surprisal of a character sums its bytes’ -log2 p', () => {
  const prob = Float32Array.from([0.5, 0.25, 1, 0.5, 0.5, 0.125]);
  // a: 1 bit; é: 2 + 0; €: 1 + 1 + 3
  assert.deepEqual([...charSurprisal(prob, characterBytes(bytes))], [1, 2, 5]);
});

test('a probability of 0 is capped, not infinite', () => {
  assert.equal(byteSurprisal(0), MAX_BYTE_SURPRISAL_BITS);
  assert.equal(byteSurprisal(1), 0);
  assert.equal(byteSurprisal(2 ** -70), MAX_BYTE_SURPRISAL_BITS);
});

test('continuation bytes before the first character belong to none', () => {
  const chars = characterBytes(Uint8Array.from([0x82, 0xac, 0x61]));
  assert.deepEqual([...chars.start], [2]);
  assert.deepEqual([...charSurprisal(Float32Array.from([0.5, 0.5, 0.5]), chars)], [1]);
});

test('the text pairs one code point with each character, invalid bytes as U+FFFD', () => {
  assert.equal(textOfCharacters(bytes, characterBytes(bytes)), 'aé€');
  const broken = Uint8Array.from([0x61, 0xe2, 0x82, 0x62]); // "a", a cut 3-byte sequence, "b"
  const chars = characterBytes(broken);
  const text = textOfCharacters(broken, chars);
  assert.equal(Array.from(text).length, chars.start.length);
  assert.equal(text, 'a\uFFFDb');
});
