// A long history shown by the editor is thinned (src/shared/metrics.ts thinHistory): at most
// about MAX_SHOWN_TRAIN_POINTS training points, merged within runs, the steps and clipped steps
// all counted, the bpc averaged by steps, the last point and every validation point kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SHOWN_TRAIN_POINTS, type MetricsHistory, quantile, thinHistory, type TrainPoint } from '../../../src/shared/metrics';

function history(points: number, runs: number): MetricsHistory {
  const train: TrainPoint[] = Array.from({ length: points }, (_, i) => ({
    run: 1 + Math.floor((i * runs) / points),
    step: 5 * (i + 1),
    elapsedSec: i,
    bpc: 2 + (i % 3),
    gradNorm: i % 7,
    clipped: i % 11 === 0,
    windowSteps: 5,
    clippedSteps: i % 11 === 0 ? 2 : 0,
    learningRate: 0.002,
    charsPerSec: 100 + (i % 2),
  }));
  return { runs: [], train, eval: [{ run: 1, step: 100, elapsedSec: 1, valBpc: 2, valPerplexity: 4, trainBpc: 2 }], baselines: [{ name: 'brotli', bpc: 3 }] };
}

test('a 200,000-point history thins to about 10,000 points with every step, clipped step and run boundary kept', () => {
  const long = history(200_000, 4);
  const thin = thinHistory(long);
  assert.ok(thin.train.length <= MAX_SHOWN_TRAIN_POINTS + 4, `${thin.train.length} points`);
  assert.ok(thin.train.length >= MAX_SHOWN_TRAIN_POINTS / 2);
  const sum = (m: MetricsHistory, f: (p: TrainPoint) => number) => m.train.reduce((n, p) => n + f(p), 0);
  assert.equal(
    sum(thin, (p) => p.windowSteps ?? 1),
    sum(long, (p) => p.windowSteps ?? 1),
    'every step counted',
  );
  assert.equal(
    sum(thin, (p) => p.clippedSteps ?? 0),
    sum(long, (p) => p.clippedSteps ?? 0),
    'every clipped step counted',
  );
  const weighted = (m: MetricsHistory) => sum(m, (p) => p.bpc * (p.windowSteps ?? 1));
  assert.ok(Math.abs(weighted(thin) - weighted(long)) < 1e-6 * weighted(long), 'bpc averaged by steps');
  assert.deepEqual(thin.train.at(-1), long.train.at(-1), 'the last point as it was');
  for (let i = 1; i < thin.train.length; i++) assert.ok(thin.train[i].step > thin.train[i - 1].step);
  for (let r = 1; r <= 4; r++)
    assert.equal(
      Math.max(...thin.train.filter((p) => p.run === r).map((p) => p.step)),
      Math.max(
        ...long.train
          .filter((p) => p.run === r)
          .slice(-1)
          .map((p) => p.step),
      ),
      `run ${r} ends where it did`,
    );
  assert.deepEqual(thin.eval, long.eval);
  assert.deepEqual(thin.baselines, long.baselines);
});

test('a history within the limit is returned as it is', () => {
  const short = history(500, 1);
  assert.equal(thinHistory(short), short);
});

test('quantile: nearest rank of the sorted values, the largest at 1, NaN for none', () => {
  const values = [40, 10, 30, 20, 50, 60, 70, 80, 90, 100];
  assert.equal(quantile(values, 0.5), 50);
  assert.equal(quantile(values, 0.9), 90);
  assert.equal(quantile(values, 0.95), 100);
  assert.equal(quantile(values, 1), 100);
  assert.equal(quantile(values, 0), 10);
  assert.deepEqual(values.slice(0, 2), [40, 10], 'the input is not sorted in place');
  assert.ok(Number.isNaN(quantile([], 0.5)));
});
