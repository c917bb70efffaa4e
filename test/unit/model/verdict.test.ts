import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestEval, formatPpl, modelVerdict, shortBaselineName } from '../../../src/shared/verdict';
import { CONTEXT_ONLY_BASELINE, type EvalPoint } from '../../../src/shared/metrics';

const point = (step: number, valBpc: number, mixBpc?: number): EvalPoint => ({ run: 1, step, elapsedSec: step, valBpc, valPerplexity: 2 ** valBpc, trainBpc: valBpc, mixBpc });
const baselines = [
  { name: 'brotli (max quality)', bpc: Math.log2(3.07) },
  { name: '4-gram bytes (Witten-Bell)', bpc: Math.log2(4.2) },
  { name: CONTEXT_ONLY_BASELINE, bpc: 1 },
];

test('a model worse than every baseline is "behind", says so with both figures and advises training longer', () => {
  const v = modelVerdict({ eval: [point(100, Math.log2(10.7))], baselines }, { maxMinutes: 3 });
  assert.equal(v.level, 'behind');
  assert.equal(v.measured, 'network');
  assert.equal(v.baseline?.name, 'brotli (max quality)', 'the context models alone are part of the stack, not a baseline to beat here');
  assert.match(v.summary, /Validation perplexity 10\.7: not yet useful, worse than brotli 3\.07 on the same files\./);
  assert.match(v.advice ?? '', /Train longer.*3 minutes/);
});

test('the stack\'s figure is the model\'s when it was measured, and the best evaluation is chosen by it', () => {
  const evals = [point(100, 3, 2.5), point(200, 2.4, 1.2), point(300, 2.2, 1.4)];
  assert.equal(bestEval(evals)?.step, 200);
  const v = modelVerdict({ eval: evals, baselines });
  assert.equal(v.measured, 'stack');
  assert.equal(v.level, 'ahead');
  assert.equal(v.bpc, 1.2);
  assert.match(v.summary, /Validation perplexity 2\.30 \(the network alone 5\.28\): better than brotli \(3\.07\)/);
  assert.equal(v.advice, undefined);
});

test('between the baselines is "close"; the base model is advised to be trained on the workspace', () => {
  const v = modelVerdict({ eval: [point(1, Math.log2(3.5))], baselines }, { origin: 'base' });
  assert.equal(v.level, 'close');
  assert.match(v.summary, /about as good as a simple baseline/);
  assert.match(v.advice ?? '', /base model.*Train on Workspace/);
});

test('without validation or baselines the verdict is unknown', () => {
  assert.equal(modelVerdict({ eval: [], baselines }).level, 'unknown');
  assert.equal(modelVerdict({ eval: [point(1, 2)], baselines: [] }).level, 'unknown');
  assert.equal(modelVerdict({ eval: [point(1, NaN)], baselines }).level, 'unknown');
});

test('formats', () => {
  assert.equal(formatPpl(Math.log2(10.7)), '10.7');
  assert.equal(formatPpl(Math.log2(3.071)), '3.07');
  assert.equal(formatPpl(Math.log2(142.4)), '142');
  assert.equal(shortBaselineName('brotli (max quality)'), 'brotli');
  assert.equal(shortBaselineName('4-gram bytes (Witten-Bell)'), 'a 4-gram model');
});
