import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Mixer } from '../../../../src/core/predict/mixer';
import { squash, stretch } from '../../../../src/core/predict/logistic';

test('mixer: with its initial weights it is squash of the weighted sum, through both layers', () => {
  const mixer = new Mixer({ inputs: 2, selectorSets: [1], finalSets: 1 });
  const x = Float32Array.of(1, -0.5);
  // layer 1: 0.3 * 1 + 0.3 * -0.5 = 0.15; layer 2: 1 * stretch(squash(0.15)) = 0.15.
  const p = mixer.predict(x, Int32Array.of(0), 0);
  assert.ok(Math.abs(p - squash(0.15)) < 1e-6);
  const contributions = new Float32Array(2);
  mixer.contributions(contributions);
  assert.ok(Math.abs(contributions[0] - 0.3) < 1e-6 && Math.abs(contributions[1] + 0.15) < 1e-6);
});

test('mixer: learns to trust the input that is right and to ignore the one that is noise', () => {
  const mixer = new Mixer({ inputs: 2, selectorSets: [1], finalSets: 1 });
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const sel = Int32Array.of(0);
  let lossFirst = 0;
  let lossLast = 0;
  for (let t = 0; t < 20000; t++) {
    const bit = random() < 0.5 ? 1 : 0;
    const good = stretch(bit ? 0.9 : 0.1); // says the right thing with 90% confidence
    const noise = stretch(random());
    const p = mixer.predict(Float32Array.of(good, noise), sel, 0);
    const loss = -Math.log2(bit ? p : 1 - p);
    if (t < 1000) lossFirst += loss;
    if (t >= 19000) lossLast += loss;
    mixer.update(bit, 0.02, 0.005);
  }
  const [wGood, wNoise] = mixer.weights.layer1[0];
  assert.ok(wGood > 0.5, `weight of the good input grew (${wGood})`);
  assert.ok(Math.abs(wNoise) < 0.1, `weight of the noise shrank (${wNoise})`);
  assert.ok(lossLast < lossFirst, 'the loss fell');
  assert.ok(lossLast / 1000 < 0.52, `close to the good input's own 0.469 bits (${lossLast / 1000})`);
});

test('mixer: separate weight sets learn separately', () => {
  const mixer = new Mixer({ inputs: 1, selectorSets: [2], finalSets: 1 });
  for (let t = 0; t < 2000; t++) {
    mixer.predict(Float32Array.of(1), Int32Array.of(0), 0);
    mixer.update(1, 0.02, 0);
  }
  assert.ok(mixer.weights.layer1[0][0] > 1);
  assert.equal(mixer.weights.layer1[0][1], Math.fround(0.3), 'set 1 never selected, never changed');
});

test('mixer: weights of the wrong shape are refused', () => {
  assert.throws(() => new Mixer({ inputs: 2, selectorSets: [1], finalSets: 1 }, { layer1: [new Float32Array(3)], layer2: new Float32Array(1) }), /shape/);
});
