// Whether inline suggestions may show now: recur.completions.enabled, the per-language map,
// a snooze, and whether a model is loaded. Reports the state to the status bar and owns the
// two commands that change it (toggle: the global setting; snooze: in memory, this window).
import * as vscode from 'vscode';
import { onSettingsChanged, readCompletionSettings } from '../../settings';
import type { ModelStore } from '../modelStore';
import type { StatusBarApi, SuggestionState } from '../services';

/** The language map's answer: its entry for the language, else its "*" entry, else true. */
export function languageEnabled(languages: Record<string, boolean>, languageId: string): boolean {
  return languages[languageId] ?? languages['*'] ?? true;
}

export const SNOOZE_CHOICES_MINUTES = [5, 15, 60] as const;

export class SuggestionSwitch implements vscode.Disposable {
  private snoozedUntil = 0;
  private snoozeTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly models: ModelStore,
    private readonly statusBar: StatusBarApi,
  ) {
    this.subscriptions.push(
      onSettingsChanged((affects) => {
        if (affects('recur.completions.enabled')) this.report();
      }),
      models.onDidChange(() => this.report()),
    );
    this.report();
  }

  get snoozed(): boolean {
    return Date.now() < this.snoozedUntil;
  }

  /** True when suggestions may be computed for a document of this language. */
  allows(languageId: string, settings = readCompletionSettings()): boolean {
    return settings.enabled && !this.snoozed && languageEnabled(settings.languages, languageId) && this.models.current !== undefined;
  }

  state(): SuggestionState {
    if (!readCompletionSettings().enabled) return { kind: 'off' };
    if (this.snoozed) return { kind: 'snoozed', untilMs: this.snoozedUntil };
    if (this.models.problem) return { kind: 'unavailable', reason: this.models.problem };
    return { kind: 'on' };
  }

  async toggle(): Promise<void> {
    const enabled = readCompletionSettings().enabled;
    await vscode.workspace.getConfiguration('recur').update('completions.enabled', !enabled, vscode.ConfigurationTarget.Global);
    if (!enabled) this.snooze(0); // turning on also ends a snooze
    this.report();
  }

  /** Snoozes for `minutes` (0 resumes); without an argument asks with a quick pick. */
  async pickSnooze(minutes?: number): Promise<void> {
    if (minutes === undefined) {
      const items = SNOOZE_CHOICES_MINUTES.map((m) => ({ label: `$(clock) ${m} minutes`, minutes: m as number }));
      if (this.snoozed) items.unshift({ label: '$(play) Resume now', minutes: 0 });
      const pick = await vscode.window.showQuickPick(items, { placeHolder: 'Snooze inline suggestions for' });
      if (!pick) return;
      minutes = pick.minutes;
    }
    this.snooze(minutes);
  }

  private snooze(minutes: number): void {
    clearTimeout(this.snoozeTimer);
    this.snoozedUntil = minutes > 0 ? Date.now() + minutes * 60_000 : 0;
    if (minutes > 0) this.snoozeTimer = setTimeout(() => this.report(), minutes * 60_000 + 50);
    this.report();
  }

  private report(): void {
    this.statusBar.setSuggestionState(this.state());
  }

  dispose(): void {
    clearTimeout(this.snoozeTimer);
    for (const s of this.subscriptions) s.dispose();
  }
}
