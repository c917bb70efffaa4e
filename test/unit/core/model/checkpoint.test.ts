import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Checkpoint, CheckpointError, decodeCheckpoint, encodeCheckpoint, readCheckpoint, readCheckpointInfo, writeCheckpointAtomic } from '../../../../src/core/model/checkpoint';
import { DEFAULT_TRAIN_CONFIG, type ModelConfig } from '../../../../src/core/model/config';
import { emptyMetrics } from '../../../../src/shared/metrics';
import { weightShapes, type Weights } from '../../../../src/core/model/weights';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-ckpt-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function tinyCheckpoint(cell: ModelConfig['cell'], withOptimizer: boolean): Checkpoint {
  const model: ModelConfig = { cell, vocabSize: 256, embeddingSize: 3, hiddenSize: 5, layers: 2 };
  let seed = 1;
  const fill = (): Weights => {
    const out: Weights = {};
    for (const [name, shape] of Object.entries(weightShapes(model))) {
      out[name] = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5);
    }
    return out;
  };
  return {
    model,
    train: { ...DEFAULT_TRAIN_CONFIG },
    step: 42,
    charsSeen: 1234,
    weights: fill(),
    optimizer: withOptimizer ? { step: 42, m: fill(), v: fill() } : undefined,
    metrics: { ...emptyMetrics(), baselines: [{ name: 'brotli', bpc: 2.5 }] },
  };
}

test('checkpoint round-trips every tensor bit for bit, for each cell', () => {
  for (const cell of ['lstm', 'gru', 'rnn'] as const) {
    const original = tinyCheckpoint(cell, true);
    const decoded = decodeCheckpoint(encodeCheckpoint(original));
    assert.deepEqual(decoded.model, original.model);
    assert.equal(decoded.step, 42);
    assert.deepEqual(Object.keys(decoded.weights), Object.keys(weightShapes(original.model)));
    for (const name of Object.keys(original.weights)) {
      assert.deepEqual(decoded.weights[name], original.weights[name]);
      assert.deepEqual(decoded.optimizer!.m[name], original.optimizer!.m[name]);
      assert.deepEqual(decoded.optimizer!.v[name], original.optimizer!.v[name]);
    }
    assert.equal(decoded.metrics.baselines[0].bpc, 2.5);
  }
});

test('a checkpoint without optimizer state decodes with optimizer undefined', () => {
  const decoded = decodeCheckpoint(encodeCheckpoint(tinyCheckpoint('lstm', false)));
  assert.equal(decoded.optimizer, undefined);
});

test('corrupt and truncated files give a CheckpointError naming the file', () => {
  const dir = mkdtempSync(path.join(scratch, 'case-'));
  const file = path.join(dir, 'model.recur');
  const bytes = encodeCheckpoint(tinyCheckpoint('gru', false));
  writeFileSync(file, bytes.subarray(0, bytes.length - 7));
  assert.throws(
    () => readCheckpoint(file),
    (err: unknown) => err instanceof CheckpointError && err.message.startsWith(file) && /truncated/.test(err.message),
  );
  writeFileSync(file, 'hello, not a checkpoint');
  assert.throws(() => readCheckpoint(file), /wrong magic/);
  assert.throws(() => readCheckpoint(path.join(dir, 'missing.recur')), /ENOENT/);
});

test('atomic write replaces the file and leaves no temporary files', () => {
  const dir = mkdtempSync(path.join(scratch, 'case-'));
  const file = path.join(dir, 'model.recur');
  writeCheckpointAtomic(file, tinyCheckpoint('lstm', false));
  const first = readFileSync(file);
  const second = tinyCheckpoint('rnn', true);
  writeCheckpointAtomic(file, second);
  assert.equal(readCheckpoint(file).model.cell, 'rnn');
  assert.notDeepEqual(readFileSync(file), first);
  assert.deepEqual(readdirSync(dir), ['model.recur']);
  assert.ok(existsSync(file));
});

test('the header alone: what the checkpoint says about itself, undefined for a missing or foreign file', () => {
  const dir = mkdtempSync(path.join(scratch, 'case-'));
  const file = path.join(dir, 'model.recur');
  const ckpt = tinyCheckpoint('gru', true);
  writeCheckpointAtomic(file, ckpt);
  const info = readCheckpointInfo(file);
  assert.deepEqual(info && { model: info.model, step: info.step, charsSeen: info.charsSeen, metrics: info.metrics }, { model: ckpt.model, step: 42, charsSeen: 1234, metrics: ckpt.metrics });
  assert.ok(info && !('weights' in info), 'no tensors');
  assert.equal(readCheckpointInfo(path.join(dir, 'missing.recur')), undefined);
  writeFileSync(file, 'hello, not a checkpoint');
  assert.equal(readCheckpointInfo(file), undefined);
  writeFileSync(file, Buffer.concat([Buffer.from('RECURCK\n', 'latin1'), Buffer.from([255, 255, 255, 0])]));
  assert.equal(readCheckpointInfo(file), undefined, 'a header length past the end');
});

