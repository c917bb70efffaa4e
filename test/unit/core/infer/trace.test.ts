// runWithTrace: the probabilities of the actual bytes and the internals per position,
// consistent with plain stepping and with the cell equations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CELL_TYPES, type ModelConfig } from '../../../../src/core/model/config';
import { initWeights } from '../../../../src/core/model/initWeights';
import { InferenceModel } from '../../../../src/core/infer/inferenceModel';
import { softmax } from '../../../../src/core/infer/sampler';
import { runWithTrace } from '../../../../src/core/infer/trace';

const bytes = new TextEncoder().encode('let x = 1;\nlet y = x + 1;\n');

for (const cell of CELL_TYPES) {
  test(`${cell}: trace matches stepping and the cell equations`, () => {
    const config: ModelConfig = { cell, vocabSize: 256, embeddingSize: 8, hiddenSize: 12, layers: 2 };
    const model = new InferenceModel(config, initWeights(config, 9));
    const trace = runWithTrace(model, bytes);
    const H = config.hiddenSize;
    const G = model.gates;
    assert.equal(trace.prob.length, bytes.length);
    assert.equal(trace.gates[1].length, bytes.length * G * H);
    const state = model.newState();
    const logits = new Float32Array(256);
    const probs = new Float32Array(256);
    for (let t = 0; t < bytes.length; t++) {
      softmax(model.logits(state, logits), probs);
      assert.equal(trace.prob[t], probs[bytes[t]]);
      model.step(state, bytes[t]);
      for (let l = 0; l < config.layers; l++) {
        assert.deepEqual(trace.h[l].subarray(t * H, (t + 1) * H), state.h[l]);
        const gates = trace.gates[l].subarray(t * G * H, (t + 1) * G * H);
        for (let j = 0; j < H; j++) {
          if (cell === 'lstm') {
            const c = trace.c[l][t * H + j];
            assert.equal(c, state.c[l][j]);
            assert.ok(Math.abs(state.h[l][j] - gates[3 * H + j] * Math.tanh(c)) < 1e-6); // h = o ⊙ tanh(c)
            for (const k of [0, 1, 3]) assert.ok(gates[k * H + j] > 0 && gates[k * H + j] < 1); // σ gates
          } else if (cell === 'rnn') assert.ok(Math.abs(gates[j] - state.h[l][j]) < 1e-6);
          else assert.ok(Math.abs(gates[2 * H + j]) < 1); // GRU candidate is a tanh
        }
      }
    }
    assert.deepEqual(trace.finalState, state);
  });
}
