// The training loop (driven by trainingJob.ts, for the training process and the CLI): read
// top to bottom, runTraining is the loop and the functions below it are its steps, in order:
// build the context models, validate the starting model, then until stopReason says: trainStep, logStep every logEvery
// steps, validate every evalEvery steps; a last validation; the final checkpoints
// (runCheckpoints.ts). Where the run stands is a TrainingRun (trainingRun.ts).
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
//     (../../shared/trainingEvents.ts): started, startEval, step (every logEvery steps), eval, checkpoint, finished.
//     input.backend computes the steps and the validation (./backend.ts); the entry point
//     chose it (./chooseBackend.ts): nothing here knows which.
//
// Events: 'started' carries the metrics history including this run's new RunInfo;
// 'startEval' once, before the first step (the model the run starts from, scored as the
// validations score it: one validation more per run, before the run's clock starts);
// 'step' every logEvery steps (TrainPoint: bpc averaged over those steps, gradNorm/clipped
// of the last one); 'eval' every evalEvery steps and once at the end unless stopped
// (validation bpc on at most evalMaxBytes bytes, best = new lowest); 'checkpoint' after each
// atomic write (best: weights only; latest: with Adam state, written at every evaluation
// and at the end); 'finished' last, also when stopped. Errors (e.g. divergence) reject
// the promise after disposing the network; no 'finished' event then.
//
// Conventions: a resumed run keeps the checkpoint's model config (input.model is ignored)
// and uses input.train for this run (budget, learning rate...). maxSteps / maxMinutes
// count this run only. The learning rate warms up over the run's first warmupSteps and
// decays (cosine) over its budget (schedule.ts). TrainingSummary.steps / chars count this
// run; the checkpoint's step / charsSeen count all runs.
import { validateModelConfig } from '../model/config';
import { CONTEXT_ONLY_BASELINE, type EvalPoint, perplexityFromBpc, type TrainPoint } from '../../shared/metrics';
import { initWeights } from '../model/initWeights';
import { parameterCount } from '../model/weights';
import type { PredictorStack } from '../predict/predictorStack';
import { StreamBatcher } from './batcher';
import { buildContextStack, type MixScore, scoreValidation } from '../index/contextStack';
import { sectionProblem, stackFromSection } from '../predict/stackState';
import { evaluationWindows } from '../evaluate/evaluation';
import type { TrainingStopReason, TrainingSummary } from '../../shared/trainingEvents';
import { budgetProgress, learningRateAt } from './schedule';
import type { StepResult, TrainableNetwork } from './backend';
import { RunCheckpoints } from './runCheckpoints';
import type { TrainingInput } from './trainingInput';
import { TrainingRun } from './trainingRun';

export type { TrainingInput } from './trainingInput';

export async function runTraining(input: TrainingInput): Promise<TrainingSummary> {
  const config = input.resume ? input.resume.model : input.model;
  validateModelConfig(config);
  const run = new TrainingRun(input, config);
  const stack = await buildContextModels(input, run);
  const batcher = new StreamBatcher(input.trainBytes, input.train.batchSize, input.train.seqLength);
  const network = input.backend.createNetwork(config, input.resume?.weights ?? initWeights(config, input.train.seed), input.resume?.optimizer);
  const checkpoints = new RunCheckpoints(input, config, run, network);
  input.onEvent({
    kind: 'started',
    run: run.number,
    startStep: run.startStep,
    charsSeen: run.charsSeen,
    history: run.metrics,
    trainBytes: input.trainBytes.length,
    validationBytes: input.validationBytes.length,
    parameters: parameterCount(config),
    backend: { name: input.backend.name, description: input.backend.description },
    model: config,
    train: input.train,
    corpus: input.corpus,
  });
  try {
    validateStart(input, run, network, stack); // stopped midway: stopReason hears it
    run.startClock();
    for (;;) {
      run.reason = stopReason(input, run);
      if (run.reason) break;
      const { result, learningRate } = trainStep(input, run, batcher, network);
      if (run.steps % run.logEvery === 0) logStep(input, run, result, learningRate);
      if (run.steps % run.evalEvery === 0) {
        if (!validate(input, run, network, stack, checkpoints)) {
          run.reason = 'stopped';
          break;
        }
        run.log.started = Date.now(); // chars/s counts training time, not validation
      }
      await new Promise<void>((resolve) => setImmediate(resolve)); // a stop request is heard between steps
    }
    // Score the last stretch unless asked to stop (stopping must be quick).
    if (run.reason !== 'stopped' && run.stepsSinceEval > 0 && !validate(input, run, network, stack, checkpoints)) run.reason = 'stopped';
    checkpoints.writeFinal(run.reason === 'stopped');
  } finally {
    network.dispose();
  }
  const summary = summarize(run);
  input.onEvent({ kind: 'finished', reason: run.reason ?? 'stopped', summary });
  return summary;
}

