// What the user reads about the model, for each state: the base model only, the base model
// after reading the workspace, training in progress, trained, failed. The status bar's text
// and tooltip (src/editor/statusText.ts), the end-of-training notification, the progress
// notification and the panel's header all come from src/shared/present/: these tests check
// the words say which model, on which files, which measure, against what and which way is
// better, and that the surfaces say the same figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe } from '../../../../src/editor/statusText';
import { checkpointSummary } from '../../../../src/editor/training/checkpointSummary';
import type { TrainingState } from '../../../../src/editor/services';
import { CONTEXT_ONLY_BASELINE, type EvalPoint, type MetricsHistory, type RunInfo } from '../../../../src/shared/metrics';
import { modelScore } from '../../../../src/shared/present/modelScore';
import { changeWords, effectSentence, endOfTrainingMessage, levelTitle, progressMessage, scoreSentences } from '../../../../src/shared/present/modelWords';
import { formatSignedChange } from '../../../../src/shared/present/numbers';
import { progressWords } from '../../../../src/shared/present/progress';

const run = (n: number, startStep: number, fromBase?: string): RunInfo => ({ run: n, startedAt: '', startStep, cell: 'lstm', hiddenSize: 256, layers: 2, ...(fromBase ? { fromBase } : {}) });
const evalAt = (n: number, step: number, valBpc: number, mixBpc?: number): EvalPoint => ({ run: n, step, elapsedSec: step, valBpc, valPerplexity: 2 ** valBpc, trainBpc: valBpc, mixBpc });

/** The shipped base model's history as it is: the network alone 2.10 bits/char on the base corpus; brotli 1.48 and a 4-gram model 2.60 on the same files. */
const baseHistory: MetricsHistory = {
  runs: [run(1, 0), run(2, 20_000)],
  train: [],
  eval: [evalAt(1, 20_000, 2.3), evalAt(2, 35_128, Math.log2(4.28))],
  baselines: [
    { name: 'brotli (max quality)', bpc: Math.log2(2.79) },
    { name: '4-gram bytes (Witten-Bell)', bpc: Math.log2(6.07) },
  ],
};

/** The same model fine-tuned on a workspace: the base model's runs, then this workspace's, whose baselines are the workspace's. */
const fineTuned: MetricsHistory = {
  runs: [...baseHistory.runs, run(3, 35_128, 'base'), run(4, 35_428)],
  train: [],
  // A base-corpus validation scoring better than any of the workspace's must not be taken for the workspace's.
  eval: [...baseHistory.eval, evalAt(2, 35_000, 0.9, 0.5), evalAt(3, 35_228, 2.4, 1.3), evalAt(4, 35_628, 2.0, Math.log2(2.31))],
  baselines: [
    { name: 'brotli (max quality)', bpc: Math.log2(3.07) },
    { name: '4-gram bytes (Witten-Bell)', bpc: Math.log2(4.2) },
    { name: CONTEXT_ONLY_BASELINE, bpc: 1.3 },
  ],
};

const idle: TrainingState = { kind: 'idle' };
const on = { kind: 'on' } as const;

test("base model only: the base corpus's figures, labelled as such, compared the right way, and no figure in the status bar", () => {
  const model = checkpointSummary({ step: 35_128, metrics: baseHistory }, 'base');
  const { text, tooltip } = describe(idle, model, on);
  assert.equal(text, '$(circuit-board) Recur: base model');
  assert.match(tooltip, /^Suggestions use the base model shipped with Recur, trained on public code \(35,128 steps\), not on this workspace\./);
  assert.match(tooltip, /Perplexity per character on the base corpus's held-out files, not this workspace's \(lower is better\): 4\.28 \(2\.10 bits\/char\) for the network alone/);
  // 4.28 against brotli's 2.79: worse, and said so.
  assert.match(tooltip, /Worse than brotli \(2\.79\); better than a 4-gram model \(6\.07\) on the same files\./);
  assert.doesNotMatch(tooltip, /as good as/);
  assert.match(tooltip, /Train on Workspace fine-tunes it on this workspace/);
  assert.equal(tooltip.match(/4\.28/g)?.length, 1, 'the figure is said once');
});

test("base model after reading the workspace: says what it read, and that its figures are still the base corpus's", () => {
  const model = checkpointSummary({ step: 35_128, metrics: baseHistory }, 'baseReadWorkspace');
  const { text, tooltip } = describe(idle, model, on);
  assert.equal(text, '$(circuit-board) Recur: base model');
  assert.match(tooltip, /with this workspace's files read into its context models, so it can copy this workspace's names; its network is not trained on this workspace\./);
  assert.match(tooltip, /on the base corpus's held-out files, not this workspace's/);
});

