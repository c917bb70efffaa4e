// The training loop end to end on tiny models: it learns, it scores per character, it
// saves and resumes, and it stops when asked.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCheckpoint } from '../../../../src/core/model/checkpoint';
import { DEFAULT_MODEL_CONFIG, DEFAULT_TRAIN_CONFIG, type ModelConfig, type TrainConfig } from '../../../../src/core/model/config';
import type { Weights } from '../../../../src/core/model/weights';
import { initWeights } from '../../../../src/core/model/initWeights';
import { encodeText } from '../../../../src/core/vocabulary';
import type { TrainingEvent } from '../../../../src/shared/trainingEvents';
import { createTfjsBackend } from '../../../../src/core/train/tf/tfjsBackend';
import { runTraining, type TrainingInput } from '../../../../src/core/train/trainer';
import { stackSizesFor } from '../../../../src/core/predict/stackConfig';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-train-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const backend = createTfjsBackend();
const tiny: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 16, hiddenSize: 48, layers: 1 };
const sentence = 'the quick brown fox jumps over the lazy dog\n';

function input(dir: string, train: Partial<TrainConfig>, extra: Partial<TrainingInput> = {}): TrainingInput & { events: TrainingEvent[] } {
  const events: TrainingEvent[] = [];
  const bytes = encodeText(sentence.repeat(8));
  return {
    backend,
    model: tiny,
    train: { ...DEFAULT_TRAIN_CONFIG, batchSize: 4, seqLength: 16, maxMinutes: 0, patience: 0, warmupSteps: 5, ...train },
    trainBytes: bytes,
    validationBytes: bytes,
    corpus: { roots: ['/x'], trainFiles: 1, validationFiles: 1, trainBytes: bytes.length, validationBytes: bytes.length },
    bestCheckpointPath: path.join(dir, 'best.ckpt'),
    latestCheckpointPath: path.join(dir, 'latest.ckpt'),
    shouldStop: () => false,
    onEvent: (e) => events.push(e),
    events,
    ...extra,
  };
}

/** Scores weights on some bytes as `recur eval` does: the backend's network, evaluated. */
function evaluateBytes(weights: Weights, config: ModelConfig, bytes: Uint8Array): { chars: number; bpc: number; perplexity: number } {
  const network = backend.createNetwork(config, weights);
  try {
    return network.evaluate(bytes, {})!;
  } finally {
    network.dispose();
  }
}

test('a tiny model over-fits a short text to near-zero loss', async () => {
  const dir = mkdtempSync(path.join(scratch, 'overfit-'));
  const run = input(dir, { maxSteps: 250, evalEvery: 125, learningRate: 2e-2, minLearningRateRatio: 0.5 });
  const summary = await runTraining(run);
  assert.equal(summary.steps, 250);
  assert.ok(summary.valBpc < 0.2, `validation bpc ${summary.valBpc} should be near 0 on the training text (training ${summary.trainBpc})`);
  assert.ok(summary.trainBpc < 0.3, `training bpc ${summary.trainBpc}`);
  const finished = run.events.at(-1);
  assert.equal(finished?.kind, 'finished');
  assert.equal(finished?.kind === 'finished' && finished.reason, 'steps');
  const best = readCheckpoint(run.bestCheckpointPath);
  assert.equal(best.optimizer, undefined, 'the best checkpoint holds weights only');
  const scored = evaluateBytes(best.weights, best.model, run.validationBytes);
  assert.ok(Math.abs(scored.bpc - summary.bestValBpc) < 0.05, `evaluateBytes on the best checkpoint (${scored.bpc}) agrees with the run (${summary.bestValBpc})`);
});

test("an untrained model's perplexity per character is close to the vocabulary size", () => {
  const text = encodeText('Plain ASCII text: one byte per character, so per-byte and per-character agree. '.repeat(40));
  const scored = evaluateBytes(initWeights(DEFAULT_MODEL_CONFIG, 3), DEFAULT_MODEL_CONFIG, text);
  assert.ok(scored.chars > 3000);
  assert.ok(scored.perplexity > 256 * 0.85 && scored.perplexity < 256 * 1.15, `perplexity ${scored.perplexity}`);
  assert.ok(Math.abs(scored.bpc - 8) < 0.25, `bpc ${scored.bpc}`);
});

