// The model's state at a glance: "no model", "training 43% · ppl 5.1", "ready · ppl 3.9",
// with the suggestions' state (off / snoozed) shown subtly. Clicking offers the actions.
// Reads the best checkpoint's header (not its weights) when the model changes.
import * as vscode from 'vscode';
import type { ModelStore } from './modelStore';
import type { TrainingController } from './training/trainingController';
import type { StatusBarApi, SuggestionState, TrainingState } from './services';
import { type CheckpointSummary, readCheckpointSummary } from './training/checkpointSummary';
import { formatPerplexity } from './training/progressText';

export class StatusBar implements vscode.Disposable, StatusBarApi {
  private readonly item = vscode.window.createStatusBarItem('recur.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private suggestions: SuggestionState = { kind: 'on' };
  private model: CheckpointSummary | undefined;
  private snoozeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly models: ModelStore, private readonly training: TrainingController) {
    this.item.name = 'Recur';
    this.item.command = 'recur.showActions';
    this.refreshModel();
    this.subscriptions.push(
      models.onDidChange(() => this.refreshModel()),
      training.onStateChange(() => this.render()),
      training.onEvent((event) => {
        if (event.kind === 'checkpoint' && event.best) this.refreshModel();
      }),
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

  private refreshModel(): void {
    this.model = readCheckpointSummary(this.models.paths.bestCheckpoint);
    this.render();
  }

  private render(): void {
    const { text, tooltip } = describe(this.training.state, this.model, this.suggestions);
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

/** The status bar's text and tooltip for a state. Pure. */
export function describe(training: TrainingState, model: CheckpointSummary | undefined, suggestions: SuggestionState): { text: string; tooltip: string } {
  const modelPpl = formatPerplexity(model?.lastEval?.valPerplexity);
  let text: string;
  let tooltip: string;
  if (training.kind === 'training') {
    const ppl = formatPerplexity(training.valPerplexity) ?? modelPpl;
    text = `$(sync~spin) Recur: training ${Math.floor(training.fraction * 100)}%${ppl ? ` · ppl ${ppl}` : ''}`;
    tooltip = 'Recur is training on this workspace. Click to stop it or see the model panel.';
  } else if (model) {
    text = `$(circuit-board) Recur: ready${modelPpl ? ` · ppl ${modelPpl}` : ''}`;
    tooltip = `Model trained for ${model.step} steps${modelPpl ? `; validation perplexity per character ${modelPpl}` : ''}.`;
    if (training.kind === 'failed') {
      text = `$(warning) Recur: ready${modelPpl ? ` · ppl ${modelPpl}` : ''}`;
      tooltip += `\nThe last training run failed: ${training.message}`;
    }
  } else if (training.kind === 'failed') {
    text = '$(warning) Recur: no model';
    tooltip = `Training failed: ${training.message}`;
  } else {
    text = '$(circuit-board) Recur: no model';
    tooltip = 'Recur has no model for this workspace yet. Click to train one.';
  }
  if (suggestions.kind === 'off') {
    text += ' $(circle-slash)';
    tooltip += '\nInline suggestions are off.';
  } else if (suggestions.kind === 'snoozed' && suggestions.untilMs > Date.now()) {
    text += ' $(clock)';
    tooltip += `\nInline suggestions are snoozed until ${new Date(suggestions.untilMs).toLocaleTimeString()}.`;
  } else if (suggestions.kind === 'unavailable') tooltip += `\nInline suggestions are unavailable: ${suggestions.reason}`;
  return { text, tooltip };
}
