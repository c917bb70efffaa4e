// The words a user reads about the model: what it is, how good it is on which files and by
// which measure, against what, which way is better, and what would help. The status bar, its
// tooltip, the end-of-training notification, the progress notification and the panel all
// write their figures with these functions (and progress.ts), so they say the same thing.
// Pure.
import type { TrainingStopReason } from '../trainingEvents';
import type { Comparison, ModelScore } from './modelScore';
import type { ModelOrigin } from '../modelOrigin';
import { formatBitsPerChar, formatChangeSize, formatCount, formatDuration, formatPerplexity } from './numbers';
import type { TrainingEffect } from './trainingEffect';
import { progressWords, type RunProgress } from './progress';

/** "ppl 2.31": the status bar's figure, only when it was measured on this workspace's files. */
export function statusFigure(score: ModelScore): string | undefined {
  return score.files === 'workspace' && score.measured !== 'none' ? `ppl ${formatPerplexity(score.bpc)}` : undefined;
}

/** What the model in use is, in one sentence. `workspaceSteps`: the steps trained on this workspace. */
export function modelSentence(origin: ModelOrigin, step: number, workspaceSteps?: number): string {
  const base = `the base model shipped with Recur, trained on public code (${formatCount(step)} steps)`;
  if (origin === 'base') return `Suggestions use ${base}, not on this workspace.`;
  if (origin === 'baseReadWorkspace')
    return `Suggestions use ${base}, with this workspace's files read into its context models, so it can copy this workspace's names; its network is not trained on this workspace.`;
  const fineTuned = workspaceSteps !== undefined && workspaceSteps < step;
  return `Suggestions use the model trained on this workspace${fineTuned ? ' (fine-tuned from the base model)' : ''}, as saved at its best validation, after ${formatCount(workspaceSteps ?? step)} steps.`;
}

/** Which files the score was measured on. */
function filesPhrase(score: ModelScore): string {
  if (score.files === 'baseCorpus') return "the base corpus's held-out files, not this workspace's";
  const n = score.heldOutFiles;
  return n === undefined ? "this workspace's held-out files" : `this workspace's ${formatCount(n)} held-out file${n === 1 ? '' : 's'}`;
}

/**
 * The score in two sentences: the figures (which files, which measure, lower is better) and
 * the comparison with the baselines on the same files. One sentence when not measured.
 */
export function scoreSentences(score: ModelScore): string[] {
  if (score.measured === 'none') return [score.files === 'workspace' ? "Not validated on this workspace's held-out files yet." : 'No validation recorded for this model.'];
  const main = `${formatPerplexity(score.bpc)} (${formatBitsPerChar(score.bpc)} bits/char)`;
  const what =
    score.measured === 'stack'
      ? `${main} with the context models, as suggestions use it; ${formatPerplexity(score.networkBpc)} for the network alone`
      : `${main} for the network alone${score.files === 'baseCorpus' ? ' (with its context models, as suggestions use it, the model was not measured on those files)' : ' (no context models)'}`;
  const sentences = [`Perplexity per character on ${filesPhrase(score)} (lower is better): ${what}.`];
  const compared = comparisonSentence(score.comparisons);
  if (compared) sentences.push(compared);
  return sentences;
}

/** When the "before" figure was measured: "Before this workspace's training", or the start of the first run that was measured. */
export function effectSubject(effect: TrainingEffect): string {
  if (effect.sinceFirstRun) return effect.fromBase ? "Before this workspace's training (the base model)" : "Before this workspace's training";
  return `At the start of run ${formatCount(effect.beforeRun)} (step ${formatCount(effect.beforeStep)}; earlier runs were not measured before training)`;
}

/** "18.3% fewer bits per character (better)", "2.1% more bits per character (worse)", "no change in bits per character". */
export function changeWords(change: number): string {
  const size = formatChangeSize(change);
  if (size === '0.0%') return 'no change in bits per character';
  return change < 0 ? `${size} fewer bits per character (better)` : `${size} more bits per character (worse)`;
}

/**
 * What training on this workspace did, on the same held-out files, by the same measure as
 * scoreSentences: before, now (the model in use) and the change in bits per character; the
 * network alone after it. Undefined when not measured.
 */
