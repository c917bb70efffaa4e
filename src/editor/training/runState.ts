// A training run as the editor follows it, as a pure reducer: given the run's state and a
// message from the training process (src/shared/workerProtocol.ts), or the process's exit, it
// returns the next state and what to show: the status (phase, fraction, validation
// perplexity, time left), the progress notification's line, the output channel's lines, the
// notice to show, the training event to pass on and, at the exit, the outcome and how to tell
// it. No vscode: TrainingController (trainingController.ts) forks the process and renders it.
import type { TrainingSpeed, TrainingState } from '../services';
import type { TrainingEvent, TrainingStopReason, TrainingSummary } from '../../shared/trainingEvents';
import type { WorkerMessage } from '../../shared/workerProtocol';
import { type BackendInfo, emptyMetrics, type MetricsHistory } from '../../shared/metrics';
import { type ModelScore, modelScore } from '../../shared/present/modelScore';
import { endOfTrainingMessage, progressMessage } from '../../shared/present/modelWords';
import { progressWords } from '../../shared/present/progress';
import type { TrainingPhase } from '../../shared/trainingEvents';
import { workspaceScope } from '../../shared/present/workspaceHistory';
import { contextBuiltLine, evalLine, finishedLine, hasStackScore, startEvalLine } from './runLog';

export type TrainingOutcome = RunOutcome | { kind: 'notStarted'; message: string };

/** How a run that started ended. */
export type RunOutcome = { kind: 'finished'; reason: TrainingStopReason; summary: TrainingSummary } | { kind: 'failed'; message: string };

export type WorkerError = Extract<WorkerMessage, { type: 'error' }>;

/** The training process has exited; `stopRequested`: the user asked it to stop; `at`: when (ms). */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stopRequested: boolean;
  at: number;
}

