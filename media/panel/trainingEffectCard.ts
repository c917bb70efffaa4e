// The training view's "What training on this workspace did" card: the model's score on this
// workspace's held-out files before this workspace's training and now (the model in use), in
// the panel's chosen measure, and the change in bits per character; the network alone on a
// second line. The figures are ModelScore.effect's (src/shared/present/trainingEffect.ts) in
// the words of src/shared/present/modelWords.ts, as the status bar's tooltip and the
// end-of-training notification say them.
import type { MetricsHistory } from '../../src/shared/metrics';
import type { ModelScore } from '../../src/shared/present/modelScore';
import { effectSubject } from '../../src/shared/present/modelWords';
import { formatCount, formatSignedChange } from '../../src/shared/present/numbers';
import type { TrainingEffect } from '../../src/shared/present/trainingEffect';
import { isWorkspaceRun, workspaceScope } from '../../src/shared/present/workspaceHistory';
import { h, replaceChildren } from './dom';

/** Writes a figure (bits per character) in the panel's chosen measure. */
export type MetricWriter = (bpc: number) => string;

export function renderEffectCard(el: HTMLElement, history: MetricsHistory, score: ModelScore, metricName: string, value: MetricWriter): void {
  const effect = score.effect;
  el.dataset.measured = effect?.measured ?? 'none';
  const title = h('div', { class: 'card-header' }, h('h3', { class: 'card-title', text: 'What training on this workspace did' }));
  if (!effect) {
    replaceChildren(el, title, h('p', { class: 'card-note effect-missing', text: missingNote(history) }));
    return;
  }
  const figure = (label: string, figureClass: string, text: string, note: string) =>
    h('div', { class: 'effect-figure' }, h('div', { class: 'stat-label', text: label }), h('div', { class: `stat-value ${figureClass}`, text }), h('div', { class: 'stat-note', text: note }));
  const change = formatSignedChange(effect.change);
  const direction = change.startsWith('+') ? 'worse' : change.startsWith('\u2212') ? 'better' : 'same';
  replaceChildren(
    el,
    title,
    h('p', { class: 'card-note effect-what', text: whatSentence(effect, score, metricName) }),
    h(
      'div',
      { class: 'effect-figures' },
      h(
        'div',
        { class: 'effect-pair' },
        figure('Before', 'effect-before', value(effect.before), beforeNote(effect)),
        h('div', { class: 'effect-arrow', text: '→', attrs: { 'aria-hidden': 'true' } }),
        figure('Now', 'effect-now', value(effect.now), `the model in use · step ${formatCount(effect.nowStep)}`),
      ),
      figure('Change', `effect-change ${direction}`, change, 'in bits per character; lower is better'),
    ),
    networkLine(effect, value),
  );
}

/** Which model, which files, which measure. */
function whatSentence(effect: TrainingEffect, score: ModelScore, metricName: string): string {
  const n = score.heldOutFiles;
  const files = n === undefined ? "this workspace's held-out files" : `this workspace's ${formatCount(n)} held-out file${n === 1 ? '' : 's'}`;
  const what = effect.measured === 'stack' ? 'The whole stack (network and context models, as suggestions use it)' : 'The network alone (no context models were measured)';
  const since = effect.sameRun ? '' : ' (before: on the held-out files as they were when it was measured)';
  return `${what}: ${metricName} on ${files}, before this workspace's training and now${since}.`;
}

function beforeNote(effect: TrainingEffect): string {
  if (effect.sinceFirstRun) return `${effect.fromBase ? 'the base model' : 'a fresh network'} · step ${formatCount(effect.beforeStep)}`;
  return effectSubject(effect).replace(/^At the start of/, 'start of');
}

function networkLine(effect: TrainingEffect, value: MetricWriter): HTMLElement | null {
  if (effect.measured !== 'stack' || !Number.isFinite(effect.networkChange)) return null;
  return h('p', {
    class: 'card-note effect-network',
    text: `Network alone: ${value(effect.networkBefore)} → ${value(effect.networkNow)} (${formatSignedChange(effect.networkChange)} bits per character).`,
  });
}

/** Why there is no "before": not validated yet, or runs recorded before runs were measured at their start. */
function missingNote(history: MetricsHistory): string {
  const scope = workspaceScope(history);
  const started = (history.startEval ?? []).some((p) => isWorkspaceRun(scope, p.run));
  if (started) return "Measured before training; the figure after training comes with this run's first validation.";
  if (history.eval.some((p) => isWorkspaceRun(scope, p.run)))
    return "Not measured: this workspace's runs so far were not validated before their first step (their history predates that record). The next training run measures its starting model.";
  return 'Measured when training starts: the model as it was before training, then after.';
}