/** A version 1 file (float32 tensors in header order, no checksums), as Recur wrote before checksums. */
function encodeVersion1(ckpt: Checkpoint): Buffer {
  const tensors = Object.entries(weightShapes(ckpt.model)).map(([name, shape]) => ({ name, shape }));
  const header = {
    format: 'recur-checkpoint',
    version: 1,
    vocabulary: { kind: 'utf8-bytes', size: 256 },
    model: ckpt.model,
    train: ckpt.train,
    step: ckpt.step,
    charsSeen: ckpt.charsSeen,
    savedAt: 'x',
    metrics: ckpt.metrics,
    tensors,
  };
  let json = Buffer.from(JSON.stringify(header));
  json = Buffer.concat([json, Buffer.alloc((4 - (json.length % 4)) % 4, 0x20)]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([Buffer.from('RECURCK\n', 'latin1'), length, json, ...tensors.map((t) => Buffer.from(ckpt.weights[t.name].buffer))]);
}

test('a version 1 checkpoint (no checksums) still loads, and says it is unchecked; version 2 says verified', () => {
  const ckpt = tinyCheckpoint('lstm', false);
  const old = decodeCheckpoint(encodeVersion1(ckpt));
  assert.equal(old.integrity, 'unchecked');
  assert.deepEqual(old.weights['layer0.kernel'], ckpt.weights['layer0.kernel']);
  assert.equal(decodeCheckpoint(encodeCheckpoint(ckpt)).integrity, 'verified');
});

test('a flipped byte in any tensor is caught by its checksum, naming the tensor', () => {
  const bytes = encodeCheckpoint(tinyCheckpoint('lstm', true));
  for (const at of [bytes.length - 1, bytes.length - 200, Math.floor(bytes.length * 0.8)]) {
    const damaged = Buffer.from(bytes);
    damaged[at] ^= 0x10;
    assert.throws(
      () => decodeCheckpoint(damaged, 'm.recur'),
      (err: unknown) => err instanceof CheckpointError && /m\.recur: tensor \S+ is damaged \(its checksum does not match\)/.test(err.message),
    );
  }
});

test('non-finite weights are never written, and a file holding one is refused at load', () => {
  const ckpt = tinyCheckpoint('gru', false);
  ckpt.weights['output.bias'][3] = NaN;
  assert.throws(() => encodeCheckpoint(ckpt), /refusing to write a checkpoint with a non-finite value \(NaN\) in output\.bias\[3\]/);
  // A version 1 file has no checksum to stop it: the finiteness check does.
  assert.throws(() => decodeCheckpoint(encodeVersion1(ckpt), 'old.recur'), /old\.recur: tensor output\.bias holds a non-finite value \(NaN at 3\)/);
});

test('extra sections (uint8, uint16, float32, deflated or not) round-trip with their description', () => {
  const ckpt = tinyCheckpoint('lstm', false);
  const table = new Uint8Array(1 << 16);
  table[77] = 9;
  ckpt.context = {
    meta: { version: 7, note: 'x' },
    tensors: {
      table: { data: table, shape: [1 << 16], compress: true },
      counts: { data: Uint16Array.of(1, 65535, 3), shape: [3] },
      weights: { data: Float32Array.of(0.5, -2), shape: [1, 2] },
    },
  };
  const bytes = encodeCheckpoint(ckpt);
  assert.ok(bytes.length < encodeCheckpoint(tinyCheckpoint('lstm', false)).length + 2000, 'the sparse table was deflated');
  const decoded = decodeCheckpoint(bytes).context!;
  assert.deepEqual(decoded.meta, { version: 7, note: 'x' });
  assert.deepEqual(decoded.tensors.table.data, table);
  assert.deepEqual(decoded.tensors.counts.data, Uint16Array.of(1, 65535, 3));
  assert.deepEqual(decoded.tensors.weights.shape, [1, 2]);
  assert.ok(decoded.tensors.weights.data instanceof Float32Array);
});