export function effectSentence(score: ModelScore): string | undefined {
  const e = score.effect;
  if (!e) return undefined;
  const figure = (bpc: number) => `${formatPerplexity(bpc)} (${formatBitsPerChar(bpc)} bits/char)`;
  const measure = e.measured === 'stack' ? 'with the context models' : 'for the network alone';
  const files = e.sameRun ? 'on the same files' : 'on the held-out files of that run';
  const main = `${effectSubject(e)}, ${files}: ${figure(e.before)} ${measure}; now ${figure(e.now)}, ${changeWords(e.change)}.`;
  if (e.measured !== 'stack' || !Number.isFinite(e.networkChange)) return main;
  return `${main} The network alone: ${formatPerplexity(e.networkBefore)} before, ${formatPerplexity(e.networkNow)} now, ${changeWords(e.networkChange)}.`;
}

/** "Worse than brotli (2.79); better than a 4-gram model (6.07) on the same files." Worse first. */
export function comparisonSentence(comparisons: readonly Comparison[]): string | undefined {
  const list = (model: Comparison['model']) => comparisons.filter((c) => c.model === model).map((c) => `${c.short} (${formatPerplexity(c.bpc)})`);
  const join = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
  const parts: string[] = [];
  const worse = list('worse');
  const same = list('same');
  const better = list('better');
  if (worse.length) parts.push(`worse than ${join(worse)}`);
  if (same.length) parts.push(`about the same as ${join(same)}`);
  if (better.length) parts.push(`better than ${join(better)}`);
  if (parts.length === 0) return undefined;
  const text = parts.join('; ');
  return `${text[0].toUpperCase()}${text.slice(1)} on the same files.`;
}

/** The panel's headline for the score. */
export function levelTitle(score: ModelScore): string {
  if (score.measured === 'none') return score.files === 'workspace' ? 'Not validated on this workspace yet' : 'Not measured';
  switch (score.level) {
    case 'ahead':
      return 'Better than the simple baselines';
    case 'between':
      return 'Better than some simple baselines, not all';
    case 'behind':
      return 'Not yet useful: worse than the simple baselines';
    case 'unknown':
      return 'No baseline to compare with';
  }
}

/** What would help, when the model is not ahead (undefined otherwise). */
export function adviceSentence(score: ModelScore, maxMinutes: number | undefined): string | undefined {
  if (score.origin !== 'workspace') return 'Train on Workspace fine-tunes it on this workspace and measures it on held-out files of this workspace.';
  if (score.level === 'ahead' || score.measured === 'none') return undefined;
  const budget = maxMinutes !== undefined && maxMinutes > 0 ? ` (each run is ${formatCount(maxMinutes)} minute${maxMinutes === 1 ? '' : 's'}: recur.training.maxMinutes)` : '';
  return `Train longer: Continue Training picks up where the last run stopped${budget}.`;
}

const REASON_TEXT: Record<TrainingStopReason, string> = {
  budget: 'used its time budget',
  steps: 'reached its step budget',
  plateau: 'stopped improving',
  stopped: 'was stopped',
};

/** "Recur: training used its time budget after 5 min, 1,234 steps." then the score and the advice, as the tooltip says them. */
export function endOfTrainingMessage(reason: TrainingStopReason, steps: number, seconds: number, score: ModelScore, maxMinutes: number | undefined): string {
  const head = `Recur: training ${REASON_TEXT[reason]} after ${formatDuration(seconds)}${steps > 0 ? `, ${formatCount(steps)} steps` : ''}.`;
  if (score.measured === 'none') return `${head} ${steps > 0 ? 'No validation yet: the model is kept as it is.' : 'The last good model is kept.'}`;
  return [head, ...scoreSentences(score), effectSentence(score), adviceSentence(score, maxMinutes)].filter(Boolean).join(' ');
}

/** The short figure of a score while training: "held-out perplexity 2.31 with the context models (best so far)". */
export function bestSoFarPhrase(score: ModelScore): string | undefined {
  if (score.measured === 'none') return undefined;
  return `held-out perplexity ${formatPerplexity(score.bpc)} ${score.measured === 'stack' ? 'with the context models' : 'of the network alone'} (best so far)`;
}

/** The progress notification's line while stepping: "43% · about 3 min left · step 1,234 · held-out perplexity 2.31 ... (best so far)". */
export function progressMessage(progress: RunProgress, step: number | undefined, score: ModelScore | undefined): string {
  const parts = [progressWords(progress).short];
  if (step !== undefined) parts.push(`step ${formatCount(step)}`);
  const best = score && bestSoFarPhrase(score);
  if (best) parts.push(best);
  return parts.join(' · ');
}