test('the first index of the workspace being built: files and MB read so far in the status bar; the files found while it lists', () => {
  const model = checkpointSummary({ step: 35_128, metrics: baseHistory }, 'base');
  const reading = describe(idle, model, on, undefined, { maxMinutes: 10, indexing: { phase: 'reading', files: 1234, bytes: 5.5 * 2 ** 20 } });
  assert.equal(reading.text, '$(sync~spin) Recur: indexing 1,234 files · 5.5 MB read');
  assert.match(reading.tooltip, /^Reading this workspace into the base model's index, the files you edit first: 1,234 files, 5\.5 MB read so far\./);
  assert.equal(
    describe(idle, model, on, undefined, { maxMinutes: 10, indexing: { phase: 'learning', files: 1234, bytes: 28_000 } }).text,
    '$(sync~spin) Recur: indexing 1,234 files · 28 KB learned',
    'learning counts from zero again: said so',
  );
  assert.equal(describe(idle, model, on, undefined, { maxMinutes: 10, indexing: { phase: 'listing', files: 20_000, bytes: 0 } }).text, '$(sync~spin) Recur: indexing (20,000 files found)');
  assert.equal(describe(idle, model, on, undefined, { maxMinutes: 10 }).text, '$(circuit-board) Recur: base model', 'not after it ends');
});

test("trained: this workspace's validation only, the whole stack as suggestions use it, the network alone beside it; the status bar, the tooltip and the end-of-training notification say the same figure", () => {
  const model = checkpointSummary({ step: 35_728, metrics: fineTuned, corpus: { validationFiles: 3 } }, 'workspace');
  assert.equal(model.workspaceSteps, 600, "steps counted from this workspace's first run");
  const { text, tooltip } = describe(idle, model, on);
  assert.equal(text, '$(circuit-board) Recur: ready · ppl 2.31');
  assert.match(tooltip, /^Suggestions use the model trained on this workspace \(fine-tuned from the base model\), as saved at its best validation, after 600 steps\./);
  const sentences = scoreSentences(model.score);
  assert.deepEqual(sentences, [
    "Perplexity per character on this workspace's 3 held-out files (lower is better): 2.31 (1.21 bits/char) with the context models, as suggestions use it; 4.00 for the network alone.",
    'Better than brotli (3.07) and a 4-gram model (4.20) on the same files.',
  ]);
  for (const sentence of sentences) assert.ok(tooltip.includes(sentence), sentence);
  const end = endOfTrainingMessage('budget', 300, 301, model.score, 5);
  assert.equal(end, `Recur: training used its time budget after 5 min, 300 steps. ${sentences.join(' ')}`);
  assert.equal(levelTitle(model.score), 'Better than the simple baselines');
});

test('a model behind a baseline says which is better, and what would help', () => {
  const behind = { ...fineTuned, eval: [evalAt(3, 35_228, Math.log2(3.5))] };
  const score = modelScore(behind, 'workspace');
  assert.equal(score.measured, 'network');
  assert.equal(score.level, 'between');
  assert.deepEqual(scoreSentences(score), [
    "Perplexity per character on this workspace's held-out files (lower is better): 3.50 (1.81 bits/char) for the network alone (no context models).",
    'Worse than brotli (3.07); better than a 4-gram model (4.20) on the same files.',
  ]);
  const { tooltip } = describe(idle, checkpointSummary({ step: 35_228, metrics: behind }, 'workspace'), on, undefined, { maxMinutes: 10 });
  assert.match(tooltip, /Train longer: Continue Training picks up where the last run stopped \(each run is 10 minutes: recur\.training\.maxMinutes\)\./);
  assert.equal(modelScore({ ...behind, eval: [evalAt(3, 1, 3)] }, 'workspace').level, 'behind');
});

test("training in progress: the status bar, its tooltip, the progress notification and the panel's header give the same percentage and time left", () => {
  const score = modelScore(fineTuned, 'workspace', 3);
  const training: TrainingState = { kind: 'training', phase: 'stepping', fraction: 0.437, etaSec: 170, step: 36_000, score };
  const model = checkpointSummary({ step: 35_728, metrics: fineTuned, corpus: { validationFiles: 3 } }, 'workspace');
  const { text, tooltip } = describe(training, model, on);
  const progress = progressWords(training).short;
  assert.equal(progress, '43% · about 3 min left');
  assert.equal(text, `$(sync~spin) Recur: training ${progress}`);
  assert.match(tooltip, /^Training on this workspace: 43% · about 3 min left \(step 36,000\)\./);
  assert.ok(tooltip.includes(`Best so far: perplexity per character on this workspace's 3 held-out files (lower is better): 2.31`));
  const notification = progressMessage(training, training.step, score);
  assert.equal(notification, '43% · about 3 min left · step 36,000 · held-out perplexity 2.31 with the context models (best so far)');
  // The panel's header: `Training ${progressWords(status).short}` (media/panel/app.ts).
  assert.equal(`Training ${progressWords({ phase: 'stepping', fraction: 0.437, etaSec: 170 }).short}`, `Training ${progress}`);
});

test('training in progress: the tooltip says what trains and how fast, once the run has said it', () => {
  const score = modelScore(fineTuned, 'workspace', 3);
  const model = checkpointSummary({ step: 35_728, metrics: fineTuned }, 'workspace');
  const backend = { name: 'wasm', description: 'WebAssembly (portable, SIMD with fused multiply-add, 1 thread)' };
  const training: TrainingState = { kind: 'training', phase: 'stepping', fraction: 0.5, etaSec: 60, step: 36_000, score, speed: { backend, charsPerSec: 1913.6 } };
  const lines = describe(training, model, on).tooltip.split('\n');
  assert.equal(lines[1], 'Training with WebAssembly (portable, SIMD with fused multiply-add, 1 thread): 1,914 characters per second.');
  const { speed: _, ...withoutSpeed } = training;
  assert.doesNotMatch(describe(withoutSpeed, model, on).tooltip, /Training with/);
});

test('training a fine-tune before its first validation: not validated on this workspace yet, and the base model in use until then', () => {
  const started: MetricsHistory = { ...fineTuned, runs: [...baseHistory.runs, run(3, 35_128, 'base')], eval: baseHistory.eval };
  const score = modelScore(started, 'workspace');
  assert.equal(score.measured, 'none', "the base model's validations are the base corpus's");
  const training: TrainingState = { kind: 'training', phase: 'reading', fraction: 0, etaSec: undefined, step: undefined, score };
  const { text, tooltip } = describe(training, checkpointSummary({ step: 35_128, metrics: baseHistory }, 'baseReadWorkspace'), on);
  assert.equal(text, '$(sync~spin) Recur: training reading the workspace');
  assert.match(tooltip, /Until the run saves its first model, suggestions use the base model shipped with Recur/);
  assert.doesNotMatch(tooltip, /Best so far/);
  assert.deepEqual(scoreSentences(score), ["Not validated on this workspace's held-out files yet."]);
});

test('failed: with a model the warning and the reason; without one, the reason', () => {
  const failed: TrainingState = { kind: 'failed', message: 'out of memory' };
  const model = checkpointSummary({ step: 35_728, metrics: fineTuned }, 'workspace');
  const withModel = describe(failed, model, on);
  assert.equal(withModel.text, '$(warning) Recur: ready · ppl 2.31');
  assert.match(withModel.tooltip, /The last training run failed: out of memory/);
  const without = describe(failed, undefined, on);
  assert.equal(without.text, '$(warning) Recur: no model');
  assert.match(without.tooltip, /^Training failed: out of memory/);
});

test('progress words: reading, building the context models, stepping with and without an estimate; the percentage rounds down', () => {
  assert.equal(progressWords({ phase: 'reading', fraction: 0, etaSec: undefined }).short, 'reading the workspace');
  assert.equal(progressWords({ phase: 'context', fraction: 0.456, etaSec: undefined }).short, 'building the context models 45%');
  assert.equal(progressWords({ phase: 'stepping', fraction: 0.999, etaSec: 0.4 }).short, '99% · about 0 s left');
  assert.equal(progressWords({ phase: 'stepping', fraction: 0.5, etaSec: undefined }).short, '50%');
  assert.equal(progressWords({ phase: 'stepping', fraction: 0.5, etaSec: 3725 }).timeLeft, 'about 1 h 02 min left');
});

/** fineTuned with each run's validation before its first step: the base model's own (on the base corpus) must not count. */
const measuredBefore: MetricsHistory = {
  ...fineTuned,
  startEval: [
    { run: 2, step: 20_000, elapsedSec: 0, valBpc: 0.1, mixBpc: 0.05 },
    { run: 3, step: 35_128, elapsedSec: 0, valBpc: 2.6, mixBpc: 1.35 },
    { run: 4, step: 35_428, elapsedSec: 0, valBpc: 2.2, mixBpc: 1.25 },
  ],
};

test("what training did: before this workspace's training and now, by the same measure, in the tooltip and the end-of-training notification alike", () => {
  const model = checkpointSummary({ step: 35_728, metrics: measuredBefore, corpus: { validationFiles: 3 } }, 'workspace');
  const effect = model.score.effect!;
  assert.equal(effect.measured, 'stack');
  assert.equal(effect.before, 1.35, "the first workspace run's start, not the base corpus's nor a later run's");
  assert.equal(effect.now, model.score.bpc, 'now is the model in use');
  assert.ok(Math.abs(effect.change - (Math.log2(2.31) - 1.35) / 1.35) < 1e-12);
  assert.deepEqual(
    [effect.beforeStep, effect.nowStep, effect.sinceFirstRun, effect.sameRun, effect.fromBase],
    [0, 500, true, false, true],
    'the model in use is from a later run: its held-out files may have changed since',
  );
  const sentence = effectSentence(model.score);
  assert.equal(
    sentence,
    "Before this workspace's training (the base model), on the held-out files of that run: 2.55 (1.35 bits/char) with the context models; now 2.31 (1.21 bits/char), 10.5% fewer bits per character (better). The network alone: 6.06 before, 4.00 now, 23.1% fewer bits per character (better).",
  );
  const { tooltip } = describe(idle, model, on);
  assert.ok(tooltip.includes(sentence!), tooltip);
  const end = endOfTrainingMessage('budget', 300, 301, model.score, 5);
  assert.equal(end, `Recur: training used its time budget after 5 min, 300 steps. ${scoreSentences(model.score).join(' ')} ${sentence}`);
  // While training, the tooltip says it with the best so far.
  const training: TrainingState = { kind: 'training', phase: 'stepping', fraction: 0.5, etaSec: 60, step: 500, score: model.score };
  assert.ok(describe(training, model, on).tooltip.includes(sentence!));
});

test('what training did: worse says so; a history whose first runs were not measured says from where; none measured, nothing said', () => {
  const worse = modelScore({ ...measuredBefore, eval: [...fineTuned.eval.slice(0, 3), evalAt(3, 35_228, 2.7, 1.4)] }, 'workspace', 3);
  assert.match(
    effectSentence(worse)!,
    /on the same files: 2\.55 \(1\.35 bits\/char\) with the context models; now 2\.64 \(1\.40 bits\/char\), 3\.7% more bits per character \(worse\)\. The network alone: 6\.06 before, 6\.50 now, 3\.8% more/,
  );
  const laterOnly = modelScore({ ...measuredBefore, startEval: measuredBefore.startEval!.slice(2) }, 'workspace', 3);
  assert.equal(laterOnly.effect?.sinceFirstRun, false);
  assert.match(effectSentence(laterOnly)!, /^At the start of run 2 \(step 300; earlier runs were not measured before training\), on the same files: 2\.38 \(1\.25 bits\/char\)/);
  // A start measured after the model in use was saved says nothing of it.
  const afterBest = modelScore({ ...measuredBefore, eval: fineTuned.eval.slice(0, 4), startEval: measuredBefore.startEval!.slice(2) }, 'workspace', 3);
  assert.equal(afterBest.effect, undefined);
  const old = modelScore(fineTuned, 'workspace', 3);
  assert.equal(old.effect, undefined);
  assert.equal(effectSentence(old), undefined);
  assert.equal(modelScore(measuredBefore, 'baseReadWorkspace').effect, undefined, "the base model's score is not a workspace model's");
});

test('what training did without context models: the network alone on both sides; a null (NaN in JSON) is no figure', () => {
  const plain: MetricsHistory = {
    runs: [run(1, 0)],
    train: [],
    eval: [evalAt(1, 100, 3.0), evalAt(1, 200, 2.5)],
    baselines: [],
    startEval: [{ run: 1, step: 0, elapsedSec: 0, valBpc: 5, mixBpc: null as unknown as number }],
  };
  const effect = modelScore(plain, 'workspace', 2).effect!;
  assert.deepEqual([effect.measured, effect.before, effect.now, effect.change], ['network', 5, 2.5, -0.5]);
  assert.equal(effect.networkChange, -0.5);
  assert.equal(
    effectSentence(modelScore(plain, 'workspace', 2)),
    "Before this workspace's training, on the same files: 32.0 (5.00 bits/char) for the network alone; now 5.66 (2.50 bits/char), 50.0% fewer bits per character (better).",
  );
});

test('relative changes are written with one decimal and a real minus sign; a change that rounds to nothing has no sign', () => {
  assert.equal(formatSignedChange(-0.0083), '\u22120.8%');
  assert.equal(formatSignedChange(0.021), '+2.1%');
  assert.equal(formatSignedChange(0.0004), '0.0%');
  assert.equal(formatSignedChange(NaN), '?');
  assert.equal(changeWords(-0.0004), 'no change in bits per character');
});
