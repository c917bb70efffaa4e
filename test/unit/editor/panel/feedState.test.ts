// The training view's data as a reducer over training events: the configuration comes from the
// `started` and `checkpoint` events themselves, points are appended without touching the
// previous state, and each event makes the panel messages the webview needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feedFromCheckpoint, type FeedState, historyMessage, reduceFeed } from '../../../../src/editor/panel/feedState';
import { DEFAULT_MODEL_CONFIG, DEFAULT_TRAIN_CONFIG } from '../../../../src/core/model/config';
import { emptyMetrics, type EvalPoint, type TrainPoint } from '../../../../src/shared/metrics';
import type { TrainingEvent } from '../../../../src/shared/trainingEvents';

const model = { ...DEFAULT_MODEL_CONFIG, hiddenSize: 16, embeddingSize: 8, layers: 1 };
const train = { ...DEFAULT_TRAIN_CONFIG, maxSteps: 12 };
const corpus = { roots: ['/ws'], trainFiles: 3, validationFiles: 1, trainBytes: 900, validationBytes: 100 };
const history = { ...emptyMetrics(), eval: [{ run: 1, step: 4, elapsedSec: 1, valBpc: 3, valPerplexity: 8, trainBpc: 3 }] };
const started: TrainingEvent = {
  kind: 'started',
  run: 2,
  startStep: 4,
  charsSeen: 256,
  history,
  trainBytes: 900,
  validationBytes: 100,
  parameters: 1234,
  backend: { name: 'wasm', description: 'WebAssembly (portable, SIMD, 1 thread)' },
  model,
  train,
  corpus,
};
const trainPoint: TrainPoint = { run: 2, step: 5, elapsedSec: 2, bpc: 2.5, gradNorm: 1, clipped: false, learningRate: 2e-3, charsPerSec: 500 };
const evalPoint: EvalPoint = { run: 2, step: 6, elapsedSec: 3, valBpc: 2.4, valPerplexity: 2 ** 2.4, trainBpc: 2.5 };

function run(events: TrainingEvent[], from: FeedState = feedFromCheckpoint(undefined)) {
  let state = from;
  const messages = [];
  for (const event of events) {
    const next = reduceFeed(state, event);
    state = next.state;
    messages.push(...next.messages);
  }
  return { state, messages };
}

test('started: the history and the configuration the event carries, sent as one history message', () => {
  const { state, messages } = run([started]);
  const config = { model, train, corpus, step: 4, charsSeen: 256, parameters: 1234 };
  assert.deepEqual(state.config, config);
  assert.deepEqual(messages, [{ type: 'history', history, config }]);
});

test('steps and evaluations are appended and sent one by one; the earlier state is left as it was', () => {
  const afterStart = run([started]).state;
  const { state, messages } = run(
    [
      { kind: 'step', point: trainPoint, fraction: 0.4, etaSec: 30 },
      { kind: 'eval', point: evalPoint, best: true },
    ],
    afterStart,
  );
  assert.deepEqual(messages, [
    { type: 'trainPoint', point: trainPoint },
    { type: 'evalPoint', point: evalPoint },
  ]);
  assert.deepEqual(state.metrics.train, [trainPoint]);
  assert.deepEqual(state.metrics.eval, [...history.eval, evalPoint]);
  assert.equal(state.config?.step, 5);
  assert.deepEqual(afterStart.metrics.eval, history.eval, 'the previous state is not changed');
  assert.equal(afterStart.config?.step, 4);
});

test('a checkpoint updates the step and characters of the configuration; finishing sends nothing more', () => {
  const { messages } = run([
    started,
    { kind: 'step', point: trainPoint, fraction: 0.4, etaSec: 30 },
    { kind: 'checkpoint', path: '/s/model.latest.recur', step: 6, charsSeen: 640, best: false },
    { kind: 'finished', reason: 'steps', summary: { steps: 2, chars: 384, charsPerSec: 1, trainBpc: 2.5, valBpc: 2.4, valPerplexity: 5.3, bestValBpc: 2.4, mixBpc: NaN, bestMixBpc: NaN } },
  ]);
  assert.deepEqual(messages.at(-1), { type: 'runConfig', config: { model, train, corpus, step: 6, charsSeen: 640, parameters: 1234 } });
});

test('with nothing known yet, a checkpoint says nothing, and no checkpoint gives an empty history', () => {
  const empty = feedFromCheckpoint(undefined);
  assert.deepEqual(empty.metrics, emptyMetrics());
  assert.deepEqual(run([{ kind: 'checkpoint', path: '/s/model.recur', step: 1, charsSeen: 64, best: true }]).messages, []);
});

test("the validation before the run's first step is appended to the history and sent to the panel", () => {
  const afterStart = run([started]).state;
  const point = { run: 2, step: 4, elapsedSec: 1, valBpc: 3.1, mixBpc: 1.9 };
  const { state, messages } = run([{ kind: 'startEval', point, seconds: 0.4 }], afterStart);
  assert.deepEqual(messages, [{ type: 'startEvalPoint', point }]);
  assert.deepEqual(state.metrics.startEval, [point]);
  assert.equal(afterStart.metrics.startEval?.length ?? 0, 0, 'the previous state is not changed');
  const reload = historyMessage(state);
  assert.ok(reload.type === 'history' && reload.history.startEval?.[0] === point, 'a reloaded panel gets it with the history');
});
