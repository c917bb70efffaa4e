// A training run as the editor follows it: the reducer over the training process's messages
// and its exit (src/editor/training/runState.ts), fed the sequences a real process sends.
// Each test checks what the controller would show: the statuses, the output channel's lines,
// the notification's lines, the notices, the events passed on, and the outcome with its message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ProcessExit, reduceExit, reduceMessage, type RunEnd, type RunUpdate, runScore, startRun } from '../../../../src/editor/training/runState';
import { effectSentence } from '../../../../src/shared/present/modelWords';
import { DEFAULT_MODEL_CONFIG, DEFAULT_TRAIN_CONFIG } from '../../../../src/core/model/config';
import type { EvalPoint, MetricsHistory, TrainPoint } from '../../../../src/shared/metrics';
import type { TrainingEvent, TrainingSummary } from '../../../../src/shared/trainingEvents';
import type { WorkerMessage } from '../../../../src/shared/workerProtocol';
import type { TrainingState } from '../../../../src/editor/services';

const STARTED_AT = 1_000_000;
const MAX_MINUTES = 10;
const corpus = { roots: ['/ws'], trainFiles: 3, validationFiles: 1, trainBytes: 9000, validationBytes: 1000 };
const baselines = [{ name: 'brotli (max quality)', bpc: 3.2 }];
const history: MetricsHistory = { runs: [], train: [], eval: [], baselines };
const backend = { name: 'tensorflow', description: 'tfjs-node (TensorFlow 2.21.0, 1 thread)' };
const summary: TrainingSummary = { steps: 12, chars: 6144, charsPerSec: 410.6, trainBpc: 2.6, valBpc: 2.5, valPerplexity: 5.66, bestValBpc: 2.5, mixBpc: 2, bestMixBpc: 2 };

const ready: WorkerMessage = { type: 'ready', pid: 4242 };
const corpusMessage: WorkerMessage = { type: 'corpus', summary: corpus, baselines, warnings: [], skipped: {}, resumedFromStep: undefined };
const event = (e: TrainingEvent): WorkerMessage => ({ type: 'event', event: e });
/** A run's 'started' event: run 1 from step 0 on `history`, unless told otherwise. */
const startedEvent = (over: { run?: number; startStep?: number; history?: MetricsHistory } = {}): WorkerMessage =>
  event({
    kind: 'started',
    run: over.run ?? 1,
    startStep: over.startStep ?? 0,
    charsSeen: 0,
    history: over.history ?? history,
    trainBytes: 9000,
    validationBytes: 1000,
    parameters: 1234,
    backend,
    model: DEFAULT_MODEL_CONFIG,
    train: DEFAULT_TRAIN_CONFIG,
    corpus,
  });
const started = startedEvent();
const trainPoint = (step: number, charsPerSec: number): TrainPoint => ({ run: 1, step, elapsedSec: step, bpc: 2.75, gradNorm: 1, clipped: false, learningRate: 2e-3, charsPerSec });
const step = (n: number, fraction: number, charsPerSec: number, etaSec?: number) => event({ kind: 'step', point: trainPoint(n, charsPerSec), fraction, etaSec });
const evalPoint: EvalPoint = { run: 1, step: 10, elapsedSec: 10, valBpc: 2.5, valPerplexity: 2 ** 2.5, trainBpc: 2.7, mixBpc: 2 };
const checkpoint = event({ kind: 'checkpoint', path: '/s/model.recur', step: 10, charsSeen: 5120, best: true });
const finished = event({ kind: 'finished', reason: 'steps', summary });
const exited = (exit: Partial<ProcessExit> = {}): ProcessExit => ({ code: 0, signal: null, stopRequested: false, at: STARTED_AT + 95_000, ...exit });

/** Feeds the messages, then the exit (if any), and gathers what the editor would show. */
function play(messages: WorkerMessage[], exit?: ProcessExit) {
  let state = startRun(STARTED_AT, MAX_MINUTES);
  const updates: RunUpdate[] = [];
  for (const message of messages) {
    const update = reduceMessage(state, message);
    updates.push(update);
    state = update.state;
  }
  let end: RunEnd | undefined;
  if (exit) {
    end = reduceExit(state, exit);
    updates.push(end);
    state = end.state;
  }
  return {
    state,
    end,
    statuses: updates.flatMap((u) => (u.status ? [u.status] : [])),
    log: updates.flatMap((u) => u.log.map((line) => `${line.level}: ${line.text}`)),
    progress: updates.flatMap((u) => (u.progress ? [u.progress] : [])),
    notices: updates.flatMap((u) => (u.notice ? [u.notice] : [])),
    events: updates.flatMap((u) => (u.event ? [u.event] : [])),
  };
}