test('resuming continues the step count, the optimizer and the metrics history', async () => {
  const dir = mkdtempSync(path.join(scratch, 'resume-'));
  const first = input(dir, { maxSteps: 6, evalEvery: 3 }, { logEvery: 2 });
  await runTraining(first);
  const latest = readCheckpoint(first.latestCheckpointPath);
  assert.equal(latest.step, 6);
  assert.equal(latest.optimizer?.step, 6);
  assert.deepEqual(
    latest.metrics.train.map((p) => p.step),
    [2, 4, 6],
  );
  assert.deepEqual(
    latest.metrics.eval.map((p) => p.step),
    [3, 6],
  );
  assert.equal(latest.metrics.runs.length, 1);

  const second = input(dir, { maxSteps: 4, evalEvery: 2 }, { logEvery: 2, resume: latest });
  await runTraining(second);
  const resumed = readCheckpoint(second.latestCheckpointPath);
  assert.equal(resumed.step, 10);
  assert.equal(resumed.optimizer?.step, 10);
  assert.ok(resumed.charsSeen > latest.charsSeen);
  assert.deepEqual(
    resumed.metrics.runs.map((r) => [r.run, r.startStep]),
    [
      [1, 0],
      [2, 6],
    ],
  );
  assert.deepEqual(
    resumed.metrics.train.map((p) => [p.run, p.step]),
    [
      [1, 2],
      [1, 4],
      [1, 6],
      [2, 8],
      [2, 10],
    ],
  );
  assert.deepEqual(
    resumed.metrics.eval.map((p) => p.step),
    [3, 6, 8, 10],
  );
  const elapsed = resumed.metrics.train.map((p) => p.elapsedSec);
  assert.ok(
    elapsed.every((x, i) => i === 0 || x >= elapsed[i - 1]),
    'elapsed time keeps growing across runs',
  );
  const started = second.events[0];
  assert.ok(started.kind === 'started' && started.startStep === 6 && started.run === 2);
});

/** The network's validation score as the trainer computes it without context models (at most 32 KB of the text). */
function validationBpc(weights: Weights, config: ModelConfig, bytes: Uint8Array): number {
  const network = backend.createNetwork(config, weights);
  try {
    return network.evaluate(bytes, { maxBytes: 32 * 1024 })!.bpc;
  } finally {
    network.dispose();
  }
}

test('each run validates the model it starts from before its first step, as its validations do: a fresh run and a resumed one', async () => {
  const dir = mkdtempSync(path.join(scratch, 'start-'));
  const first = input(dir, { maxSteps: 6, evalEvery: 3 }, { logEvery: 2 });
  await runTraining(first);
  const kinds = first.events.map((e) => e.kind);
  assert.ok(kinds.indexOf('started') < kinds.indexOf('startEval') && kinds.indexOf('startEval') < kinds.indexOf('step'), `once, after started and before the first step: ${kinds.join(' ')}`);
  assert.equal(kinds.filter((k) => k === 'startEval').length, 1);
  const startEvent = first.events.find((e) => e.kind === 'startEval');
  assert.ok(startEvent?.kind === 'startEval' && startEvent.seconds >= 0);
  const start = startEvent.point;
  assert.deepEqual([start.run, start.step, start.mixBpc], [1, 0, undefined], 'no context models: the network alone');
  const initial = validationBpc(initWeights(tiny, first.train.seed), tiny, first.validationBytes);
  assert.ok(Math.abs(start.valBpc - initial) < 1e-6, `the untrained model's score (${initial}), not a trained one's (${start.valBpc})`);
  const latest = readCheckpoint(first.latestCheckpointPath);
  assert.deepEqual(latest.metrics.startEval, [start], 'saved with the history');
  assert.ok(
    latest.metrics.eval.every((p) => p.valBpc < start.valBpc),
    'training on the validation text itself lowers it',
  );

  const second = input(dir, { maxSteps: 2, evalEvery: 2 }, { resume: latest });
  await runTraining(second);
  const resumed = readCheckpoint(second.latestCheckpointPath);
  assert.deepEqual(
    resumed.metrics.startEval?.map((p) => [p.run, p.step]),
    [
      [1, 0],
      [2, 6],
    ],
  );
  const lastEval = latest.metrics.eval.at(-1)!;
  const resumedStart = resumed.metrics.startEval![1];
  assert.equal(lastEval.step, 6);
  assert.ok(Math.abs(resumedStart.valBpc - lastEval.valBpc) < 1e-6, `the resumed model's start (${resumedStart.valBpc}) is the last validation it was saved with (${lastEval.valBpc})`);
  assert.ok(!resumed.metrics.eval.some((p) => p.step === 6 && p.run === 2), 'not a validation of the run: no eval point at its start');
});

