// The training view's data as a pure reducer over training events: the metrics history and
// the run's configuration, from a checkpoint's header to start with, then from the events
// alone (the `started` event carries the model, training and corpus configuration; each
// `checkpoint` event the step and characters it records). It returns the panel messages each
// event makes. No vscode, no disk: TrainingFeed (trainingFeed.ts) holds the state.
import type { TrainingEvent } from '../../shared/trainingEvents';
import { emptyMetrics, type MetricsHistory } from '../../shared/metrics';
import type { HostMessage, RunConfig } from '../../shared/panelProtocol';
import type { CheckpointInfo } from '../../core/model/checkpoint';
import { parameterCount } from '../../core/model/weights';

export interface FeedState {
  metrics: MetricsHistory;
  config: RunConfig | undefined;
}

/** The state a checkpoint's header gives (none: nothing trained yet). */
export function feedFromCheckpoint(header: CheckpointInfo | undefined): FeedState {
  if (!header) return { metrics: emptyMetrics(), config: undefined };
  const config = { model: header.model, train: header.train, corpus: header.corpus, step: header.step, charsSeen: header.charsSeen, parameters: parameterCount(header.model) };
  return { metrics: header.metrics, config };
}

/** The whole history and configuration, as the webview gets it after a (re)load or a new run. */
export function historyMessage(state: FeedState): HostMessage {
  const m = state.metrics;
  return {
    type: 'history',
    history: { runs: [...m.runs], train: [...m.train], eval: [...m.eval], baselines: [...m.baselines], ...(m.startEval ? { startEval: [...m.startEval] } : {}) },
    config: state.config,
  };
}

export function reduceFeed(state: FeedState, event: TrainingEvent): { state: FeedState; messages: HostMessage[] } {
  switch (event.kind) {
    case 'started': {
      const config: RunConfig = { model: event.model, train: event.train, corpus: event.corpus, step: event.startStep, charsSeen: event.charsSeen, parameters: event.parameters };
      const next = { metrics: event.history, config };
      return { state: next, messages: [historyMessage(next)] };
    }
    case 'step': {
      const metrics = { ...state.metrics, train: [...state.metrics.train, event.point] };
      const config = state.config && { ...state.config, step: event.point.step };
      return { state: { metrics, config }, messages: [{ type: 'trainPoint', point: event.point }] };
    }
    case 'eval': {
      const metrics = { ...state.metrics, eval: [...state.metrics.eval, event.point] };
      return { state: { ...state, metrics }, messages: [{ type: 'evalPoint', point: event.point }] };
    }
    case 'startEval': {
      const metrics = { ...state.metrics, startEval: [...(state.metrics.startEval ?? []), event.point] };
      return { state: { ...state, metrics }, messages: [{ type: 'startEvalPoint', point: event.point }] };
    }
    case 'checkpoint': {
      if (!state.config) return { state, messages: [] };
      const config = { ...state.config, step: event.step, charsSeen: event.charsSeen };
      return { state: { ...state, config }, messages: [{ type: 'runConfig', config }] };
    }
    case 'finished':
    case 'context':
      return { state, messages: [] };
  }
}
