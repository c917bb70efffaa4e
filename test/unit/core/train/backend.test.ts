// The training backend's contract (src/core/train/backend.ts), checked on every backend this
// build has (chooseBackend.ts): weights and Adam state in the checkpoint's layout, a
// checkpoint round trip that resumes exactly, the carried state, evaluation that agrees with
// the training loss and leaves the training state alone. A new backend is held to it by
// being registered.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelConfig } from '../../../../src/core/model/config';
import { initWeights } from '../../../../src/core/model/initWeights';
import { countChars, encodeText } from '../../../../src/core/vocabulary';
import { weightShapes, type Weights } from '../../../../src/core/model/weights';
import type { TrainableNetwork, TrainingBackend } from '../../../../src/core/train/backend';
import { availableBackends, chooseBackend } from '../../../../src/core/train/chooseBackend';

const configs: ModelConfig[] = [
  { cell: 'lstm', vocabSize: 256, embeddingSize: 6, hiddenSize: 12, layers: 2 },
  { cell: 'gru', vocabSize: 256, embeddingSize: 6, hiddenSize: 12, layers: 1 },
];
const text = encodeText('function add(a, b) {\n  return a + b;\n}\n'.repeat(12));
const B = 2;
const T = 8;

/** Chunk k of the text as [B, T] inputs and targets (stream b reads from b * 200). */
function chunk(k: number): { inputs: Int32Array; targets: Int32Array } {
  const inputs = new Int32Array(B * T);
  const targets = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      inputs[b * T + t] = text[b * 200 + k * T + t];
      targets[b * T + t] = text[b * 200 + k * T + t + 1];
    }
  }
  return { inputs, targets };
}

function step(network: TrainableNetwork, k: number, clipNorm = 5) {
  const { inputs, targets } = chunk(k);
  return network.step(inputs, targets, B, 1e-2, clipNorm);
}

function assertClose(actual: number, expected: number, what: string, tolerance = 1e-5): void {
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} against ${expected}`);
}

function assertWeightsClose(actual: Weights, expected: Weights, what: string): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${what}: names`);
  for (const name of Object.keys(expected)) {
    assert.equal(actual[name].length, expected[name].length, `${what}: ${name} size`);
    for (let i = 0; i < expected[name].length; i++) assertClose(actual[name][i], expected[name][i], `${what}: ${name}[${i}]`);
  }
}

test('chooseBackend: "auto" gives a backend of this build; a backend it lacks is refused by name', async () => {
  const auto = await chooseBackend('auto');
  assert.ok(availableBackends().includes(auto.name), auto.name);
  assert.ok(auto.description.length > 0);
  for (const missing of (['tensorflow', 'wasm', 'cpu'] as const).filter((name) => !availableBackends().includes(name))) {
    await assert.rejects(chooseBackend(missing), (err: Error) => err.message.includes(`"${missing}"`) && err.message.includes('available: '));
  }
});