test('with context models, the start validation scores the whole stack too', async () => {
  const dir = mkdtempSync(path.join(scratch, 'start-stack-'));
  const text = encodeText(sentence.repeat(60));
  const run = input(dir, { maxSteps: 4, evalEvery: 2 }, { trainBytes: text, validationBytes: text, context: { sizes: stackSizesFor(4) } });
  await runTraining(run);
  const { startEval, eval: evals } = readCheckpoint(run.latestCheckpointPath).metrics;
  assert.equal(startEval?.length, 1);
  const start = startEval![0];
  assert.ok(start.mixBpc !== undefined && start.mixBpc > 0 && start.mixBpc < start.valBpc, `the stack ${start.mixBpc} beside the untrained network ${start.valBpc}`);
  assert.ok(
    evals.every((p) => p.mixBpc !== undefined),
    'measured as the validations are',
  );
});

test('shouldStop ends the run after the current step and writes the latest checkpoint', async () => {
  const dir = mkdtempSync(path.join(scratch, 'stop-'));
  let stop = false;
  const run = input(dir, { maxSteps: 10_000, evalEvery: 1000 }, { logEvery: 1, shouldStop: () => stop });
  run.onEvent = (e) => {
    run.events.push(e);
    if (e.kind === 'step' && e.point.step === 3) stop = true;
  };
  const summary = await runTraining(run);
  assert.equal(summary.steps, 3);
  const finished = run.events.at(-1);
  assert.ok(finished?.kind === 'finished' && finished.reason === 'stopped');
  assert.equal(readCheckpoint(run.latestCheckpointPath).step, 3);
  assert.ok(existsSync(run.bestCheckpointPath), 'a fresh model gets a best checkpoint even when stopped early');
  assert.ok(run.events.some((e) => e.kind === 'checkpoint' && e.path === run.latestCheckpointPath));
});

test('logged points count the steps of their window and how many of them were clipped', async () => {
  for (const [clipNorm, expectAll] of [
    [1e-6, true],
    [1e6, false],
  ] as const) {
    const dir = mkdtempSync(path.join(scratch, 'clip-'));
    const run = input(dir, { maxSteps: 12, evalEvery: 100, clipNorm }, { logEvery: 5 });
    await runTraining(run);
    const points = readCheckpoint(run.latestCheckpointPath).metrics.train;
    assert.deepEqual(
      points.map((p) => p.windowSteps),
      [5, 5],
      'a point every 5 steps, each counting its 5',
    );
    for (const p of points) assert.equal(p.clippedSteps, expectAll ? 5 : 0, `θ = ${clipNorm}: ${JSON.stringify(p)}`);
  }
});

test('fine-tuning a base model: its history is kept and the run is marked, its scores on other text do not hide the first best, and every checkpoint records the base', async () => {
  const dir = mkdtempSync(path.join(scratch, 'base-'));
  // The "base model": trained on another text, with a (pretend) excellent validation score in its history.
  const other = encodeText('lorem ipsum dolor sit amet, consectetur adipiscing elit\n'.repeat(8));
  const baseRun = input(
    dir,
    { maxSteps: 4, evalEvery: 2 },
    { trainBytes: other, validationBytes: other, bestCheckpointPath: path.join(dir, 'base.recur'), latestCheckpointPath: path.join(dir, 'base.latest.recur') },
  );
  await runTraining(baseRun);
  const base = readCheckpoint(path.join(dir, 'base.recur'));
  base.metrics.eval.forEach((p) => (p.valBpc = 0.01));
  const info = { name: 'recur-base', step: base.step, charsSeen: base.charsSeen };
  const tune = input(dir, { maxSteps: 4, evalEvery: 2 }, { resume: { ...base, optimizer: undefined }, fromBase: info });
  await runTraining(tune);
  const best = readCheckpoint(tune.bestCheckpointPath);
  assert.deepEqual(best.base, info, 'the best checkpoint records its base');
  assert.deepEqual(readCheckpoint(tune.latestCheckpointPath).base, info, 'so does the latest');
  assert.equal(best.step > base.step, true);
  const runs = best.metrics.runs;
  assert.deepEqual(
    runs.map((r) => r.fromBase),
    [undefined, 'recur-base'],
    "the base's run, then the fine-tuning run that started from it",
  );
  assert.ok(best.metrics.eval.length > base.metrics.eval.length, "the base's validation points are kept before this run's");
  // Before the first step: the base model, read-only, on this workspace's validation text.
  const start = best.metrics.startEval?.find((p) => p.run === 2);
  assert.equal(start?.step, base.step);
  const readOnly = validationBpc(base.weights, base.model, tune.validationBytes);
  assert.ok(start && Math.abs(start.valBpc - readOnly) < 1e-6, `the base model's score here (${readOnly}), measured before fine-tuning (${start?.valBpc})`);
  // A later run continuing the workspace model keeps the record.
  const again = input(dir, { maxSteps: 2, evalEvery: 2 }, { resume: readCheckpoint(tune.latestCheckpointPath) });
  await runTraining(again);
  assert.deepEqual(readCheckpoint(again.latestCheckpointPath).base, info);
});
