// The training loop: the API the training worker and the CLI drive.
//
//   runTraining(input: TrainingInput): Promise<TrainingSummary>
//     Trains a model (fresh from input.model + input.train.seed, or continuing
//     input.resume: weights, Adam moments, step count, metrics) on input.trainBytes with
//     stateful truncated BPTT, validating on input.validationBytes every train.evalEvery
//     steps. Writes the best-by-validation checkpoint (weights only) to
//     bestCheckpointPath and the latest (with Adam state, for resuming) to
//     latestCheckpointPath, both atomically. Stops on shouldStop() (polled between steps
//     and between validation chunks; the latest checkpoint is written), on the budget
//     (train.maxSteps steps or train.maxMinutes minutes of this run), or when validation
//     has not improved for train.patience evaluations. Reports through onEvent
//     (../../shared/trainingEvents.ts): started, step (every logEvery steps), eval, checkpoint, finished.
//     The backend must already be set up by the caller: import '@tensorflow/tfjs-node'
//     at the entry point.
//
//   evaluateBytes(weights, config, bytes, options?) -> { chars, bpc, perplexity }
//     Per-character scores of checkpoint weights on some bytes (for `recur eval`).
//     Re-exported from evaluate.ts.
//
// Events: 'started' carries the metrics history including this run's new RunInfo;
// 'step' every logEvery steps (TrainPoint: bpc averaged over those steps, gradNorm/clipped
// of the last one); 'eval' every evalEvery steps and once at the end unless stopped
// (validation bpc on at most evalMaxBytes bytes, best = new lowest); 'checkpoint' after each
// atomic write (best: weights only; latest: with Adam state, written at every evaluation
// and at the end); 'finished' last, also when stopped. Errors (e.g. divergence) reject
// the promise after disposing the tensors; no 'finished' event then.
//
// Conventions: a resumed run keeps the checkpoint's model config (input.model is ignored)
// and uses input.train for this run (budget, learning rate...). maxSteps / maxMinutes
// count this run only. The learning rate warms up over the run's first warmupSteps and
// decays (cosine) over its budget (schedule.ts). TrainingSummary.steps / chars count this
// run; the checkpoint's step / charsSeen count all runs.
import { type BaseModelInfo, type Checkpoint, type CorpusSummary, writeCheckpointAtomic } from '../model/checkpoint';
import { type ModelConfig, type TrainConfig, validateModelConfig } from '../model/config';
import { type BaselineScore, bitsPerChar, CONTEXT_ONLY_BASELINE, emptyMetrics, type EvalPoint, type MetricsHistory, perplexityFromBpc, type TrainPoint } from '../../shared/metrics';
import { initWeights } from '../model/initWeights';
import { parameterCount, type Weights } from '../model/weights';
import type { PredictorStack, StackSizes } from '../predict/predictorStack';
import { stackToSection } from '../predict/stackState';
import { StreamBatcher } from './batcher';
import { buildContextStack, learnContexts, type MixScore, scoreValidation, splitJoinedFilesWithLanguages } from './contextStack';
import { evaluateParams, evaluationWindows } from './evaluate';
import type { TrainingEvent, TrainingStopReason, TrainingSummary } from '../../shared/trainingEvents';
import { budgetProgress, learningRateAt } from './schedule';
import { TrainableModel } from './trainStep';

export { evaluateBytes, type EvaluateOptions } from './evaluate';

export interface TrainingInput {
  model: ModelConfig;
  train: TrainConfig;
  /** Continue this checkpoint (normally the latest one) instead of starting fresh. */
  resume?: Checkpoint;
  /**
   * `resume` is a base model this run fine-tunes (not an earlier run on this corpus): its
   * history is kept (this run is marked as starting from it), but its validation scores,
   * measured on other text, do not count toward the best checkpoint; every checkpoint
   * written records the base.
   */
  fromBase?: BaseModelInfo;
  /** Training and validation text: files joined by the separator byte 0x00. */
  trainBytes: Uint8Array;
  validationBytes: Uint8Array;
  /** The language code of each joined file (Corpus.trainLanguages / validationLanguages): given, the context models tell languages apart. */
  languages?: { train: readonly number[]; validation: readonly number[] };
  corpus: CorpusSummary;
  /** Reference models' scores on the validation bytes, stored in the metrics. */
  baselines?: BaselineScore[];
  bestCheckpointPath: string;
  latestCheckpointPath: string;
  /** Polled between steps; true ends the run within about a second. */
  shouldStop(): boolean;
  onEvent(event: TrainingEvent): void;
  /** Log a TrainPoint (and emit a step event) every N steps. Default 5. */
  logEvery?: number;
  /** Bytes of validation text scored per evaluation (evenly spaced windows). Default 32 KiB: about 5% of the training time at evalEvery = 100 on the default model. */
  evalMaxBytes?: number;
  /**
   * Build the prediction stack's context models from the training files before training,
   * score the whole stack at every evaluation, and save it with the best checkpoint
   * (../predict/). Absent: the network alone.
   */
  context?: { sizes: StackSizes };
}

