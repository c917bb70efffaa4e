// The portable backend (src/core/train/portable/, WebAssembly SIMD) computes the same
// function as the reference: for LSTM, GRU and RNN, one and two layers, odd sizes (H and E
// not multiples of 4 or 8, B = 1, T = 1), from a random carried state, the chunk's loss,
// every parameter's gradient and the final state equal tfjs's autodiff of the reference
// cells on tfjs-node (referenceGradients.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-node';
import type { CellType, ModelConfig } from '../../../../../src/core/model/config';
import { PortableNetwork } from '../../../../../src/core/train/portable/network';
import { chunkFixture, firstMismatch, referenceGradients } from '../../../helpers/referenceGradients';

const SHAPES: { L: number; B: number; T: number; E: number; H: number }[] = [
  { L: 1, B: 2, T: 5, E: 3, H: 4 },
  { L: 2, B: 3, T: 7, E: 9, H: 13 },
  { L: 2, B: 1, T: 1, E: 5, H: 6 },
  { L: 1, B: 1, T: 4, E: 8, H: 17 },
  { L: 2, B: 7, T: 3, E: 16, H: 8 },
];

function config(cell: CellType, s: (typeof SHAPES)[number]): ModelConfig {
  return { cell, vocabSize: 256, embeddingSize: s.E, hiddenSize: s.H, layers: s.L };
}

for (const cell of ['lstm', 'gru', 'rnn'] as const) {
  for (const shape of SHAPES) {
    test(`${cell} ${shape.L} x ${shape.H}, E ${shape.E}, B ${shape.B}, T ${shape.T}: loss, every gradient and the final state equal tfjs autodiff of the reference cells`, () => {
      const f = chunkFixture(config(cell, shape), shape.B, shape.T);
      const want = referenceGradients(f);
      const net = new PortableNetwork(f.config, f.weights);
      net.setState(f.state, shape.B);
      const got = net.gradients(f.inputs, f.targets, shape.B);
      assert.ok(Math.abs(got.loss - want.loss) < 1e-5, `loss ${got.loss} vs ${want.loss}`);
      assert.deepEqual(Object.keys(got.grads).sort(), Object.keys(want.grads).sort());
      for (const [name, g] of Object.entries(want.grads)) {
        const i = firstMismatch(got.grads[name], g);
        assert.equal(i, -1, `${name}[${i}]: portable ${got.grads[name][i]} vs autodiff ${g[i]}`);
      }
      assert.equal(got.state.length, shape.L);
      want.state.forEach((s, l) => {
        for (const key of ['h', 'c'] as const) {
          const w = s[key];
          assert.equal(got.state[l][key] === undefined, w === undefined, `layer ${l} ${key}`);
          if (!w) continue;
          const i = firstMismatch(got.state[l][key] as Float32Array, w);
          assert.equal(i, -1, `layer ${l} ${key}[${i}]: ${got.state[l][key]?.[i]} vs ${w[i]}`);
        }
      });
      // The gradient does not depend on the padding: some gradient is far from zero.
      assert.ok(Object.values(want.grads).some((g) => g.some((v) => Math.abs(v) > 1e-3)));
    });
  }
}

test('the carried state: a step carries the final state that gradients() reports, and resetState starts from zeros', () => {
  const f = chunkFixture(config('lstm', SHAPES[1]), 3, 7);
  const net = new PortableNetwork(f.config, f.weights);
  net.setState(f.state, 3);
  const { state } = net.gradients(f.inputs, f.targets, 3);
  net.step(f.inputs, f.targets, 3, 1e-3, 5);
  assert.deepEqual(net.carriedState(), state);
  net.resetState();
  assert.equal(net.carriedState(), undefined);
  const zeros = chunkFixture(f.config, 3, 7);
  zeros.state = zeros.state.map((s) => ({ h: new Float32Array(s.h.length), c: s.c && new Float32Array(s.c.length) }));
  const want = referenceGradients({ ...zeros, weights: net.weights() });
  const got = net.gradients(f.inputs, f.targets, 3);
  assert.ok(Math.abs(got.loss - want.loss) < 1e-5, `from zeros: ${got.loss} vs ${want.loss}`);
  net.step(f.inputs, f.targets, 3, 1e-3, 5);
  assert.throws(() => net.step(f.inputs.subarray(0, 14), f.targets.subarray(0, 14), 2, 1e-3, 5), /carried state has 3 streams/);
});

