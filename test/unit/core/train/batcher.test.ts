import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamBatcher } from '../../../../src/core/train/batcher';
import { encodeText } from '../../../../src/core/vocabulary';

test('each row of chunk k+1 continues exactly where the same row of chunk k ended', () => {
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
  const batcher = new StreamBatcher(bytes, 4, 10);
  assert.equal(batcher.batch, 4);
  assert.equal(batcher.seqLength, 10);
  assert.equal(batcher.streamLength, 250);
  assert.equal(batcher.chunksPerEpoch, 24);
  const a = batcher.chunk(0);
  const b = batcher.chunk(1);
  assert.equal(a.resetState, true);
  assert.equal(b.resetState, false);
  for (let row = 0; row < 4; row++) {
    for (let t = 0; t < 10; t++) {
      assert.equal(a.inputs[row * 10 + t], bytes[row * 250 + t]);
      assert.equal(a.targets[row * 10 + t], bytes[row * 250 + t + 1], 'targets are the inputs shifted by one');
      assert.equal(b.inputs[row * 10 + t], bytes[row * 250 + 10 + t]);
    }
    assert.equal(b.inputs[row * 10], a.targets[row * 10 + 9], 'chunk k+1 starts with the last target of chunk k');
  }
  assert.equal(batcher.chunk(24).resetState, true, 'a new epoch starts over with a zero state');
  assert.deepEqual(batcher.chunk(25).inputs, b.inputs);
});

test('chunks count characters, not bytes, among the targets', () => {
  const bytes = encodeText('aé€😀'.repeat(20)); // 1 + 2 + 3 + 4 bytes, 4 characters per repeat
  const batcher = new StreamBatcher(bytes, 1, 199);
  const chunk = batcher.chunk(0);
  assert.equal(chunk.targets.length, 199);
  assert.equal(chunk.chars, 79, 'the first character is an input only, so 80 - 1 characters are predicted');
});

test('a tiny corpus gets fewer streams and a shorter chunk instead of failing', () => {
  const batcher = new StreamBatcher(encodeText('hello world'), 32, 64);
  assert.equal(batcher.batch, 1);
  assert.equal(batcher.seqLength, 10);
  assert.throws(() => new StreamBatcher(new Uint8Array(1), 1, 4), /at least 2 bytes/);
});
