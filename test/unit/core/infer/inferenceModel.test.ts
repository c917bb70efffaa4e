// The pure forward pass gives the tfjs network's logits (forwardLogits, the trainer's
// reference definition) within 1e-4 in float32 and within 2e-3 with its products with
// hidden states in 16 bits (the default), for every cell type, from zero and from a
// carried state, with its matrix products in WebAssembly SIMD and in plain TypeScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-node';
import { CELL_TYPES, type ModelConfig } from '../../../../src/core/model/config';
import { forwardLogits } from '../../../../src/core/train/tf/network';
import { initWeights } from '../../../../src/core/model/initWeights';
import { seededRandom } from '../../../../src/core/model/random';
import type { Weights } from '../../../../src/core/model/weights';
import { InferenceModel } from '../../../../src/core/infer/inferenceModel';
import type { KernelsName } from '../../../../src/core/infer/kernels';

/** Init weights with every bias (and GRU recurrent bias) made non-zero, so biases are tested too. */
function randomWeights(config: ModelConfig, seed: number): Weights {
  const weights = initWeights(config, seed);
  const random = seededRandom(seed + 100);
  for (const [name, data] of Object.entries(weights)) {
    if (/bias/i.test(name)) for (let i = 0; i < data.length; i++) data[i] += (random() - 0.5) * 0.6;
  }
  return weights;
}

function tsLogits(model: InferenceModel, bytes: number[]): Float32Array {
  const state = model.newState();
  const out = new Float32Array(bytes.length * 256);
  for (let t = 0; t < bytes.length; t++) {
    model.step(state, bytes[t]);
    model.logits(state, out.subarray(t * 256, (t + 1) * 256));
  }
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

const sequences = [
  Array.from(Buffer.from('function add(a, b) {\n  return a + b;\n}\n', 'utf8')),
  Array.from(Buffer.from('héllo wörld — ✓ 🙂\r\n\0\t', 'utf8')),
  Array.from({ length: 40 }, (_, i) => (i * 97 + 13) % 256),
];

test('the default backend is WebAssembly SIMD on this runtime', () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 4, hiddenSize: 4, layers: 1 };
  assert.equal(new InferenceModel(config, initWeights(config, 1)).backend, 'wasm');
});

const precisions = [
  { precision: 'float32', logitTolerance: 1e-4, stateTolerance: 1e-5 },
  { precision: 'int16', logitTolerance: 2e-3, stateTolerance: 2e-3 },
] as const;

test('the default precision is 16-bit: its logits differ from float32 ones, within the 16-bit tolerance', () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 8, hiddenSize: 32, layers: 2 };
  const weights = randomWeights(config, 5);
  const byDefault = tsLogits(new InferenceModel(config, weights), sequences[0]);
  const exact = tsLogits(new InferenceModel(config, weights, { precision: 'float32' }), sequences[0]);
  const diff = maxAbsDiff(byDefault, exact);
  assert.ok(diff > 0 && diff < 2e-3, `max |Δlogit| = ${diff}`);
  assert.deepEqual(byDefault, tsLogits(new InferenceModel(config, weights, { precision: 'int16' }), sequences[0]));
});

for (const [cell, backend, { precision, logitTolerance, stateTolerance }] of CELL_TYPES.flatMap((c) => (['wasm', 'js'] as KernelsName[]).flatMap((b) => precisions.map((p) => [c, b, p] as const)))) {
  for (const [E, H, L] of [
    [6, 8, 1],
    [16, 24, 2],
    [8, 13, 3],
  ] as const) {
    test(`${cell} E=${E} H=${H} L=${L} (${backend}, ${precision}): logits equal tfjs forwardLogits within ${logitTolerance}`, () => {
      const config: ModelConfig = { cell, vocabSize: 256, embeddingSize: E, hiddenSize: H, layers: L };
      const weights = randomWeights(config, 7 + H);
      const model = new InferenceModel(config, weights, { backend, precision });
      assert.equal(model.backend, backend);
      for (const bytes of sequences) {
        const expected = forwardLogits(weights, config, [bytes]).logits; // [1, T, 256]
        const actual = tsLogits(model, bytes);
        const diff = maxAbsDiff(actual, expected);
        assert.ok(diff < logitTolerance, `max |Δlogit| = ${diff}`);
        // The logits are not trivially equal (e.g. all zero): they vary over positions.
        assert.ok(maxAbsDiff(expected.subarray(0, 256), expected.subarray(256, 512)) > 1e-3);
      }
    });
  }

  test(`${cell} (${backend}, ${precision}): continuing from a carried state matches tfjs with initialState`, () => {
    const config: ModelConfig = { cell, vocabSize: 256, embeddingSize: 8, hiddenSize: 16, layers: 2 };
    const weights = randomWeights(config, 3);
    const model = new InferenceModel(config, weights, { backend, precision });
    const [first, second] = [sequences[0].slice(0, 20), sequences[0].slice(20)];
    const head = forwardLogits(weights, config, [first]);
    const tail = forwardLogits(weights, config, [second], head.finalState).logits;
    const state = model.newState();
    model.advance(state, Uint8Array.from(first));
    for (let l = 0; l < config.layers; l++) {
      assert.ok(maxAbsDiff(state.h[l], head.finalState[l].h) < stateTolerance);
      if (cell === 'lstm') assert.ok(maxAbsDiff(state.c[l], head.finalState[l].c!) < stateTolerance);
    }
    const out = new Float32Array(second.length * 256);
    for (let t = 0; t < second.length; t++) {
      model.step(state, second[t]);
      model.logits(state, out.subarray(t * 256, (t + 1) * 256));
    }
    assert.ok(maxAbsDiff(out, tail) < logitTolerance);
  });
}
