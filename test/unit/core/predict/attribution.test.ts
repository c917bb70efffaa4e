import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PREDICTOR_FAMILIES, TextExplainer } from '../../../../src/core/predict/attribution';
import { PredictorStack } from '../../../../src/core/predict/predictorStack';
import { TextScorer } from '../../../../src/core/predict/textScorer';
import type { LstmSource } from '../../../../src/core/predict/lstmSource';

const bytes = (text: string) => new TextEncoder().encode(text);

/** A "network" that knows `text`: it gives its next byte probability 0.9. */
function oracle(text: Uint8Array): LstmSource {
  let i = 0;
  return {
    distribution: () => {
      const q = new Float32Array(256).fill(0.1 / 255);
      q[text[i]] += 0.9;
      return q;
    },
    advance: () => void i++,
    reset: () => void (i = 0),
  };
}

/** Text no context model can predict: bytes from a seeded generator over letters, digits and code punctuation. */
function noise(length: number, seed: number): Uint8Array {
  const alphabet = bytes('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ();,.=:{}[]<>+-*/"\'');
  let s = seed;
  return Uint8Array.from({ length }, () => alphabet[(s = (s * 16807) % 2147483647) % alphabet.length]);
}

test('attribution: a line repeated in the document is carried by what copies (the document match, the long and code-structure contexts that learned it); the stack learns nothing', () => {
  const stack = new PredictorStack({ tableBuckets: 1 << 12, workspaceBytes: 1 << 14 });
  // Teach the mixer that copies are worth trusting: noise lines, each repeated.
  const training = new TextScorer(stack, undefined);
  for (let k = 0; k < 150; k++) {
    const line = new TextDecoder().decode(noise(50, k + 1));
    training.readFile(bytes(`${line}\n${line}\n`));
  }
  const tableBefore = stack.table.bytes.slice();
  const line = 'const handler = createHandler(options, registry);\n';
  const text = bytes(`${line}let y = 2;\n${line}`);
  const explainer = new TextExplainer(stack, undefined, text, 0);
  while (!explainer.read(7));
  const { carriedBy, prob, push } = explainer.result;
  const second = text.length - line.length;
  const tail = Array.from(carriedBy.subarray(second + 10, text.length - 1));
  const copying = [PREDICTOR_FAMILIES.indexOf('document copy'), PREDICTOR_FAMILIES.indexOf('long contexts'), PREDICTOR_FAMILIES.indexOf('code structure')];
  assert.ok(tail.filter((f) => copying.includes(f)).length > tail.length * 0.9, `carried by: ${tail.map((f) => PREDICTOR_FAMILIES[f]).join(', ')}`);
  const families = PREDICTOR_FAMILIES.length;
  const towardCopy = tail.filter((_, t) => push[(second + 10 + t) * families + copying[0]] > 0).length;
  assert.ok(towardCopy > tail.length * 0.9, `the document match pushes toward the copied bytes (${towardCopy} of ${tail.length})`);
  // Before it is repeated, the line is new: nothing carries it that well.
  const firstMean = Array.from(prob.subarray(10, line.length - 1)).reduce((a, b) => a + b, 0) / (line.length - 11);
  const copied = Array.from(prob.subarray(second + 10, text.length));
  const mean = copied.reduce((a, b) => a + b, 0) / copied.length;
  assert.ok(mean > 0.8 && mean > 2 * firstMean, `the copy is predicted well (mean P ${mean.toFixed(3)}; the first time ${firstMean.toFixed(3)})`);
  assert.deepEqual(stack.table.bytes, tableBefore, 'explaining learned nothing');
});

test('attribution: where only the network knows the byte, the network carries it', () => {
  const stack = new PredictorStack({ tableBuckets: 1 << 12, workspaceBytes: 1 << 14 });
  const training = noise(3000, 7);
  new TextScorer(stack, oracle(training)).readFile(training);
  const text = noise(200, 99);
  const explainer = new TextExplainer(stack.clone(), oracle(text), text, 0);
  explainer.read();
  const network = PREDICTOR_FAMILIES.indexOf('network');
  const carried = Array.from(explainer.result.carriedBy.subarray(20));
  assert.ok(carried.filter((f) => f === network).length > carried.length * 0.9, `carried by: ${carried.map((f) => PREDICTOR_FAMILIES[f]).join(', ')}`);
  assert.ok(Math.abs(explainer.result.networkProb[50] - (0.9 + 0.1 / 255)) < 1e-6);
  const mean = Array.from(explainer.result.prob.subarray(20)).reduce((a, b) => a + b, 0) / 180;
  assert.ok(mean > 0.8, `the stack follows the network where only it knows (mean P ${mean.toFixed(3)})`);
});
