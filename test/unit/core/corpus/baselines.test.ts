// Reference scores: brotli and the byte n-gram give sensible bits per character.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brotliBpc, computeBaselines } from '../../../../src/core/corpus';
import { ByteNgramModel } from '../../../../src/core/corpus/ngram';
import { encodeText } from '../../../../src/core/vocabulary';

const sentence = 'the quick brown fox jumps over the lazy dog. ';

test('brotli: repetitive text compresses far below 8 bits per character, random bytes do not', () => {
  assert.ok(brotliBpc(encodeText(sentence.repeat(200))) < 0.5);
  let state = 12345;
  const random = new Uint8Array(4000).map(() => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 23) & 0xff);
  assert.ok(brotliBpc(random) > 6);
  assert.ok(Number.isNaN(brotliBpc(new Uint8Array(0))));
});

test('n-gram: probabilities over the 256 bytes sum to 1 in every context', () => {
  const model = new ByteNgramModel(3);
  model.train(encodeText(sentence.repeat(5)));
  const context = encodeText('the quick brown fo');
  for (const i of [0, 1, 5, context.length - 1]) {
    let total = 0;
    for (let c = 0; c < 256; c++) total += model.probability(context, i, c);
    assert.ok(Math.abs(total - 1) < 1e-9, `position ${i}: ${total}`);
  }
});

test('n-gram: learns text it saw, and higher orders help on structured text', () => {
  const train = encodeText(sentence.repeat(50));
  const valid = encodeText(sentence.repeat(3));
  const scores = [0, 1, 3].map((order) => {
    const m = new ByteNgramModel(order);
    m.train(train);
    return m.bitsPerChar(valid);
  });
  assert.ok(scores[0] > scores[1] && scores[1] > scores[2], scores.join(' > '));
  assert.ok(scores[2] < 0.5);
  const baselines = computeBaselines(train, valid);
  assert.deepEqual(
    baselines.map((b) => b.name),
    ['brotli (max quality)', '4-gram bytes (Witten-Bell)'],
  );
});