/** A status in short: phase, fraction, time left, step, and the score's measure and bits per character. */
function brief(status: TrainingState) {
  if (status.kind !== 'training') return status.kind;
  return [status.phase, status.fraction, status.etaSec, status.step, status.score?.measured, status.score?.bpc];
}

test('a run starts reading the workspace, at 0%, with nothing measured', () => {
  const state = startRun(STARTED_AT, MAX_MINUTES);
  assert.deepEqual(state.status, { kind: 'training', phase: 'reading', fraction: 0, etaSec: undefined, step: undefined, score: undefined });
  assert.equal(state.progress.message, 'reading the workspace…');
  assert.equal(state.outcome, undefined);
});

/** What the process sends over a whole run: context models, started, steps, an evaluation, a checkpoint, finished. */
const wholeRunMessages: WorkerMessage[] = [
  ready,
  { type: 'log', level: 'info', message: 'corpus: 3 training files' },
  corpusMessage,
  event({ kind: 'context', fraction: 0.456, done: false, seconds: 0, bytes: 0 }),
  event({ kind: 'context', fraction: 1, done: true, seconds: 1.25, bytes: 12_345 }),
  started,
  step(5, 0.25, 400, 30),
  step(8, 0.5, NaN, 20),
  { type: 'event', event: { kind: 'eval', point: evalPoint, best: true } },
  step(12, 0.4, 600, undefined),
  checkpoint,
  finished,
];

test('a whole run: context models, started, steps, an evaluation, a checkpoint, finished, exit', () => {
  const run = play(wholeRunMessages, exited());
  assert.deepEqual(run.statuses.map(brief), [
    ['context', 0.456, undefined, undefined, undefined, undefined],
    ['stepping', 0.25, 30, 5, 'none', NaN],
    ['stepping', 0.5, 20, 8, 'none', NaN],
    // The best validation on this workspace's held-out files: the whole stack's.
    ['stepping', 0.5, 20, 8, 'stack', 2],
    // The fraction never goes back (the notification's bar cannot): the status shows the same.
    ['stepping', 0.5, undefined, 12, 'stack', 2],
    'idle',
  ]);
  assert.deepEqual(
    run.statuses.map((s) => (s.kind === 'training' ? s.speed : undefined)),
    [undefined, { backend, charsPerSec: 400 }, { backend, charsPerSec: NaN }, { backend, charsPerSec: NaN }, { backend, charsPerSec: 600 }, undefined],
    "while stepping: what trains (the started event's backend) and the last logged speed",
  );
  const result = run.end?.message.kind === 'result' ? run.end.message.text : '';
  assert.equal(
    result,
    "Recur: training reached its step budget after 2 min, 12 steps. Perplexity per character on this workspace's 1 held-out file (lower is better): 4.00 (2.00 bits/char) with the context models, as suggestions use it; 5.66 for the network alone. Better than brotli (9.19) on the same files.",
  );
  assert.deepEqual(run.log, [
    'info: corpus: 3 training files',
    'info: context models built from 12k bytes in 1.3 s',
    'info: training with tfjs-node (TensorFlow 2.21.0, 1 thread)',
    'info: step 10: validation 2.500 bpc, perplexity 5.66 (the network alone); with the context models 2.000 bpc, perplexity 4.00 (best so far)',
    // The mean of the logged speeds (400 and 600; NaN is not a speed) against the whole run's.
    'info: training finished (steps): 12 steps, 500 chars/s while stepping (411 chars/s over the whole run, validation included), validation 2.500 bpc',
    `info: ${result}`,
  ]);
  assert.deepEqual(run.progress, [
    { message: 'building the context models 45%…', increment: undefined },
    { message: 'measuring the model before training…', increment: undefined },
    { message: '25% · about 30 s left · step 5', increment: 25 },
    { message: '50% · about 20 s left · step 8', increment: 25 },
    { message: '50% · about 20 s left · step 8 · held-out perplexity 4.00 with the context models (best so far)', increment: undefined },
    // The bar never goes back: a smaller fraction moves it by nothing, and the line says the same 50%.
    { message: '50% · step 12 · held-out perplexity 4.00 with the context models (best so far)', increment: 0 },
  ]);
  assert.deepEqual(run.notices, []);
  assert.deepEqual(
    run.events.map((e) => e.kind),
    ['context', 'context', 'started', 'step', 'step', 'eval', 'step', 'checkpoint', 'finished'],
    'every training event is passed on, in order',
  );
  assert.deepEqual(run.end?.outcome, { kind: 'finished', reason: 'steps', summary });
  assert.deepEqual(run.state.history.eval, [evalPoint], "the run's evaluations join the history for the verdict");
});