/**
 * The context models read the training files first (seconds per megabyte; 'context' events),
 * and their score alone on the validation text becomes a baseline. Undefined without context
 * models, or when stopped midway.
 */
async function buildContextModels(input: TrainingInput, run: TrainingRun): Promise<PredictorStack | undefined> {
  if (!input.context || input.trainBytes.length === 0) return undefined;
  const started = Date.now();
  const bytes = Math.min(input.trainBytes.length, input.context.sizes.maxLearnBytes ?? Infinity);
  const report = (fraction: number, done: boolean) => input.onEvent({ kind: 'context', fraction, done, seconds: (Date.now() - started) / 1000, bytes });
  const stack = await buildContextStack(input.trainBytes, input.context.sizes, input.shouldStop, (fraction) => report(fraction, false), input.languages?.train, baseWeighing(input));
  if (!stack) return undefined;
  report(1, true);
  const windows = evaluationWindows(input.validationBytes.length, { maxBytes: run.evalMaxBytes, ...STACK_WINDOWS });
  if (windows.length >= 2) {
    const alone = scoreValidation(stack, input.validationBytes, windows, undefined, input.languages?.validation).bpc;
    run.metrics.baselines = [...run.metrics.baselines.filter((b) => b.name !== CONTEXT_ONLY_BASELINE), { name: CONTEXT_ONLY_BASELINE, bpc: alone }];
  }
  return stack;
}

/** The stack of the base model this run fine-tunes, when it has one this Recur can use: the training's context models start from its weighing. */
function baseWeighing(input: TrainingInput): PredictorStack | undefined {
  const section = input.fromBase ? input.resume?.context : undefined;
  return section && !sectionProblem(section) ? stackFromSection(section) : undefined;
}

/** Why the run ends before its next step, if it does: asked to, its step or time budget spent, or no progress for `patience` evaluations. */
function stopReason(input: TrainingInput, run: TrainingRun): TrainingStopReason | undefined {
  const { train } = input;
  if (input.shouldStop()) return 'stopped';
  if (train.maxSteps > 0 && run.steps >= train.maxSteps) return 'steps';
  if (train.maxMinutes > 0 && run.seconds() >= train.maxMinutes * 60) return 'budget';
  if (train.patience > 0 && run.evalsWithoutImprovement >= train.patience) return 'plateau';
  return undefined;
}

/** One chunk of every stream (a new epoch starts from zeros) at the schedule's learning rate: one step of the network. */
function trainStep(input: TrainingInput, run: TrainingRun, batcher: StreamBatcher, network: TrainableNetwork): { result: StepResult; learningRate: number } {
  const { train } = input;
  const chunk = batcher.chunk(run.step);
  if (chunk.resetState) network.resetState();
  const learningRate = learningRateAt(train, run.steps, budgetProgress(train, run.steps, run.seconds()));
  const result = network.step(chunk.inputs, chunk.targets, batcher.batch, learningRate, train.clipNorm);
  if (!Number.isFinite(result.loss)) throw new Error(`training diverged at step ${run.step + 1} (loss ${result.loss}); try a lower learning rate`);
  run.countStep(result.loss * chunk.inputs.length, chunk.chars, result.clipped);
  return { result, learningRate };
}

