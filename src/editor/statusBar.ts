// The model's state at a glance: "no model", "base model", "training 43% · 3 min left",
// "ready · ppl 2.31", with the suggestions' state (off / snoozed) shown subtly. The tooltip
// says it plainly, in the words of src/shared/present/ (which the notifications and the panel
// use too): which model, how good on which files and by which measure, against the baselines
// on the same files (lower is better), what would help, and why no suggestion shows in the
// current editor (suggestions off, snoozed, no model, the language switched off, low
// confidence). Clicking offers the actions. Reads the model's checkpoint header (not its
// weights) when the model changes.
import * as vscode from 'vscode';
import type { ModelStore } from './modelStore';
import type { TrainingController } from './training/trainingController';
import type { EditorSuggestionStatus, StatusBarApi, SuggestionState } from './services';
import { type CheckpointSummary, checkpointSummary } from './training/checkpointSummary';
import { describe } from './statusText';
import { readTrainingBudgetMinutes } from '../settings';

/** How often a new acceptance estimate of the same kind reaches the tooltip, at most. */
const DETAIL_UPDATE_MS = 1000;
import type { IndexProgress } from '../shared/indexSummary';

/** The workspace index's first build, as the status bar follows it. */
export interface IndexingProgress {
  readonly progress: IndexProgress | undefined;
  readonly onDidChangeProgress: vscode.Event<void>;
}

export class StatusBar implements vscode.Disposable, StatusBarApi {
  private readonly item = vscode.window.createStatusBarItem('recur.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private suggestions: SuggestionState = { kind: 'on' };
  private editor: EditorSuggestionStatus = { kind: 'noEditor' };
  private model: CheckpointSummary | undefined;
  private snoozeTimer: NodeJS.Timeout | undefined;
  private detailTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly models: ModelStore,
    private readonly training: TrainingController,
    private readonly indexing?: IndexingProgress,
  ) {
    this.item.name = 'Recur';
    this.item.command = 'recur.showActions';
    this.refreshModel();
    this.subscriptions.push(
      models.onDidChange(() => this.refreshModel()),
      training.onStateChange(() => this.render()),
      ...(indexing ? [indexing.onDidChangeProgress(() => this.render())] : []),
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

  /**
   * Every suggestion request reports here. A change of kind (shown, low confidence, language
   * off...) shows at once; a new acceptance estimate of the same kind only in the tooltip, at
   * most once a second: an update per keystroke would send the status bar to the workbench
   * while it renders the ghost text.
   */
  setEditorStatus(status: EditorSuggestionStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.editor)) return;
    const sameKind = status.kind === this.editor.kind && ('languageId' in status ? status.languageId : '') === ('languageId' in this.editor ? this.editor.languageId : '');
    this.editor = status;
    if (!sameKind) {
      clearTimeout(this.detailTimer);
      this.detailTimer = undefined;
      this.render();
    } else
      this.detailTimer ??= setTimeout(() => {
        this.detailTimer = undefined;
        this.render();
      }, DETAIL_UPDATE_MS);
  }

  private refreshModel(): void {
    const loaded = this.models.current;
    this.model = loaded ? checkpointSummary(loaded.checkpoint, this.models.origin ?? 'workspace') : undefined;
    this.render();
  }

  private render(): void {
    const { text, tooltip } = describe(this.training.state, this.model, this.suggestions, this.editor, { maxMinutes: readTrainingBudgetMinutes(), indexing: this.indexing?.progress });
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
      if (hasModel)
        actions.push({
          label: '$(refresh) Train a Fresh Model',
          detail: 'The current model files are kept next to it as *.previous',
          run: () => vscode.commands.executeCommand('recur.trainOnWorkspace', { fresh: true }),
        });
    }
    actions.push({ label: '$(graph-line) Show Model Panel', run: () => vscode.commands.executeCommand('recur.showModelPanel') });
    actions.push({
      label: this.suggestions.kind === 'off' ? '$(eye) Turn Inline Suggestions On' : '$(eye-closed) Turn Inline Suggestions Off',
      run: () => vscode.commands.executeCommand('recur.toggleInlineSuggestions'),
    });
    if (this.suggestions.kind === 'on') actions.push({ label: '$(clock) Snooze Inline Suggestions', run: () => vscode.commands.executeCommand('recur.snoozeInlineSuggestions') });
    const pick = await vscode.window.showQuickPick(actions, { placeHolder: `Recur: ${this.tooltip.split('\n')[0]}` });
    if (pick) await pick.run();
  }

  dispose(): void {
    clearTimeout(this.snoozeTimer);
    clearTimeout(this.detailTimer);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
