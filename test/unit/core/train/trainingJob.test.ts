// Checkpoints cross the backends through the one job runner (src/core/train/trainingJob.ts),
// as `recur train` and the training process run it: a model trained by one backend is
// continued by the other (from its step, with its Adam state, the history naming both), and
// a checkpoint written by either gives the same predictions in both, within float rounding.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCorpus, type Corpus } from '../../../../src/core/corpus';
import { readCheckpoint } from '../../../../src/core/model/checkpoint';
import { checkpointFilesFor } from '../../../../src/core/model/checkpointFiles';
import { DEFAULT_TRAIN_CONFIG, type ModelConfig } from '../../../../src/core/model/config';
import type { BackendName, TrainingBackend } from '../../../../src/core/train/backend';
import { chooseBackend } from '../../../../src/core/train/chooseBackend';
import { runTrainingJob, type TrainingJob } from '../../../../src/core/train/trainingJob';
import type { TrainingEvent } from '../../../../src/shared/trainingEvents';

const FIXTURE = path.join(__dirname, '..', '..', '..', 'fixtures', 'workspace-small');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-cross-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const model: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 8, hiddenSize: 24, layers: 2 };
const backends: Partial<Record<BackendName, TrainingBackend>> = {};
let corpus: Corpus;

before(async () => {
  backends.tensorflow = await chooseBackend('tensorflow', { threads: 1 });
  backends.wasm = await chooseBackend('wasm');
  corpus = await readCorpus([FIXTURE], { maxTotalBytes: 1 << 20, maxFileBytes: 1 << 16, maxLineLength: 1000, excludeGlobs: [] });
});

/** One job of `steps` steps into `name`'s files on `backend`; its events. */
async function train(name: string, backend: BackendName, steps: number, fresh: boolean): Promise<TrainingEvent[]> {
  const job: TrainingJob = {
    model,
    requestedShape: {},
    train: { ...DEFAULT_TRAIN_CONFIG, seqLength: 16, batchSize: 4, maxSteps: steps, maxMinutes: 0, evalEvery: 4, warmupSteps: 2, patience: 0 },
    files: checkpointFilesFor(path.join(scratch, `${name}.recur`)),
    fresh,
    contextMemoryMB: 0,
    purpose: 'crossBackend test',
  };
  const events: TrainingEvent[] = [];
  const result = await runTrainingJob(job, {
    onNote: () => {},
    onStart: () => {},
    readCorpus: async () => corpus,
    onCorpus: () => {},
    beforeTraining: async () => backends[backend]!,
    shouldStop: () => false,
    onEvent: (event) => events.push(event),
  });
  assert.ok(result, 'the job ran');
  return events;
}

/** The network's distributions on the validation text, evaluated by `backend` from the checkpoint's weights. */
function probabilities(file: string, backend: BackendName): Float32Array {
  const checkpoint = readCheckpoint(file);
  const network = backends[backend]!.createNetwork(checkpoint.model, checkpoint.weights);
  try {
    return network.evaluate(corpus.validationBytes.subarray(0, 2048), { collectProbs: true, streams: 4 })!.probs!;
  } finally {
    network.dispose();
  }
}

for (const [first, second] of [
  ['wasm', 'tensorflow'],
  ['tensorflow', 'wasm'],
] as const) {
  test(`a model trained by ${first} continues on ${second}, and its checkpoint predicts the same in both`, async () => {
    const name = `${first}-then-${second}`;
    const files = checkpointFilesFor(path.join(scratch, `${name}.recur`));
    const started = (events: TrainingEvent[]) => events.find((e) => e.kind === 'started') as Extract<TrainingEvent, { kind: 'started' }>;

    const firstRun = await train(name, first, 6, true);
    assert.equal(started(firstRun).backend.name, first);
    const trained = readCheckpoint(files.latest);
    assert.equal(trained.step, 6);
    assert.equal(trained.optimizer?.step, 6);

    // The same predictions from either backend (float rounding apart), and not those of a fresh model.
    const a = probabilities(files.latest, first);
    const b = probabilities(files.latest, second);
    assert.equal(a.length, b.length);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    assert.ok(worst < 1e-5, `largest difference in a probability: ${worst}`);
    assert.ok(Math.abs(a[0] - 1 / 256) > 1e-4 || Math.abs(a[1] - 1 / 256) > 1e-4, 'the trained model is not uniform');

    const secondRun = await train(name, second, 4, false);
    const resumed = started(secondRun);
    assert.equal(resumed.backend.name, second);
    assert.equal(resumed.startStep, 6, "continued from the first backend's step");
    const continued = readCheckpoint(files.latest);
    assert.equal(continued.step, 10);
    assert.equal(continued.optimizer?.step, 10, "Adam's step counts on from the restored state");
    assert.deepEqual(
      continued.metrics.runs.map((r) => r.backend?.name),
      [first, second],
    );
    const losses = continued.metrics.train.map((p) => p.bpc);
    assert.ok(losses.every(Number.isFinite), `finite losses: ${losses.join(', ')}`);
  });
}
