// The only reader of VS Code configuration: turns `recur.*` settings into the core types they
// configure (ModelConfig, TrainConfig, CorpusOptions, EngineOptions). Every default and range
// comes from the option the setting sets (settingSpecs.ts); package.json declares the same for
// the settings editor. A value out of range (or of the wrong type) reads as the default, and
// settingProblems() says so, one line per setting naming it and the fix (extension.ts logs
// each once).
import * as vscode from 'vscode';
import { type CellType, type ModelConfig, type TrainConfig, trainConfigFor } from './core/model/config';
import { corpusOptionsFrom, type CorpusOptions } from './core/corpus/readCorpus';
import { ENGINE_OPTIONS, type EngineOptions } from './core/complete/completionEngine';
import type { NumberOption } from './core/options';
import { CONTEXT_MEMORY_MB_RANGE } from './core/predict/stackConfig';
import { automaticThreads } from './core/threadLimits';
import { checkedSetting, type SettingKey, SETTINGS, type SettingValue } from './settingSpecs';

export interface TrainingSettings {
  /** The model for a fresh start (a continued one keeps its own). */
  model: ModelConfig;
  /** This run's configuration: recur.training.* with the rest at their defaults. */
  train: TrainConfig;
  /** Threads for the training process; already resolved from 0 = automatic. */
  threads: number;
  /** Memory for the context models built with the network (recur.context.memoryMB; 0 = the network alone). */
  contextMemoryMB: number;
}

export interface CompletionSettings {
  /** What the completion engine is asked for (recur.completions.contextLength, maxLines, ...). */
  engine: EngineOptions;
  enabled: boolean;
  languages: Record<string, boolean>;
  debounceMs: number;
}

export interface PanelSettings {
  windowCharacters: number;
  followDebounceMs: number;
}

type NumberKey = { [K in keyof typeof SETTINGS]: (typeof SETTINGS)[K] extends NumberOption ? K : never }[keyof typeof SETTINGS];

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('recur');
}

/** A setting's value: the user's when its option takes it, else the default (settingProblems says why). */
function setting<K extends SettingKey>(config: vscode.WorkspaceConfiguration, key: K): SettingValue<K> {
  return checkedSetting(key, config.get<unknown>(key)).value;
}

function numberSetting(config: vscode.WorkspaceConfiguration, key: NumberKey): number {
  return setting(config, key) as number;
}

/** One line per recur.* setting whose value cannot be used (and is read as its default): the setting, the problem and the fix. */
export function settingProblems(): string[] {
  const c = section();
  return (Object.keys(SETTINGS) as SettingKey[]).map((key) => checkedSetting(key, c.get<unknown>(key)).problem).filter((p): p is string => p !== undefined);
}

export function readTrainingSettings(cores: number): TrainingSettings {
  const c = section();
  const threads = numberSetting(c, 'training.threads');
  const train = trainConfigFor({
    seqLength: numberSetting(c, 'training.sequenceLength'),
    batchSize: numberSetting(c, 'training.batchSize'),
    clipNorm: numberSetting(c, 'training.clipNorm'),
    learningRate: numberSetting(c, 'training.learningRate'),
    maxMinutes: numberSetting(c, 'training.maxMinutes'),
    maxSteps: numberSetting(c, 'training.maxSteps'),
  });
  return {
    model: {
      cell: setting(c, 'model.cell') as CellType,
      vocabSize: 256,
      embeddingSize: numberSetting(c, 'model.embeddingSize'),
      hiddenSize: numberSetting(c, 'model.hiddenSize'),
      layers: numberSetting(c, 'model.layers'),
    },
    train,
    threads: threads > 0 ? threads : automaticThreads(train.batchSize, 'half', cores),
    contextMemoryMB: readContextMemoryMB(c),
  };
}

/** recur.training.maxMinutes: the budget of one run (0: no time limit). */
export function readTrainingBudgetMinutes(): number {
  return numberSetting(section(), 'training.maxMinutes');
}

/** recur.model.useBaseModel: use (and fine-tune) the shipped base model until the workspace has its own. */
export function readUseBaseModel(): boolean {
  return setting(section(), 'model.useBaseModel') as boolean;
}

/** The corpus options for training: recur.corpus.*, with files.exclude and search.exclude added to the exclude globs. */
export function readCorpusSettings(scope?: vscode.WorkspaceFolder): CorpusOptions {
  const c = section();
  const globs = new Set<string>();
  for (const key of ['files.exclude', 'search.exclude']) {
    const [group, name] = key.split('.');
    const map = vscode.workspace.getConfiguration(group, scope).get<unknown>(name);
    if (typeof map === 'object' && map !== null) for (const [glob, on] of Object.entries(map)) if (on === true) globs.add(glob);
  }
  for (const glob of setting(c, 'corpus.exclude')) globs.add(glob);
  return corpusOptionsFrom({
    maxTotalSizeMB: numberSetting(c, 'corpus.maxTotalSizeMB'),
    maxFileSizeKB: numberSetting(c, 'corpus.maxFileSizeKB'),
    maxLineLength: numberSetting(c, 'corpus.maxLineLength'),
    excludeGlobs: [...globs],
  });
}

/** recur.context.memoryMB: 0 (the network alone), or raised to CONTEXT_MEMORY_MB_RANGE.min. */
function readContextMemoryMB(c: vscode.WorkspaceConfiguration): number {
  const mb = numberSetting(c, 'context.memoryMB');
  return mb === 0 ? 0 : Math.max(CONTEXT_MEMORY_MB_RANGE.min, mb);
}

export function readCompletionSettings(): CompletionSettings {
  const c = section();
  return {
    enabled: setting(c, 'completions.enabled') as boolean,
    languages: { ...setting(c, 'completions.languages') },
    engine: {
      contextLength: numberSetting(c, 'completions.contextLength'),
      maxLines: numberSetting(c, 'completions.maxLines'),
      maxCharacters: numberSetting(c, 'completions.maxCharacters'),
      minAcceptProbability: numberSetting(c, 'completions.minAcceptProbability'),
      multiLineMinProbability: numberSetting(c, 'completions.multiLineMinProbability'),
      candidates: numberSetting(c, 'completions.candidates'),
      midLine: ENGINE_OPTIONS.midLine.default,
      candidateSource: ENGINE_OPTIONS.candidateSource.default,
      samples: ENGINE_OPTIONS.samples.default,
      sampleTemperature: numberSetting(c, 'completions.sampleTemperature'),
      sampleSeed: numberSetting(c, 'completions.sampleSeed'),
    },
    debounceMs: numberSetting(c, 'completions.debounceMs'),
  };
}

export function readPanelSettings(): PanelSettings {
  const c = section();
  return {
    windowCharacters: numberSetting(c, 'panel.windowCharacters'),
    followDebounceMs: numberSetting(c, 'panel.followDebounceMs'),
  };
}

/** Fires when any `recur.*` (or an exclude setting the corpus honours) changes. */
export function onSettingsChanged(listener: (affects: (key: string) => boolean) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('recur') || event.affectsConfiguration('files.exclude') || event.affectsConfiguration('search.exclude')) {
      listener((key) => event.affectsConfiguration(key));
    }
  });
}