/** A TrainPoint over the steps since the last one (gradNorm and clipped: the last step's), and a 'step' event with the share of the budget used. */
function logStep(input: TrainingInput, run: TrainingRun, result: StepResult, learningRate: number): void {
  const now = Date.now();
  const { log } = run;
  run.lastTrainBpc = log.bpc();
  const point: TrainPoint = {
    run: run.number,
    step: run.step,
    elapsedSec: run.elapsed(),
    bpc: run.lastTrainBpc,
    gradNorm: result.gradNorm,
    clipped: result.clipped,
    windowSteps: log.steps,
    clippedSteps: log.clipped,
    learningRate,
    charsPerSec: log.chars / Math.max(1e-3, (now - log.started) / 1000),
  };
  run.metrics.train.push(point);
  const { train } = input;
  const fraction = budgetProgress(train, run.steps, run.seconds());
  const etaSec = fraction > 0 && (train.maxSteps > 0 || train.maxMinutes > 0) ? (run.seconds() * (1 - fraction)) / fraction : undefined;
  input.onEvent({ kind: 'step', point, fraction, etaSec });
  log.reset(now);
}

/**
 * Scores the model the run starts from, as validate() scores it later (the cost: one more
 * validation, before the run's clock starts), and records it ('startEval' event): what the
 * run's training is measured against. Nothing is recorded when stopped midway.
 */
function validateStart(input: TrainingInput, run: TrainingRun, network: TrainableNetwork, stack: PredictorStack | undefined): void {
  if (input.validationBytes.length < 2) return;
  const started = Date.now();
  const scored = scoreValidationText(input, run, network, stack);
  if (!scored) return;
  const point = run.recordStartEval(scored.valBpc, scored.mix?.bpc);
  input.onEvent({ kind: 'startEval', point, seconds: (Date.now() - started) / 1000 });
}

/** Scores the validation text, records the point ('eval' event), keeps the best checkpoint and writes the latest. False if stopped midway. */
function validate(input: TrainingInput, run: TrainingRun, network: TrainableNetwork, stack: PredictorStack | undefined, checkpoints: RunCheckpoints): boolean {
  const trainBpc = run.sinceEval.bpc();
  const scored = scoreValidationText(input, run, network, stack);
  if (!scored) return false;
  const { valBpc, mix } = scored;
  const point: EvalPoint = { run: run.number, step: run.step, elapsedSec: run.elapsed(), valBpc, valPerplexity: perplexityFromBpc(valBpc), trainBpc, ...(mix ? { mixBpc: mix.bpc } : {}) };
  const best = run.recordEval(point);
  input.onEvent({ kind: 'eval', point, best });
  if (best) {
    if (mix) checkpoints.fitted = mix;
    checkpoints.writeBest();
  }
  checkpoints.writeLatest();
  return true;
}

/**
 * The network's bits per character on the validation text (NaN without one) and, with
 * context models, the whole stack's, its mixer fitted as it reads (a copy). Undefined if
 * stopped midway.
 */
function scoreValidationText(input: TrainingInput, run: TrainingRun, network: TrainableNetwork, stack: PredictorStack | undefined): { valBpc: number; mix?: MixScore } | undefined {
  if (input.validationBytes.length < 2) return { valBpc: NaN };
  // With context models, the windows tile the start of the validation text, so the stack can read whole files.
  const result = network.evaluate(input.validationBytes, { maxBytes: run.evalMaxBytes, shouldStop: input.shouldStop, ...(stack ? { collectProbs: true, ...STACK_WINDOWS } : {}) });
  if (!result) return undefined;
  return { valBpc: result.bpc, mix: stack && result.probs ? scoreValidation(stack, input.validationBytes, result.windows, result.probs, input.languages?.validation) : undefined };
}

/** This run's figures (TrainingSummary.steps and chars count this run only). */
function summarize(run: TrainingRun): TrainingSummary {
  const seconds = run.seconds();
  return {
    steps: run.steps,
    chars: run.chars,
    charsPerSec: run.chars / Math.max(1e-3, seconds),
    trainBpc: Number.isFinite(run.lastTrainBpc) ? run.lastTrainBpc : run.log.bpc(),
    valBpc: run.lastValBpc,
    valPerplexity: perplexityFromBpc(run.lastValBpc),
    bestValBpc: Number.isFinite(run.bestValBpc) ? run.bestValBpc : NaN,
    mixBpc: run.lastMixBpc,
    bestMixBpc: Number.isFinite(run.bestMixBpc) ? run.bestMixBpc : NaN,
  };
}

/**
 * With context models, validation windows tile the start of the validation text (so the
 * stack reads whole files, ../index/contextStack.ts) and are 512 bytes or more (64 streams of 32 KB),
 * about the text the network reads before a suggestion in the editor.
 */
const STACK_WINDOWS = { contiguous: true, streams: 64 } as const;