test("a continued run says from which step; without context models the evaluation line is the network's", () => {
  const networkOnly: EvalPoint = { ...evalPoint, mixBpc: undefined };
  const run = play([{ ...corpusMessage, resumedFromStep: 40 }, started, { type: 'event', event: { kind: 'eval', point: networkOnly, best: false } }]);
  assert.deepEqual(run.log, [
    'info: continuing from step 40',
    'info: training with tfjs-node (TensorFlow 2.21.0, 1 thread)',
    'info: step 10: validation 2.500 bpc, perplexity 5.66 (the network alone)',
  ]);
  assert.deepEqual(run.statuses.map(brief), [['reading', 0, undefined, undefined, 'network', 2.5]], 'an evaluation before any step sets the score of the status as it is');
});

test('a corpus error: the run fails with its message, told as it is', () => {
  const message = 'no text files to train on in /ws (42 left out: 40 binary, 2 too large)';
  const run = play([ready, { type: 'log', level: 'warn', message: 'skipping /ws/huge.bin' }, { type: 'error', kind: 'corpus', message }], exited({ code: 1 }));
  assert.deepEqual(run.end?.outcome, { kind: 'failed', message });
  assert.deepEqual(run.end?.message, { kind: 'cannotTrain', message });
  assert.deepEqual(run.statuses, [{ kind: 'failed', message }]);
  assert.deepEqual(run.log, ['warn: skipping /ws/huge.bin', `error: training failed: ${message}`]);
  assert.deepEqual(run.progress, []);
});

test('a model another run holds is told as it is too', () => {
  const message = 'another training run is using this model: /s/model.recur is in use by another Recur training process (pid 7)';
  const run = play([ready, { type: 'error', kind: 'locked', message, file: '/s/model.recur' }], exited({ code: 1 }));
  assert.deepEqual(run.end?.message, { kind: 'cannotTrain', message });
});

test('an unusable checkpoint with its file: the run fails and offers to start fresh from that file', () => {
  const message = '/s/model.latest.recur is not a Recur checkpoint (bad header)';
  const run = play([ready, { type: 'error', kind: 'checkpoint', message, file: '/s/model.latest.recur' }], exited({ code: 1 }));
  assert.deepEqual(run.end?.outcome, { kind: 'failed', message });
  assert.deepEqual(run.end?.message, { kind: 'unusableCheckpoint', file: '/s/model.latest.recur', message });
  assert.deepEqual(run.state.status, { kind: 'failed', message });
});

test('a checkpoint error without a file, or a training error, is a failure with the log', () => {
  for (const kind of ['checkpoint', 'training'] as const) {
    const run = play([started, { type: 'error', kind, message: 'out of memory' }], exited({ code: 1 }));
    assert.deepEqual(run.end?.message, { kind: 'failed', message: 'out of memory' }, kind);
  }
});

test("stopped: the trainer's finished event says so, and the result is told", () => {
  const stoppedSummary = { ...summary, steps: 7 };
  const run = play([started, step(5, 0.1, 500, 300), event({ kind: 'finished', reason: 'stopped', summary: stoppedSummary })], exited({ stopRequested: true, at: STARTED_AT + 30_000 }));
  assert.deepEqual(run.end?.outcome, { kind: 'finished', reason: 'stopped', summary: stoppedSummary });
  assert.match(run.end?.message.kind === 'result' ? run.end.message.text : '', /^Recur: training was stopped after 30 s, 7 steps\. No validation yet: the model is kept as it is\.$/);
});

test('stopped before the trainer could say so: finished as stopped, with an empty summary', () => {
  const run = play([started, step(5, 0.1, 500, 300)], exited({ code: null, signal: 'SIGKILL', stopRequested: true, at: STARTED_AT + 4_000 }));
  assert.ok(run.end?.outcome.kind === 'finished');
  assert.equal(run.end.outcome.reason, 'stopped');
  assert.equal(run.end.outcome.summary.steps, 0);
  assert.ok(Number.isNaN(run.end.outcome.summary.valBpc));
  assert.deepEqual(run.end.message, { kind: 'result', text: 'Recur: training was stopped after 4 s. The last good model is kept.' });
  assert.deepEqual(run.statuses.at(-1), { kind: 'idle' });
});

test('killed by a signal without an error message: an unexpected end, named by its signal or exit code', () => {
  const killed = play([started, step(5, 0.1, 500, 300)], exited({ code: null, signal: 'SIGKILL' }));
  const message = 'the training process ended unexpectedly (signal SIGKILL)';
  assert.deepEqual(killed.end?.outcome, { kind: 'failed', message });
  assert.deepEqual(killed.end?.message, { kind: 'failed', message });
  assert.deepEqual(killed.statuses.at(-1), { kind: 'failed', message });
  assert.deepEqual(killed.log, ['info: training with tfjs-node (TensorFlow 2.21.0, 1 thread)', `error: training failed: ${message}`]);
  assert.deepEqual(play([], exited({ code: 3 })).end?.outcome, { kind: 'failed', message: 'the training process ended unexpectedly (exit code 3)' });
});

