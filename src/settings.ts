// The only reader of VS Code configuration: turns `recur.*` settings into the core types they
// configure (ModelConfig, TrainConfig, CorpusOptions, EngineOptions). Every default and range
// comes from the option the setting sets (settingSpecs.ts); package.json declares the same for
// the settings editor. A value out of range (or of the wrong type) reads as the default.
import * as vscode from 'vscode';
import { type CellType, type ModelConfig, type TrainConfig, trainConfigFor } from './core/model/config';
import { corpusOptionsFrom, type CorpusOptions } from './core/corpus/readCorpus';
import { ENGINE_OPTIONS, type EngineOptions } from './core/complete/completionEngine';
import { type NumberOption, inRange } from './core/options';
import { CONTEXT_MEMORY_MB_RANGE } from './core/predict/stackConfig';
import { automaticThreads } from './worker/threadLimits';
import { SETTINGS } from './settingSpecs';

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

/** A number setting: the user's value when it is a finite number in range (rounded for an integer setting), else the default. */
function numberSetting(config: vscode.WorkspaceConfiguration, key: NumberKey): number {
  const option: NumberOption = SETTINGS[key];
  const value = config.get<unknown>(key);
  if (!inRange(option, value)) return option.default;
  return option.integer ? Math.round(value) : value;
}

export function readTrainingSettings(cores: number): TrainingSettings {
  const c = section();
  const cell = c.get<string>('model.cell', SETTINGS['model.cell'].default);
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
      cell: (SETTINGS['model.cell'].values as readonly string[]).includes(cell) ? (cell as CellType) : SETTINGS['model.cell'].default,
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
  return section().get<boolean>('model.useBaseModel', SETTINGS['model.useBaseModel'].default) !== false;
}

/** The corpus options for training: recur.corpus.*, with files.exclude and search.exclude added to the exclude globs. */
export function readCorpusSettings(scope?: vscode.WorkspaceFolder): CorpusOptions {
  const c = section();
  const globs = new Set<string>();
  for (const key of ['files.exclude', 'search.exclude']) {
    const [group, name] = key.split('.');
    const map = vscode.workspace.getConfiguration(group, scope).get<Record<string, unknown>>(name) ?? {};
    for (const [glob, on] of Object.entries(map)) if (on === true) globs.add(glob);
  }
  for (const glob of c.get<unknown[]>('corpus.exclude', [])) if (typeof glob === 'string' && glob) globs.add(glob);
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
  const languages = c.get<Record<string, unknown>>('completions.languages') ?? {};
  return {
    enabled: c.get<boolean>('completions.enabled', SETTINGS['completions.enabled'].default) !== false,
    languages: Object.fromEntries(Object.entries(languages).filter(([, v]) => typeof v === 'boolean')) as Record<string, boolean>,
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