export interface RunState {
  /** What the status bar and the panel show. */
  status: TrainingState;
  /** The progress notification's line, and the largest fraction it has reported (its bar never goes back; the status shows the same fraction). */
  progress: { message: string; fraction: number };
  /** The last logged step, counted from this workspace's first run, and the trainer's estimate of the time left. */
  step: number | undefined;
  etaSec: number | undefined;
  /** The model's history as the run started, with this run's evaluations (for the score at the end). */
  history: MetricsHistory;
  /** Held-out files of this workspace (from the corpus message). */
  heldOutFiles: number | undefined;
  /** This run's logged speeds while stepping (chars/s). */
  speeds: number[];
  /** What trains the run (from the `started` event). */
  backend: BackendInfo | undefined;
  /** The error the process reported before exiting. */
  error: WorkerError | undefined;
  /** Set by the `finished` event, or else at the exit. */
  outcome: RunOutcome | undefined;
  /** When the run started (ms), and its time budget (for the verdict at the end). */
  startedAt: number;
  maxMinutes: number;
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** What one message makes the editor do; `state` is the run's next state. */
export interface RunUpdate {
  state: RunState;
  /** The new status, when it changes (onStateChange fires). */
  status?: TrainingState;
  /** Lines for the output channel, in order. */
  log: LogLine[];
  /** The notification's new line, and how far its bar moves (percent). */
  progress?: { message: string; increment: number | undefined };
  /** Something the user should see now (a warning). */
  notice?: string;
  /** The training event to pass on (onEvent fires). */
  event?: TrainingEvent;
}

/** How the end of a run is told: its result, or its failure with the way out that fits it. */
export type EndMessage =
  /** The result against the baselines (with the model panel one click away). */
  | { kind: 'result'; text: string }
  /** The checkpoint to continue cannot be read: offer to start fresh (it is moved aside first). */
  | { kind: 'unusableCheckpoint'; file: string; message: string }
  /** The workspace has nothing to train on, or another run holds the model: the message says it all. */
  | { kind: 'cannotTrain'; message: string }
  /** Anything else: the message, with the log. */
  | { kind: 'failed'; message: string };

export interface RunEnd extends RunUpdate {
  outcome: RunOutcome;
  message: EndMessage;
}

/** A run as it starts: reading the workspace. */
export function startRun(startedAt: number, maxMinutes: number): RunState {
  return {
    status: trainingStatus('reading', 0, undefined, undefined, undefined),
    progress: { message: `${progressWords({ phase: 'reading', fraction: 0, etaSec: undefined }).short}…`, fraction: 0 },
    step: undefined,
    etaSec: undefined,
    history: emptyMetrics(),
    heldOutFiles: undefined,
    speeds: [],
    backend: undefined,
    error: undefined,
    outcome: undefined,
    startedAt,
    maxMinutes,
  };
}

export function reduceMessage(state: RunState, message: WorkerMessage): RunUpdate {
  switch (message.type) {
    case 'log':
      return { state, log: [{ level: message.level, text: message.message }] };
    case 'notice':
      return { state, log: [{ level: 'warn', text: message.message }], notice: message.message };
    case 'error':
      return { state: { ...state, error: message }, log: [] };
    case 'corpus':
      return { state: { ...state, heldOutFiles: message.summary.validationFiles }, log: message.resumedFromStep === undefined ? [] : [info(`continuing from step ${message.resumedFromStep}`)] };
    case 'event':
      return { ...reduceEvent(state, message.event), event: message.event };
    case 'ready':
    case 'indexed':
    case 'indexProgress':
      return { state, log: [] };
  }
}

/** The process's exit settles the outcome: the `finished` event's, else the error it reported, else stopped (when asked to) or an unexpected end. */
export function reduceExit(state: RunState, exit: ProcessExit): RunEnd {
  const outcome = state.outcome ?? outcomeWithoutFinish(state.error, exit);
  const settled = { ...state, outcome };
  if (outcome.kind === 'failed') {
    const failure = { state: settled, outcome, log: [{ level: 'error' as const, text: `training failed: ${outcome.message}` }], message: failureMessage(state.error, outcome.message) };
    return withStatus(failure, { kind: 'failed', message: outcome.message });
  }
  const text = endOfTrainingMessage(outcome.reason, outcome.summary.steps, (exit.at - state.startedAt) / 1000, runScore(state), state.maxMinutes);
  return withStatus({ state: settled, outcome, log: [info(text)], message: { kind: 'result', text } }, { kind: 'idle' });
}

function reduceEvent(state: RunState, event: TrainingEvent): RunUpdate {
  switch (event.kind) {
    case 'context': {
      if (event.done) return { state, log: [info(contextBuiltLine(event.bytes, event.seconds))] };
      const words = progressWords({ phase: 'context', fraction: event.fraction, etaSec: undefined });
      return withStatus(report(state, `${words.short}…`), trainingStatus('context', event.fraction, undefined, undefined, undefined));
    }
    case 'started':
      return { ...report({ ...state, history: event.history, backend: event.backend }, 'measuring the model before training…'), log: [info(`training with ${event.backend.description}`)] };
    case 'step': {
      const point = event.point;
      const speeds = Number.isFinite(point.charsPerSec) ? [...state.speeds, point.charsPerSec] : state.speeds;
      const fraction = Math.max(state.progress.fraction, event.fraction);
      // Steps are counted from this workspace's first run, as the panel counts them (a fine-tuned model's step includes the base model's).
      const next = { ...state, step: point.step - workspaceScope(state.history).startStep, etaSec: event.etaSec, speeds };
      const score = runScore(next);
      const update = report(next, progressMessage({ phase: 'stepping', fraction, etaSec: event.etaSec }, next.step, score), event.fraction);
      const speed = state.backend ? { backend: state.backend, charsPerSec: point.charsPerSec } : undefined;
      return withStatus(update, trainingStatus('stepping', fraction, event.etaSec, next.step, score, speed));
    }
    case 'startEval': {
      const history = { ...state.history, startEval: [...(state.history.startEval ?? []), event.point] };
      return { state: { ...state, history }, log: [info(startEvalLine(event.point, event.seconds))] };
    }
    case 'eval': {
      const history = { ...state.history, eval: [...state.history.eval, event.point] };
      const next = { ...state, history };
      const score = runScore(next);
      const line = progressMessage({ phase: 'stepping', fraction: state.progress.fraction, etaSec: state.etaSec }, state.step, score);
      const update = { ...report(next, line), log: [info(evalLine(event.point, event.best, usedPerplexity(event.point)))] };
      return state.status.kind === 'training' ? withStatus(update, { ...state.status, score }) : update;
    }
    case 'finished':
      return { state: { ...state, outcome: { kind: 'finished', reason: event.reason, summary: event.summary } }, log: [info(finishedLine(event.reason, event.summary, state.speeds))] };
    case 'checkpoint':
      return { state, log: [] };
  }
}

/** The notification's next line; with a fraction, its bar moves by what was gained since the largest one reported. */
function report(state: RunState, message: string, fraction?: number): RunUpdate {
  const reported = state.progress.fraction;
  const increment = fraction === undefined ? undefined : Math.max(0, fraction - reported) * 100;
  const progress = { message, fraction: fraction === undefined ? reported : Math.max(reported, fraction) };
  return { state: { ...state, progress }, log: [], progress: { message, increment } };
}

function withStatus<U extends RunUpdate>(update: U, status: TrainingState): U {
  return { ...update, state: { ...update.state, status }, status };
}

function outcomeWithoutFinish(error: WorkerError | undefined, exit: ProcessExit): RunOutcome {
  if (error) return { kind: 'failed', message: error.message };
  if (exit.stopRequested) return { kind: 'finished', reason: 'stopped', summary: emptySummary() };
  return { kind: 'failed', message: `the training process ended unexpectedly (${exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`})` };
}

function failureMessage(error: WorkerError | undefined, message: string): EndMessage {
  if (error?.kind === 'checkpoint' && error.file) return { kind: 'unusableCheckpoint', file: error.file, message: error.message };
  if (error?.kind === 'corpus' || error?.kind === 'locked') return { kind: 'cannotTrain', message: error.message };
  return { kind: 'failed', message };
}

function trainingStatus(phase: TrainingPhase, fraction: number, etaSec: number | undefined, step: number | undefined, score: ModelScore | undefined, speed?: TrainingSpeed): TrainingState {
  return { kind: 'training', phase, fraction, etaSec, step, score, ...(speed ? { speed } : {}) };
}

/** The run's score so far on this workspace's held-out files: what its best checkpoint scores. */
export function runScore(state: Pick<RunState, 'history' | 'heldOutFiles'>): ModelScore {
  return modelScore(state.history, 'workspace', state.heldOutFiles);
}

/** The perplexity of what the editor uses: the whole stack's when it was measured, else the network's. */
function usedPerplexity(point: MetricsHistory['eval'][number]): number {
  return hasStackScore(point) ? Math.pow(2, point.mixBpc) : point.valPerplexity;
}

function emptySummary(): TrainingSummary {
  return { steps: 0, chars: 0, charsPerSec: 0, trainBpc: NaN, valBpc: NaN, valPerplexity: NaN, bestValBpc: NaN, mixBpc: NaN, bestMixBpc: NaN };
}

function info(text: string): LogLine {
  return { level: 'info', text };
}
