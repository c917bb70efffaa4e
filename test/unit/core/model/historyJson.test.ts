// The history's JSON in a checkpoint header (src/core/model/historyJson.ts): the text
// JSON.stringify writes, also when a growing history's earlier text is reused between saves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyJson } from '../../../../src/core/model/historyJson';
import type { MetricsHistory, TrainPoint } from '../../../../src/shared/metrics';

const point = (i: number): TrainPoint => ({
  run: 1,
  step: i,
  elapsedSec: i / 2,
  bpc: i % 5 === 0 ? NaN : 2 + i / 1000,
  gradNorm: 1,
  clipped: i % 3 === 0,
  learningRate: 0.002,
  charsPerSec: 100,
  ...(i % 2 ? { windowSteps: 5 } : {}),
});

test('a history is written as JSON.stringify writes it (NaN as null, optional fields as given)', () => {
  const m: MetricsHistory = {
    runs: [{ run: 1, startedAt: 'x', startStep: 0, cell: 'lstm', hiddenSize: 8, layers: 1 }],
    train: [point(1), point(5)],
    eval: [{ run: 1, step: 5, elapsedSec: 3, valBpc: NaN, valPerplexity: NaN, trainBpc: 2 }],
    baselines: [{ name: 'brotli', bpc: 3 }],
  };
  assert.equal(historyJson(m), JSON.stringify(m));
  assert.equal(historyJson({ runs: [], train: [], eval: [], baselines: [] }, true), JSON.stringify({ runs: [], train: [], eval: [], baselines: [] }));
});

test('a growing history: each save reuses the text of the points already written and adds the new ones', () => {
  const m: MetricsHistory = { runs: [], train: [], eval: [], baselines: [] };
  for (let save = 0; save < 5; save++) {
    for (let i = 0; i < 7; i++) m.train.push(point(save * 7 + i));
    m.eval.push({ run: 1, step: save, elapsedSec: save, valBpc: 2, valPerplexity: 4, trainBpc: 2 });
    assert.equal(historyJson(m, true), JSON.stringify(m), `save ${save}`);
  }
  // A list that was replaced by a shorter one is written from scratch.
  m.train = m.train.slice(0, 3);
  assert.equal(historyJson(m, true), JSON.stringify(m));
});

test('the validations before each run are written when the history has them, and an older history without them stays without', () => {
  const m: MetricsHistory = { runs: [], train: [point(1)], eval: [], baselines: [], startEval: [{ run: 1, step: 0, elapsedSec: 0, valBpc: 7.9, mixBpc: NaN }] };
  assert.equal(historyJson(m, true), JSON.stringify(m));
  m.startEval!.push({ run: 2, step: 10, elapsedSec: 5, valBpc: 3 });
  assert.equal(historyJson(m, true), JSON.stringify(m), 'a second run adds its own');
  const older: MetricsHistory = { runs: [], train: [point(2)], eval: [], baselines: [] };
  assert.equal(historyJson(older), JSON.stringify(older));
  assert.doesNotMatch(historyJson(older), /startEval/);
});
