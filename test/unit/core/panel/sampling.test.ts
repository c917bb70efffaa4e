// The playground's sampler: reproducible by seed, greedy at temperature 0, counts
// characters, reports the untempered probability of what it drew, stops at the end of file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ModelConfig } from '../../../../src/core/model/config';
import { initWeights } from '../../../../src/core/model/initWeights';
import { InferenceModel } from '../../../../src/core/infer/inferenceModel';
import { argmax, softmax } from '../../../../src/core/infer/sampler';
import { sampleInSlices, type SampleRequest } from '../../../../src/core/panel/sampling';
import { characterBytes } from '../../../../src/core/panel/surprisal';
import { bigramModel } from '../../helpers/bigramModel';

const control = { yieldNow: () => Promise.resolve(), cancelled: () => false };
const config: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 8, hiddenSize: 16, layers: 1 };
const random = new InferenceModel(config, initWeights(config, 5));
const request = (extra: Partial<SampleRequest> = {}): SampleRequest => ({ prime: 'let ', temperature: 1, seed: 7, length: 40, ...extra });

test('the same seed gives the same text; another seed another text', async () => {
  const a = await sampleInSlices(random, request(), control);
  const b = await sampleInSlices(random, request(), control);
  const c = await sampleInSlices(random, request({ seed: 8 }), control);
  assert.deepEqual(a.bytes, b.bytes);
  assert.notDeepEqual(a.bytes, c.bytes);
});

test('temperature 0 takes the most likely byte each time, from the prime after a file start', async () => {
  const got = await sampleInSlices(random, request({ temperature: 0, length: 12 }), control);
  const state = random.newState();
  random.advance(state, new Uint8Array([0, ...new TextEncoder().encode('let ')]));
  const logits = new Float32Array(256);
  const probs = new Float32Array(256);
  for (let i = 0; i < got.bytes.length; i++) {
    random.logits(state, logits);
    const best = argmax(logits);
    assert.equal(got.bytes[i], best, `byte ${i}`);
    softmax(logits, probs);
    assert.equal(got.probs[i], probs[best]); // untempered probability of the drawn byte
    random.step(state, best);
  }
});

test('length counts characters, not bytes, and the last character is whole', async () => {
  // After "x" the model always writes "é" (2 bytes: c3 a9).
  const model = bigramModel({ '\x00': { x: 1 }, x: { '\xc3': 1 }, '\xc3': { '\xa9': 1 }, '\xa9': { '\xc3': 1 } });
  const got = await sampleInSlices(model, { prime: 'x', temperature: 1, seed: 1, length: 3 }, control);
  assert.equal(new TextDecoder().decode(got.bytes), 'ééé');
  assert.equal(got.bytes.length, 6);
  assert.equal(characterBytes(got.bytes).start.length, 3);
  assert.equal(got.stop, 'length');
});

test('sampling stops when the model ends the file (byte 0)', async () => {
  const model = bigramModel({ '\x00': { a: 1 }, a: { b: 1 } }); // "b" is followed by NUL
  const got = await sampleInSlices(model, { prime: '', temperature: 0.8, seed: 1, length: 50 }, control);
  assert.equal(new TextDecoder().decode(got.bytes), 'ab');
  assert.equal(got.stop, 'endOfFile');
});

test('a seeded draw follows the tempered distribution', async () => {
  const model = bigramModel({ '\x00': { a: 1 }, a: { b: 0.5, c: 0.5 }, b: { a: 1 }, c: { a: 1 } });
  const got = await sampleInSlices(model, { prime: '', temperature: 1, seed: 11, length: 2000 }, control);
  const text = new TextDecoder().decode(got.bytes);
  const bs = [...text].filter((ch) => ch === 'b').length;
  const cs = [...text].filter((ch) => ch === 'c').length;
  assert.equal(bs + cs, 1000);
  assert.ok(bs > 430 && bs < 570, `b drawn ${bs} times out of 1000`);
  for (let i = 1; i < got.bytes.length; i += 2) assert.ok(Math.abs(got.probs[i] - 0.5) < 1e-3);
});

test('cancelling stops sampling with what was drawn so far discarded', async () => {
  let checks = 0;
  const got = await sampleInSlices(random, request({ length: 500 }), { ...control, cancelled: () => ++checks > 20 });
  assert.equal(got.stop, 'cancelled');
  assert.ok(got.bytes.length < 500);
});

test('characters are counted as the vocabulary counts them, even in invalid UTF-8', async () => {
  // A model that writes a stray continuation byte after every "a": "a\x80a\x80..." — each
  // "a\x80" is one character (the continuation byte belongs to the "a").
  const model = bigramModel({ '\x00': { a: 1 }, a: { '\x80': 1 }, '\x80': { a: 1 } });
  const got = await sampleInSlices(model, { prime: '', temperature: 1, seed: 1, length: 5 }, control);
  assert.equal(got.bytes.length, 10);
  assert.equal(characterBytes(got.bytes).start.length, 5);
});

test('a loop is stopped (two copies kept, stop "repetition"); runs of one byte only when very long', async () => {
  // A bigram model that can only write "tone tone tone ..." after "(f".
  const loop = bigramModel({ '(': { f: 1 }, f: { o: 1 }, t: { o: 1 }, o: { n: 1 }, n: { e: 1 }, e: { ' ': 1 }, ' ': { t: 1 } });
  const got = await sampleInSlices(loop, { prime: '(', temperature: 0, seed: 1, length: 300, stopAtRepetition: true }, control);
  const text = new TextDecoder().decode(got.bytes);
  assert.equal(got.stop, 'repetition');
  assert.ok(/^fone (tone ){1,3}/.test(text) && text.length < 40, JSON.stringify(text));
  // Spaces for ever: indentation-length runs are fine, a long run is cut.
  const spaces = bigramModel({ x: { ' ': 1 }, ' ': { ' ': 1 } });
  const run = await sampleInSlices(spaces, { prime: 'x', temperature: 0, seed: 1, length: 300, stopAtRepetition: true }, control);
  assert.equal(run.stop, 'repetition');
  assert.ok(run.bytes.length > 16 && run.bytes.length < 60, `${run.bytes.length} spaces`);
});

test('the repetition penalty steers away from continuing a loop', async () => {
  // "ab" loops unless the penalty makes "c" win: the model prefers b after a, but only mildly.
  const model = bigramModel({ a: { b: 0.6, c: 0.4 }, b: { a: 1 }, c: { a: 1 } });
  const plain = await sampleInSlices(model, { prime: 'a', temperature: 0, seed: 1, length: 30 }, control);
  const penalised = await sampleInSlices(model, { prime: 'a', temperature: 0, seed: 1, length: 30, repetitionPenalty: 2 }, control);
  assert.ok(!new TextDecoder().decode(plain.bytes).includes('c'));
  assert.ok(new TextDecoder().decode(penalised.bytes).includes('c'), new TextDecoder().decode(penalised.bytes));
});
