// A trace condensed per character: each character's state is the state after its last byte,
// its surprisal the sum over its bytes; layer views rank units by variance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelConfig } from '../../../../src/core/model/config';
import { initWeights } from '../../../../src/core/model/initWeights';
import { InferenceModel } from '../../../../src/core/infer/inferenceModel';
import { runWithTrace } from '../../../../src/core/infer/trace';
import { unitVariance } from '../../../../src/core/panel/activationStats';
import { analyseTrace, layerView } from '../../../../src/core/panel/windowAnalysis';

const text = 'é = "ü€";\n';
const bytes = new TextEncoder().encode(text);

test('per-character states and surprisal from a per-byte trace', () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 6, hiddenSize: 5, layers: 2 };
  const model = new InferenceModel(config, initWeights(config, 2));
  const trace = runWithTrace(model, bytes);
  const a = analyseTrace('lstm', trace, bytes);
  const chars = Array.from(text);
  assert.equal(a.chars, chars.length);
  assert.equal(a.surprisal.length, chars.length);
  const H = 5;
  let byte = 0;
  for (let k = 0; k < chars.length; k++) {
    const n = new TextEncoder().encode(chars[k]).length;
    const last = byte + n - 1;
    for (let l = 0; l < 2; l++) {
      assert.deepEqual(a.states[l].h.subarray(k * H, (k + 1) * H), trace.h[l].subarray(last * H, (last + 1) * H));
      assert.deepEqual(a.states[l].c!.subarray(k * H, (k + 1) * H), trace.c[l].subarray(last * H, (last + 1) * H));
    }
    let bits = 0;
    for (let t = byte; t <= last; t++) bits += -Math.log2(trace.prob[t]);
    assert.ok(Math.abs(a.surprisal[k] - bits) < 1e-4, `character ${k}`);
    byte += n;
  }
  assert.equal(a.saturation.length, 2);
  assert.deepEqual(
    a.saturation[0].map((s) => s.gate),
    ['input', 'forget', 'output'],
  );
});

test('a layer view ranks the units of the chosen layer and state by variance', () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 6, hiddenSize: 5, layers: 2 };
  const model = new InferenceModel(config, initWeights(config, 2));
  const a = analyseTrace('lstm', runWithTrace(model, bytes), bytes);
  const view = layerView(a, 1, 'c');
  assert.equal(view.layer, 1);
  assert.equal(view.kind, 'c');
  assert.equal(view.values, a.states[1].c);
  assert.deepEqual(view.variance, unitVariance(a.states[1].c!, a.chars, 5));
  for (let r = 1; r < 5; r++) assert.ok(view.variance[view.ranking[r - 1]] >= view.variance[view.ranking[r]]);
  // Out-of-range choices fall back to layer 0 / h (a GRU has no c).
  assert.equal(layerView(a, 7, 'h').layer, 0);
  const gruConfig: ModelConfig = { ...config, cell: 'gru' };
  const gru = new InferenceModel(gruConfig, initWeights(gruConfig, 2));
  const g = analyseTrace('gru', runWithTrace(gru, bytes), bytes);
  assert.equal(layerView(g, 0, 'c').kind, 'h');
  assert.deepEqual(
    g.saturation[0].map((s) => s.gate),
    ['reset', 'update'],
  );
});