export async function runTraining(input: TrainingInput): Promise<TrainingSummary> {
  const { train, resume } = input;
  const config: ModelConfig = resume ? resume.model : input.model;
  validateModelConfig(config);
  const logEvery = Math.max(1, input.logEvery ?? 5);
  const evalEvery = Math.max(1, train.evalEvery);
  const evalMaxBytes = input.evalMaxBytes ?? 32 * 1024;

  const metrics: MetricsHistory = resume ? structuredClone(resume.metrics) : emptyMetrics();
  if (input.baselines) metrics.baselines = input.baselines;
  const run = metrics.runs.reduce((max, r) => Math.max(max, r.run), 0) + 1;
  const startStep = resume?.step ?? 0;
  metrics.runs.push({ run, startedAt: new Date().toISOString(), startStep, cell: config.cell, hiddenSize: config.hiddenSize, layers: config.layers, ...(input.fromBase ? { fromBase: input.fromBase.name } : {}) });
  const base = input.fromBase ?? resume?.base;
  /** Validation scores that count toward the best checkpoint: this corpus's, not a base model's. */
  const comparable = input.fromBase ? [] : metrics.eval;
  const elapsedBefore = Math.max(0, ...metrics.train.map((p) => p.elapsedSec), ...metrics.eval.map((p) => p.elapsedSec));
  let bestValBpc = Math.min(Infinity, ...comparable.map((p) => p.valBpc).filter((x) => Number.isFinite(x)));
  let bestScore = Math.min(Infinity, ...comparable.map(selectionScore).filter((x) => Number.isFinite(x)));

  // The context models first: they read the training files once (seconds per megabyte).
  let stack: PredictorStack | undefined;
  if (input.context && input.trainBytes.length > 0) {
    const started = Date.now();
    const bytes = Math.min(input.trainBytes.length, input.context.sizes.maxLearnBytes ?? Infinity);
    const report = (fraction: number, done: boolean) => input.onEvent({ kind: 'context', fraction, done, seconds: (Date.now() - started) / 1000, bytes });
    stack = await buildContextStack(input.trainBytes, input.context.sizes, input.shouldStop, (fraction) => report(fraction, false), input.languages?.train);
    if (stack) {
      report(1, true);
      const windows = evaluationWindows(input.validationBytes.length, { maxBytes: evalMaxBytes, ...STACK_WINDOWS });
      if (windows.length >= 2) {
        const alone = scoreValidation(stack, input.validationBytes, windows, undefined, input.languages?.validation).bpc;
        metrics.baselines = [...metrics.baselines.filter((b) => b.name !== CONTEXT_ONLY_BASELINE), { name: CONTEXT_ONLY_BASELINE, bpc: alone }];
      }
    }
  }
  /** The copy of the stack that read the validation files at the best evaluation: saved with the best checkpoint. */
  let fitted: MixScore | undefined;
  let lastMixBpc = NaN;
  let bestMixBpc = Math.min(Infinity, ...comparable.map((p) => p.mixBpc ?? NaN).filter((x) => Number.isFinite(x)));
  let bestSnapshot: Checkpoint | undefined;

  const batcher = new StreamBatcher(input.trainBytes, train.batchSize, train.seqLength);
  const model = new TrainableModel(config, resume?.weights ?? initWeights(config, train.seed), resume?.optimizer);
  let step = startStep;
  let charsSeen = resume?.charsSeen ?? 0;

  input.onEvent({ kind: 'started', run, startStep, charsSeen, history: metrics, trainBytes: input.trainBytes.length, validationBytes: input.validationBytes.length, parameters: parameterCount(config), model: config, train, corpus: input.corpus });

  const runStart = Date.now();
  const runSeconds = () => (Date.now() - runStart) / 1000;
  let runSteps = 0;
  let runChars = 0;
  // Window since the last logged point / since the last evaluation.
  let logNats = 0;
  let logChars = 0;
  let logSteps = 0;
  let logClipped = 0;
  let logStart = Date.now();
  let evalNats = 0;
  let evalChars = 0;
  let lastTrainBpc = NaN;
  let lastValBpc = NaN;
  let evalsWithoutImprovement = 0;
  let stepsSinceEval = 0;
  let bestWritten = false;
  let reason: TrainingStopReason | undefined;

  const contextSection = () => (fitted ? stackToSection(fitted.stack, { trainBytes: input.trainBytes.length, fittedBytes: fitted.bytes }) : undefined);
  const checkpoint = (withOptimizer: boolean, weights: Weights = model.weights()): Checkpoint => ({
    model: config,
    train,
    step,
    charsSeen,
    weights,
    optimizer: withOptimizer ? model.optimizer.exportState() : undefined,
    metrics,
    corpus: input.corpus,
    savedAt: new Date().toISOString(),
    context: withOptimizer ? undefined : contextSection(),
    base,
  });
  let latestWrittenAt = -1;
  const writeLatest = () => {
    if (latestWrittenAt === step) return;
    latestWrittenAt = step;
    writeCheckpointAtomic(input.latestCheckpointPath, checkpoint(true));
    input.onEvent({ kind: 'checkpoint', path: input.latestCheckpointPath, step, charsSeen, best: false });
  };
  const writeBest = () => {
    bestSnapshot = checkpoint(false);
    writeCheckpointAtomic(input.bestCheckpointPath, bestSnapshot);
    bestWritten = true;
    input.onEvent({ kind: 'checkpoint', path: input.bestCheckpointPath, step, charsSeen, best: true });
  };

  /** Validates, records the point, keeps the best checkpoint. False if stopped midway. */
  const validate = (): boolean => {
    const trainBpc = bitsPerChar(evalNats, evalChars);
    let valBpc = NaN;
    let mix: MixScore | undefined;
    if (input.validationBytes.length >= 2) {
      // With context models, the windows tile the start of the validation text, so the stack can read whole files.
      const result = evaluateParams(model.params, config, input.validationBytes, { maxBytes: evalMaxBytes, shouldStop: input.shouldStop, ...(stack ? { collectProbs: true, ...STACK_WINDOWS } : {}) });
      if (!result) return false;
      valBpc = result.bpc;
      if (stack && result.probs) mix = scoreValidation(stack, input.validationBytes, result.windows, result.probs, input.languages?.validation);
    }
    const point: EvalPoint = { run, step, elapsedSec: elapsedBefore + runSeconds(), valBpc, valPerplexity: perplexityFromBpc(valBpc), trainBpc, ...(mix ? { mixBpc: mix.bpc } : {}) };
    // The whole stack's score decides which checkpoint is best; else the network's; without validation text, the training score.
    const score = Number.isFinite(selectionScore(point)) ? selectionScore(point) : trainBpc;
    const best = score < bestScore;
    metrics.eval.push(point);
    input.onEvent({ kind: 'eval', point, best });
    lastValBpc = valBpc;
    lastMixBpc = mix?.bpc ?? NaN;
    if (Number.isFinite(valBpc)) bestValBpc = Math.min(bestValBpc, valBpc);
    if (mix) bestMixBpc = Math.min(bestMixBpc, mix.bpc);
    evalNats = 0;
    evalChars = 0;
    stepsSinceEval = 0;
    if (best) {
      bestScore = score;
      evalsWithoutImprovement = 0;
      if (mix) fitted = mix;
      writeBest();
    } else evalsWithoutImprovement++;
    writeLatest();
    return true;
  };

  try {
    for (;;) {
      if (input.shouldStop()) reason = 'stopped';
      else if (train.maxSteps > 0 && runSteps >= train.maxSteps) reason = 'steps';
      else if (train.maxMinutes > 0 && runSeconds() >= train.maxMinutes * 60) reason = 'budget';
      else if (train.patience > 0 && evalsWithoutImprovement >= train.patience) reason = 'plateau';
      if (reason) break;

      const chunk = batcher.chunk(step);
      if (chunk.resetState) model.resetState();
      const progress = budgetProgress(train, runSteps, runSeconds());
      const learningRate = learningRateAt(train, runSteps, progress);
      const result = model.step(chunk.inputs, chunk.targets, batcher.batch, learningRate, train.clipNorm);
      if (!Number.isFinite(result.loss)) throw new Error(`training diverged at step ${step + 1} (loss ${result.loss}); try a lower learning rate`);
      const nats = result.loss * chunk.inputs.length;
      step++;
      runSteps++;
      stepsSinceEval++;
      charsSeen += chunk.chars;
      runChars += chunk.chars;
      logNats += nats;
      logChars += chunk.chars;
      logSteps++;
      if (result.clipped) logClipped++;
      evalNats += nats;
      evalChars += chunk.chars;

      if (runSteps % logEvery === 0) {
        const now = Date.now();
        lastTrainBpc = bitsPerChar(logNats, logChars);
        const point: TrainPoint = {
          run,
          step,
          elapsedSec: elapsedBefore + runSeconds(),
          bpc: lastTrainBpc,
          gradNorm: result.gradNorm,
          clipped: result.clipped,
          windowSteps: logSteps,
          clippedSteps: logClipped,
          learningRate,
          charsPerSec: logChars / Math.max(1e-3, (now - logStart) / 1000),
        };
        metrics.train.push(point);
        const fraction = budgetProgress(train, runSteps, runSeconds());
        const etaSec = fraction > 0 && (train.maxSteps > 0 || train.maxMinutes > 0) ? (runSeconds() * (1 - fraction)) / fraction : undefined;
        input.onEvent({ kind: 'step', point, fraction, etaSec });
        logNats = 0;
        logChars = 0;
        logSteps = 0;
        logClipped = 0;
        logStart = now;
      }
      if (runSteps % evalEvery === 0) {
        if (!validate()) {
          reason = 'stopped';
          break;
        }
        logStart = Date.now(); // chars/s counts training time, not validation
      }
      // Let the process handle messages (a stop request) before the next step.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }

    // Score the last stretch unless asked to stop (stopping must be quick).
    if (reason !== 'stopped' && stepsSinceEval > 0 && !validate()) reason = 'stopped';
    if (!bestWritten && (!resume || input.fromBase)) writeBest();
    writeLatest();
    // The best checkpoint's context models also learn the validation files (the mixer stays
    // as fitted), so the editor can copy from every file of the workspace.
    if (reason !== 'stopped' && fitted && bestSnapshot) {
      const validation = splitJoinedFilesWithLanguages(input.validationBytes, input.languages?.validation);
      learnContexts(fitted.stack, validation.files, validation.languages);
      writeCheckpointAtomic(input.bestCheckpointPath, { ...bestSnapshot, metrics, context: contextSection(), savedAt: new Date().toISOString() });
      input.onEvent({ kind: 'checkpoint', path: input.bestCheckpointPath, step: bestSnapshot.step, charsSeen: bestSnapshot.charsSeen, best: true });
    }
  } finally {
    model.dispose();
  }

  const seconds = runSeconds();
  const summary: TrainingSummary = {
    steps: runSteps,
    chars: runChars,
    charsPerSec: runChars / Math.max(1e-3, seconds),
    trainBpc: Number.isFinite(lastTrainBpc) ? lastTrainBpc : bitsPerChar(logNats, logChars),
    valBpc: lastValBpc,
    valPerplexity: perplexityFromBpc(lastValBpc),
    bestValBpc: Number.isFinite(bestValBpc) ? bestValBpc : NaN,
    mixBpc: lastMixBpc,
    bestMixBpc: Number.isFinite(bestMixBpc) ? bestMixBpc : NaN,
  };
  input.onEvent({ kind: 'finished', reason: reason ?? 'stopped', summary });
  return summary;
}

/**
 * With context models, validation windows tile the start of the validation text (so the
 * stack reads whole files, ./contextStack.ts) and are 512 bytes or more (64 streams of 32 KB),
 * about the text the network reads before a suggestion in the editor.
 */
const STACK_WINDOWS = { contiguous: true, streams: 64 } as const;

/** What decides the best checkpoint: the whole stack's validation score when there is one, else the network's. */
function selectionScore(point: EvalPoint): number {
  return point.mixBpc !== undefined && Number.isFinite(point.mixBpc) ? point.mixBpc : point.valBpc;
}
