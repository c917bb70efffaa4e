// Which evaluations a resumed run counts when it decides what is the best checkpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrainingRun } from '../../../../src/core/train/trainingRun';
import type { TrainingInput } from '../../../../src/core/train/trainingInput';
import type { ModelConfig } from '../../../../src/core/model/config';
import { emptyMetrics, type EvalPoint, type MetricsHistory, type RunInfo } from '../../../../src/shared/metrics';

const CONFIG = { cell: 'lstm', hiddenSize: 8, layers: 1 } as ModelConfig;

function runInfo(run: number, fromBase?: string): RunInfo {
  return { run, startedAt: '2026-12-01T00:00:00.000Z', startStep: run * 10, cell: 'lstm', hiddenSize: 8, layers: 1, ...(fromBase ? { fromBase } : {}) };
}

function evalPoint(run: number, step: number, valBpc: number): EvalPoint {
  return { run, step, elapsedSec: step, valBpc, valPerplexity: 2 ** valBpc, trainBpc: valBpc } as EvalPoint;
}

/** A run resumed from a checkpoint with this history (the rest of the input is what TrainingRun reads). */
function resumedRun(metrics: MetricsHistory): TrainingRun {
  const input = { resume: { metrics, step: 40, charsSeen: 1000 }, train: { evalEvery: 5 }, backend: { name: 'wasm', description: 'wasm' } } as unknown as TrainingInput;
  return new TrainingRun(input, CONFIG);
}

test('a resumed run compares its evaluations only with those since the run that started from another model', () => {
  const metrics: MetricsHistory = {
    ...emptyMetrics(),
    // Run 1 trained the base model on its old corpus and scored 1.5 on its validation files;
    // run 2 continued it on a new corpus (other validation files), scoring 1.9 then 1.8.
    runs: [runInfo(1), runInfo(2, 'base.recur')],
    eval: [evalPoint(1, 10, 1.5), evalPoint(2, 20, 1.9), evalPoint(2, 30, 1.8)],
  };
  const run = resumedRun(metrics);
  assert.equal(run.bestValBpc, 1.8);
  assert.equal(run.recordEval(evalPoint(3, 45, 1.7)), true, "better than the new corpus's best is the best");
  assert.equal(run.recordEval(evalPoint(3, 50, 1.75)), false);
});

test('without a run from another model, every evaluation in the history counts', () => {
  const metrics: MetricsHistory = { ...emptyMetrics(), runs: [runInfo(1), runInfo(2)], eval: [evalPoint(1, 10, 1.5), evalPoint(2, 20, 1.9)] };
  const run = resumedRun(metrics);
  assert.equal(run.bestValBpc, 1.5);
  assert.equal(run.recordEval(evalPoint(3, 45, 1.7)), false);
});