test('the error the process reported comes before a stop request; a finished event before either', () => {
  assert.deepEqual(play([{ type: 'error', kind: 'training', message: 'disk full' }], exited({ stopRequested: true })).end?.outcome, { kind: 'failed', message: 'disk full' });
  assert.equal(play([finished, { type: 'error', kind: 'training', message: 'late' }], exited({ code: 1 })).end?.outcome.kind, 'finished');
});

test('a notice goes to the log as a warning and to the user, and changes nothing else', () => {
  const message = 'Recur continues the saved model, an LSTM of 1 layer: recur.model.hiddenSize applies to a new model only.';
  const before = startRun(STARTED_AT, MAX_MINUTES);
  const update = reduceMessage(before, { type: 'notice', message });
  assert.deepEqual(update, { state: before, log: [{ level: 'warn', text: message }], notice: message });
});

test('messages that say nothing to the editor leave the state as it is', () => {
  const before = startRun(STARTED_AT, MAX_MINUTES);
  for (const message of [ready, { type: 'indexed', file: '/s/base-index.recur', files: 1, bytes: 2, seconds: 3 } as WorkerMessage]) {
    assert.deepEqual(reduceMessage(before, message), { state: before, log: [] }, message.type);
  }
  // The corpus only tells how many held-out files the scores are measured on.
  assert.deepEqual(reduceMessage(before, corpusMessage), { state: { ...before, heldOutFiles: 1 }, log: [] });
  assert.deepEqual(reduceMessage(before, checkpoint), { state: before, log: [], event: (checkpoint as Extract<WorkerMessage, { type: 'event' }>).event });
});

test('the state given is never changed', () => {
  const before = play([started, step(5, 0.25, 400, 30)]).state;
  const copy = structuredClone(before);
  reduceMessage(before, step(6, 0.5, 500, 20));
  reduceMessage(before, { type: 'event', event: { kind: 'eval', point: evalPoint, best: true } });
  reduceExit(before, exited());
  assert.deepEqual(before, copy);
});

test("fine-tuning the base model: steps are counted from this workspace's first run, and the base model's validations are not this workspace's", () => {
  const base = { run: 1, startedAt: '', startStep: 0, cell: 'lstm', hiddenSize: 8, layers: 1 };
  const fineTune = { ...base, run: 2, startStep: 35_000, fromBase: 'base' };
  const baseHistory: MetricsHistory = { runs: [base, fineTune], train: [], eval: [{ run: 1, step: 35_000, elapsedSec: 9, valBpc: 0.5, valPerplexity: 2 ** 0.5, trainBpc: 0.5 }], baselines };
  const fromBase = startedEvent({ run: 2, startStep: 35_000, history: baseHistory });
  const point = { ...trainPoint(35_120, 400), run: 2 };
  const run = play([corpusMessage, fromBase, event({ kind: 'step', point, fraction: 0.2, etaSec: 60 })]);
  assert.deepEqual(run.progress.at(-1), { message: '20% · about 1 min left · step 120', increment: 20 });
  assert.deepEqual(run.statuses.map(brief).at(-1), ['stepping', 0.2, 60, 120, 'none', NaN]);
});

test('the validation before the first step: logged with what it took, and the end-of-training message says what training did, as the tooltip words it', () => {
  const before = { run: 1, step: 0, elapsedSec: 0, valBpc: 8, mixBpc: 2.5 };
  const messages = [...wholeRunMessages.slice(0, 6), event({ kind: 'startEval', point: before, seconds: 2.25 }), ...wholeRunMessages.slice(6)];
  const run = play(messages, exited());
  assert.ok(run.log.includes('info: step 0, before training: validation 8.000 bpc (the network alone); with the context models 2.500 bpc; measured in 2.3 s'), run.log.join('\n'));
  assert.deepEqual(run.state.history.startEval, [before]);
  const result = run.end?.message.kind === 'result' ? run.end.message.text : '';
  const said = effectSentence(runScore(run.state));
  assert.equal(
    said,
    "Before this workspace's training, on the same files: 5.66 (2.50 bits/char) with the context models; now 4.00 (2.00 bits/char), 20.0% fewer bits per character (better). The network alone: 256 before, 5.66 now, 68.8% fewer bits per character (better).",
  );
  assert.ok(result.includes(said!), result);
  // Without it (an older trainer), nothing is said of it.
  const without = play(wholeRunMessages, exited()).end?.message;
  assert.ok(without?.kind === 'result' && !without.text.includes('Before this workspace'));
});