for (const name of availableBackends()) {
  let backend: TrainingBackend;
  before(async () => {
    backend = await chooseBackend(name);
  });

  for (const config of configs) {
    const label = `${name}, ${config.cell}`;

    test(`${label}: the network copies its weights and gives them back in weightShapes' layout`, () => {
      const weights = initWeights(config, 1);
      const expected = structuredClone(weights);
      const network = backend.createNetwork(config, weights);
      try {
        for (const values of Object.values(weights)) values.fill(0); // the caller's arrays stay the caller's
        const out = network.weights();
        for (const [param, shape] of Object.entries(weightShapes(config)))
          assert.equal(
            out[param].length,
            shape.reduce((x, y) => x * y, 1),
            param,
          );
        assertWeightsClose(out, expected, 'weights()');
      } finally {
        network.dispose();
      }
    });

    test(`${label}: a step reports the loss, the norm before clipping and whether it clipped; Adam counts from the restored t`, () => {
      const network = backend.createNetwork(config, initWeights(config, 2));
      try {
        const first = step(network, 0, 1e-6);
        assert.ok(Number.isFinite(first.loss) && first.loss > 0, `loss ${first.loss}`);
        assert.ok(first.gradNorm > 1e-6 && first.clipped, JSON.stringify(first));
        const second = step(network, 1, 1e6);
        assert.equal(second.clipped, false);
        const adam = network.optimizerState();
        assert.equal(adam.step, 2);
        for (const [param, values] of Object.entries(network.weights())) {
          assert.equal(adam.m[param].length, values.length, `m ${param}`);
          assert.equal(adam.v[param].length, values.length, `v ${param}`);
        }
        const resumed = backend.createNetwork(config, network.weights(), adam);
        step(resumed, 2);
        assert.equal(resumed.optimizerState().step, 3);
        resumed.dispose();
      } finally {
        network.dispose();
      }
    });

    test(`${label}: the state is carried between steps; weights and Adam state resume exactly`, () => {
      const a = backend.createNetwork(config, initWeights(config, 3));
      try {
        step(a, 0);
        step(a, 1);
        const fresh = backend.createNetwork(config, a.weights(), a.optimizerState());
        const carried = step(a, 2); // from the state chunk 1 ended with
        const fromZeros = step(fresh, 2);
        fresh.dispose();
        assert.notEqual(carried.loss, fromZeros.loss, 'the state chunk 1 ended with is where chunk 2 starts');

        const resumed = backend.createNetwork(config, a.weights(), a.optimizerState()); // a checkpoint round trip
        try {
          a.resetState(); // both from zeros now
          assertClose(step(resumed, 3).loss, step(a, 3).loss, 'the loss after a round trip');
          assertWeightsClose(resumed.weights(), a.weights(), 'weights after a round trip');
          const [x, y] = [resumed.optimizerState(), a.optimizerState()];
          assert.equal(x.step, y.step);
          assertWeightsClose(x.m, y.m, 'm after a round trip');
          assertWeightsClose(x.v, y.v, 'v after a round trip');
        } finally {
          resumed.dispose();
        }
      } finally {
        a.dispose();
      }
    });

    test(`${label}: evaluation agrees with the training loss and leaves the carried state alone`, () => {
      const a = backend.createNetwork(config, initWeights(config, 4));
      const b = backend.createNetwork(config, initWeights(config, 4));
      try {
        // One window of the first T + 1 bytes scores what one [1, T] step's loss averages.
        const window = text.subarray(0, T + 1);
        const scored = a.evaluate(window, { collectProbs: true })!;
        assert.equal(scored.bytes, T);
        assert.equal(scored.chars, countChars(window, 1, T + 1));
        assertClose(scored.bpc, scored.totalNats / Math.LN2 / scored.chars, 'bpc');
        let nats = 0;
        for (let t = 0; t < T; t++) {
          const row = scored.probs!.subarray(t * 256, (t + 1) * 256);
          assertClose(
            row.reduce((x, y) => x + y, 0),
            1,
            `probabilities at ${t} sum to 1`,
          );
          nats -= Math.log(row[window[t + 1]]);
        }
        assertClose(nats, scored.totalNats, 'total nats from the probabilities', 1e-4);
        const probe = backend.createNetwork(config, initWeights(config, 4));
        const loss = probe.step(Int32Array.from(window.subarray(0, T)), Int32Array.from(window.subarray(1, T + 1)), 1, 1e-2, 5).loss;
        probe.dispose();
        assertClose(scored.totalNats / T, loss, 'evaluation against the step loss', 1e-4);
        assert.equal(a.evaluate(text, { shouldStop: () => true }), undefined, 'a stopped evaluation');

        // a evaluates between its steps, b does not: the same steps all the same.
        step(a, 0);
        step(b, 0);
        a.evaluate(text, { streams: 3, chunkLength: 5 });
        assertClose(step(a, 1).loss, step(b, 1).loss, 'the step after an evaluation');
      } finally {
        a.dispose();
        b.dispose();
      }
    });
  }
}