test('two threads: the work shared with a worker thread gives bit-identical gradients, state and updates', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    const f = chunkFixture({ cell, vocabSize: 256, embeddingSize: 20, hiddenSize: 100, layers: 2 }, 12, 9);
    // The worker runs every shared chunk (products by columns, the recurrence by batch rows).
    const nets = [1, 2].map((threads) => new PortableNetwork(f.config, f.weights, undefined, { threads, mainTakesChunks: false }));
    try {
      const results = nets.map((net) => {
        net.setState(f.state, 12);
        const g = net.gradients(f.inputs, f.targets, 12);
        net.step(f.inputs, f.targets, 12, 1e-2, 0.5);
        return { ...g, weights: net.weights() };
      });
      const chunks = nets[1].engine.workers?.chunks;
      assert.ok(chunks && chunks.all > 20, `work was shared (${chunks?.all} chunks)`);
      assert.equal(chunks.main, 0);
      assert.deepEqual(results[1], results[0]);
      const want = referenceGradients(f);
      for (const [name, g] of Object.entries(want.grads)) assert.equal(firstMismatch(results[1].grads[name], g), -1, `${cell} ${name}`);
    } finally {
      for (const net of nets) net.dispose();
    }
  }
});

test("a logit bias enters each row's logits: a bias shared by every row is a shift of the output bias; one on each row's own target makes the loss vanish", () => {
  const f = chunkFixture(config('lstm', SHAPES[1]), 3, 7);
  const V = 256;
  const N = f.inputs.length;
  const shift = Float32Array.from({ length: V }, (_, v) => ((v * 37) % 11) / 5 - 1);
  const shared = new Float32Array(N * V);
  for (let r = 0; r < N; r++) shared.set(shift, r * V);
  const shifted = { ...f.weights, 'output.bias': Float32Array.from(f.weights['output.bias'], (b, v) => b + shift[v]) };
  const [biased, plain] = [new PortableNetwork(f.config, f.weights), new PortableNetwork(f.config, shifted)];
  for (const net of [biased, plain]) net.setState(f.state, 3);
  const withBias = biased.step(f.inputs, f.targets, 3, 1e-2, 5, shared);
  const withShift = plain.step(f.inputs, f.targets, 3, 1e-2, 5);
  assert.ok(Math.abs(withBias.loss - withShift.loss) < 1e-5, `loss ${withBias.loss} vs ${withShift.loss}`);
  const [after, want] = [biased.weights(), plain.weights()];
  for (const name of Object.keys(want)) {
    const got = name === 'output.bias' ? Float32Array.from(after[name], (b, v) => b + shift[v]) : after[name];
    assert.ok(
      got.every((w, i) => Math.abs(w - want[name][i]) < 1e-5),
      `${name} after the step`,
    );
  }
  // Rows are [B, T]: +40 on row (b, t)'s own target; the same bias one row off is no help.
  const own = new Float32Array(N * V);
  const offByOne = new Float32Array(N * V);
  for (let r = 0; r < N; r++) {
    own[r * V + f.targets[r]] = 40;
    offByOne[r * V + f.targets[(r + 1) % N]] = 40;
  }
  const fresh = () => {
    const net = new PortableNetwork(f.config, f.weights);
    net.setState(f.state, 3);
    return net;
  };
  const unbiased = fresh().step(f.inputs, f.targets, 3, 0, 5).loss;
  assert.ok(fresh().step(f.inputs, f.targets, 3, 0, 5, own).loss < 1e-3, 'each row given its own target');
  assert.ok(fresh().step(f.inputs, f.targets, 3, 0, 5, offByOne).loss > unbiased / 2, "rows given their neighbours' targets");
  assert.throws(() => fresh().step(f.inputs, f.targets, 3, 0, 5, new Float32Array(V)), /a logit bias must hold 3 x 7 x 256 floats/);
});

test('bad input is refused with a message naming it', () => {
  const f = chunkFixture(config('rnn', SHAPES[0]), 2, 5);
  const net = new PortableNetwork(f.config, f.weights);
  const bad = Int32Array.from(f.inputs, (id, i) => (i === 3 ? 256 : id));
  assert.throws(() => net.step(bad, f.targets, 2, 1e-3, 5), /byte ids must be integers from 0 to 255, not 256/);
  assert.throws(() => net.step(f.inputs, f.targets.subarray(1), 2, 1e-3, 5), /inputs and targets must be \[B, T\]/);
  assert.throws(() => net.step(f.inputs, f.targets, 3, 1e-3, 5), /inputs and targets must be \[B, T\]/);
  const { embedding: _dropped, ...missing } = f.weights;
  assert.throws(() => new PortableNetwork(f.config, missing), /weights.embedding must hold 768 floats, not none/);
});
