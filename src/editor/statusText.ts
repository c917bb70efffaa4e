// The status bar item's text and tooltip for a state, in the words of src/shared/present/
// (the notifications and the panel use the same). Pure: no vscode (statusBar.ts shows it).
import type { EditorSuggestionStatus, SuggestionState, TrainingState } from './services';
import type { CheckpointSummary } from './training/checkpointSummary';
import { adviceSentence, effectSentence, modelSentence, scoreSentences, statusFigure } from '../shared/present/modelWords';
import { progressWords } from '../shared/present/progress';
import { formatCount } from '../shared/present/numbers';
import { TRAIN_OPTIONS } from '../core/model/config';
import { formatMegabytes, type IndexProgress } from '../shared/indexSummary';

export interface DescribeContext {
  maxMinutes: number;
  /** The workspace index's first build, while it runs. */
  indexing?: IndexProgress;
}

/**
 * The status bar's text and tooltip for a state. Pure. The tooltip's first line is a
 * sentence that reads well after "Recur: " (the actions list's placeholder).
 */
export function describe(
  training: TrainingState,
  model: CheckpointSummary | undefined,
  suggestions: SuggestionState,
  editor: EditorSuggestionStatus = { kind: 'noEditor' },
  context: DescribeContext = { maxMinutes: TRAIN_OPTIONS.maxMinutes.default },
): { text: string; tooltip: string } {
  let text: string;
  const lines: string[] = [];
  if (training.kind === 'training') {
    const progress = progressWords(training);
    text = `$(sync~spin) Recur: training ${progress.short}`;
    const at = training.phase === 'stepping' && training.step !== undefined ? ` (step ${formatCount(training.step)})` : '';
    lines.push(`Training on this workspace: ${progress.short}${at}. Click to stop it or see the model panel.`);
    if (training.speed) lines.push(`Training with ${training.speed.backend.description}: ${formatCount(training.speed.charsPerSec)} characters per second.`);
    if (training.score && training.score.measured !== 'none') lines.push(`Best so far: ${lowerFirst(scoreSentences(training.score).join(' '))}`);
    const effect = training.score && effectSentence(training.score);
    if (effect) lines.push(effect);
    if (model)
      lines.push(
        model.origin === 'workspace' && training.score?.measured !== 'none'
          ? modelSentence(model.origin, model.step, model.workspaceSteps)
          : `Until the run saves its first model, ${lowerFirst(modelSentence(model.origin, model.step, model.workspaceSteps))}`,
      );
  } else if (model && context.indexing) {
    const { phase, files, bytes } = context.indexing;
    const done = phase === 'learning' ? 'learned' : 'read';
    text = phase === 'listing' ? `$(sync~spin) Recur: indexing (${formatCount(files)} files found)` : `$(sync~spin) Recur: indexing ${formatCount(files)} files · ${formatMegabytes(bytes)} ${done}`;
    lines.push(
      `Reading this workspace into the base model's index, the files you edit first: ${formatCount(files)} files, ${formatMegabytes(bytes)} ${done} so far. Suggestions use what it has read.`,
    );
  } else if (model) {
    const failed = training.kind === 'failed';
    const figure = statusFigure(model.score);
    text = `${failed ? '$(warning)' : '$(circuit-board)'} Recur: ${model.origin === 'workspace' ? `ready${figure ? ` · ${figure}` : ''}` : 'base model'}`;
    lines.push(modelSentence(model.origin, model.step, model.workspaceSteps));
    lines.push(...scoreSentences(model.score));
    const effect = effectSentence(model.score);
    if (effect) lines.push(effect);
    const advice = adviceSentence(model.score, context.maxMinutes);
    if (advice) lines.push(advice);
    if (failed) lines.push(`The last training run failed: ${training.message}`);
  } else if (training.kind === 'failed') {
    text = '$(warning) Recur: no model';
    lines.push(`Training failed: ${training.message}`);
  } else {
    text = '$(circuit-board) Recur: no model';
    lines.push('No model for this workspace yet. Click to train one.');
  }
  if (suggestions.kind === 'off') text += ' $(circle-slash)';
  else if (suggestions.kind === 'snoozed' && suggestions.untilMs > Date.now()) text += ' $(clock)';
  lines.push(whyNoSuggestion(suggestions, model !== undefined, editor));
  return { text, tooltip: lines.join('\n') };
}

function lowerFirst(sentence: string): string {
  return sentence[0].toLowerCase() + sentence.slice(1);
}

/** One line: whether suggestions show in the current editor, and if not, why. */
export function whyNoSuggestion(suggestions: SuggestionState, hasModel: boolean, editor: EditorSuggestionStatus): string {
  const where = editor.kind === 'noEditor' ? '' : ` (${editor.languageId} file)`;
  if (suggestions.kind === 'off') return 'Inline suggestions are off (Recur: Toggle Inline Suggestions).';
  if (suggestions.kind === 'snoozed' && suggestions.untilMs > Date.now()) return `Inline suggestions are snoozed until ${new Date(suggestions.untilMs).toLocaleTimeString()}.`;
  if (suggestions.kind === 'unavailable') return `Inline suggestions are unavailable: ${suggestions.reason}`;
  if (!hasModel) return 'No suggestions until a model is trained.';
  switch (editor.kind) {
    case 'noEditor':
      return 'Inline suggestions are on.';
    case 'languageOff':
      return `No suggestions in this editor${where}: ${editor.languageId} is off in recur.completions.languages.`;
    case 'waiting':
      return `Suggestions are on in this editor${where}: they appear as you type.`;
    case 'shown':
      return `Suggestions are on in this editor${where}; the last one had an estimated ${Math.round(editor.acceptProbability * 100)}% chance of being accepted.`;
    case 'lowConfidence':
      return `No suggestion at the cursor${where}: low confidence. The model's best guess was below the acceptance threshold (recur.completions.minAcceptProbability ${editor.threshold}).`;
  }
}
