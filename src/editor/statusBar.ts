// The model's state at a glance: "no model", "training 43% · ppl 5.1", "ready · ppl 3.9",
// with the suggestions' state (off / snoozed) shown subtly. The tooltip says it plainly: how
// the model compares with the baselines on the same files and what would help
// (shared/verdict.ts), and why no suggestion shows in the current editor (suggestions
// off, snoozed, no model, the language switched off, low confidence). Clicking offers the
// actions. Reads the model's checkpoint header (not its weights) when the model changes.
import * as vscode from 'vscode';
import type { ModelStore } from './modelStore';
import type { TrainingController } from './training/trainingController';
import type { EditorSuggestionStatus, StatusBarApi, SuggestionState, TrainingState } from './services';
import { type CheckpointSummary, checkpointSummary } from './training/checkpointSummary';
import { formatCount, formatDuration, formatPerplexity } from './training/progressText';
import { modelVerdict } from '../shared/verdict';
import { readTrainingBudgetMinutes } from '../settings';
import { TRAIN_OPTIONS } from '../core/model/config';

export class StatusBar implements vscode.Disposable, StatusBarApi {
  private readonly item = vscode.window.createStatusBarItem('recur.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private suggestions: SuggestionState = { kind: 'on' };
  private editor: EditorSuggestionStatus = { kind: 'noEditor' };
  private model: CheckpointSummary | undefined;
  private snoozeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly models: ModelStore, private readonly training: TrainingController) {
    this.item.name = 'Recur';
    this.item.command = 'recur.showActions';
    this.refreshModel();
    this.subscriptions.push(
      models.onDidChange(() => this.refreshModel()),
      training.onStateChange(() => this.render()),
    );
    this.item.show();
  }

  /** The text shown now (for tests and the actions list). */
  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : '';
  }

  setSuggestionState(state: SuggestionState): void {
    this.suggestions = state;
    clearTimeout(this.snoozeTimer);
    if (state.kind === 'snoozed') this.snoozeTimer = setTimeout(() => this.render(), Math.max(0, state.untilMs - Date.now()) + 50);
    this.render();
  }

  setEditorStatus(status: EditorSuggestionStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.editor)) return;
    this.editor = status;
    this.render();
  }

  private refreshModel(): void {
    const loaded = this.models.current?.checkpoint;
    this.model = loaded ? checkpointSummary(loaded) : undefined;
    this.render();
  }

  private render(): void {
    const origin = this.models.current?.origin ?? 'workspace';
    const { text, tooltip } = describe(this.training.state, this.model, this.suggestions, this.editor, { origin, maxMinutes: readTrainingBudgetMinutes() });
    this.item.text = text;
    this.item.tooltip = tooltip;
  }

  async showActions(): Promise<void> {
    const training = this.training.isTraining;
    const hasModel = this.model !== undefined;
    const actions: { label: string; detail?: string; run: () => Thenable<unknown> }[] = [];
    if (training) actions.push({ label: '$(debug-stop) Stop Training', run: () => vscode.commands.executeCommand('recur.stopTraining') });
    else {
      actions.push({ label: hasModel ? '$(play) Continue Training' : '$(play) Train on Workspace', run: () => vscode.commands.executeCommand('recur.trainOnWorkspace') });
      if (hasModel) actions.push({ label: '$(refresh) Train a Fresh Model', detail: 'The current model files are kept next to it as *.previous', run: () => vscode.commands.executeCommand('recur.trainOnWorkspace', { fresh: true }) });
    }
    actions.push({ label: '$(graph-line) Show Model Panel', run: () => vscode.commands.executeCommand('recur.showModelPanel') });
    actions.push({ label: this.suggestions.kind === 'off' ? '$(eye) Turn Inline Suggestions On' : '$(eye-closed) Turn Inline Suggestions Off', run: () => vscode.commands.executeCommand('recur.toggleInlineSuggestions') });
    if (this.suggestions.kind === 'on') actions.push({ label: '$(clock) Snooze Inline Suggestions', run: () => vscode.commands.executeCommand('recur.snoozeInlineSuggestions') });
    const pick = await vscode.window.showQuickPick(actions, { placeHolder: `Recur: ${this.tooltip.split('\n')[0]}` });
    if (pick) await pick.run();
  }

  dispose(): void {
    clearTimeout(this.snoozeTimer);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}

export interface DescribeContext {
  origin: 'workspace' | 'base';
  maxMinutes: number;
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
  context: DescribeContext = { origin: 'workspace', maxMinutes: TRAIN_OPTIONS.maxMinutes.default },
): { text: string; tooltip: string } {
  const verdict = model ? modelVerdict(model, context) : undefined;
  const modelPpl = formatPerplexity(verdict && Number.isFinite(verdict.bpc) ? Math.pow(2, verdict.bpc) : model?.lastEval?.valPerplexity);
  let text: string;
  const lines: string[] = [];
  const verdictLines = () => (verdict ? [verdict.summary, verdict.advice].filter((l): l is string => l !== undefined) : []);
  if (training.kind === 'training') {
    const ppl = formatPerplexity(training.valPerplexity) ?? modelPpl;
    text = `$(sync~spin) Recur: training ${Math.floor(training.fraction * 100)}%${ppl ? ` · ppl ${ppl}` : ''}`;
    const eta = formatDuration(training.etaSec);
    const phase = training.phase === 'reading' ? 'reading the workspace' : training.phase === 'context' ? 'building the context models' : `${Math.floor(training.fraction * 100)}% done${eta ? `, about ${eta} left` : ''}`;
    lines.push(`Training on this workspace: ${phase}. Click to stop it or see the model panel.`);
    if (training.speed) lines.push(`Training with ${training.speed.backend.description}: ${formatCount(training.speed.charsPerSec)} characters per second.`);
    if (model) lines.push(`Until it saves a better one, suggestions use the model trained for ${model.step} steps.`);
  } else if (model) {
    const failed = training.kind === 'failed';
    text = `${failed ? '$(warning)' : '$(circuit-board)'} Recur: ${context.origin === 'base' ? 'base model' : `ready${modelPpl ? ` · ppl ${modelPpl}` : ''}`}`;
    lines.push(context.origin === 'base' ? `Using the base model shipped with Recur (${model.step} steps on public code): "Train on Workspace" fine-tunes it on this workspace.` : `Model trained on this workspace for ${model.step} steps.`);
    lines.push(...verdictLines());
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
