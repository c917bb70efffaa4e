// The only reader of VS Code configuration: turns `recur.*` settings into typed values.
// Every setting is declared (type, default, scope, description) in package.json.
import * as vscode from 'vscode';
import { type CellType, CELL_TYPES, type ModelConfig, DEFAULT_MODEL_CONFIG } from './core/model/config';
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from './core/complete/completionEngine';
import { CONTEXT_MEMORY_MB_RANGE, DEFAULT_CONTEXT_MEMORY_MB } from './core/predict/stackConfig';
import { automaticThreads } from './worker/threadLimits';

export interface CorpusSettings {
  maxTotalBytes: number;
  maxFileBytes: number;
  maxLineLength: number;
  /** Glob patterns to leave out: files.exclude + search.exclude + recur.corpus.exclude. */
  excludeGlobs: string[];
}

export interface TrainingSettings {
  model: ModelConfig;
  seqLength: number;
  batchSize: number;
  clipNorm: number;
  learningRate: number;
  maxMinutes: number;
  maxSteps: number;
  /** Threads for the training process; already resolved from 0 = automatic. */
  threads: number;
  /** Memory for the context models built with the network (recur.context.memoryMB; 0 = the network alone). */
  contextMemoryMB: number;
}

export interface CompletionSettings extends EngineOptions {
  enabled: boolean;
  languages: Record<string, boolean>;
  debounceMs: number;
}

export interface PanelSettings {
  windowCharacters: number;
  followDebounceMs: number;
}

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('recur');
}

/** Reads a number setting, falling back to the default when the user's value is not a finite number in range. */
function numberSetting(config: vscode.WorkspaceConfiguration, key: string, fallback: number, min = -Infinity, max = Infinity): number {
  const value = config.get<unknown>(key);
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}

export function readTrainingSettings(cores: number): TrainingSettings {
  const c = section();
  const cell = c.get<string>('model.cell', 'lstm');
  const threads = Math.round(numberSetting(c, 'training.threads', 0, 0, 256));
  return {
    model: {
      cell: (CELL_TYPES as readonly string[]).includes(cell) ? (cell as CellType) : 'lstm',
      vocabSize: 256,
      embeddingSize: Math.round(numberSetting(c, 'model.embeddingSize', DEFAULT_MODEL_CONFIG.embeddingSize, 4, 1024)),
      hiddenSize: Math.round(numberSetting(c, 'model.hiddenSize', DEFAULT_MODEL_CONFIG.hiddenSize, 8, 2048)),
      layers: Math.round(numberSetting(c, 'model.layers', DEFAULT_MODEL_CONFIG.layers, 1, 4)),
    },
    seqLength: Math.round(numberSetting(c, 'training.sequenceLength', 64, 4, 1024)),
    batchSize: Math.round(numberSetting(c, 'training.batchSize', 32, 1, 512)),
    clipNorm: numberSetting(c, 'training.clipNorm', 5, 1e-6),
    learningRate: numberSetting(c, 'training.learningRate', 0.002, 1e-8, 1),
    maxMinutes: numberSetting(c, 'training.maxMinutes', 10, 0),
    maxSteps: Math.round(numberSetting(c, 'training.maxSteps', 0, 0)),
    threads: threads > 0 ? threads : automaticThreads(cores),
    contextMemoryMB: readContextMemoryMB(c),
  };
}

export function readCorpusSettings(scope?: vscode.WorkspaceFolder): CorpusSettings {
  const c = section();
  const globs = new Set<string>();
  for (const key of ['files.exclude', 'search.exclude']) {
    const [group, name] = key.split('.');
    const map = vscode.workspace.getConfiguration(group, scope).get<Record<string, unknown>>(name) ?? {};
    for (const [glob, on] of Object.entries(map)) if (on === true) globs.add(glob);
  }
  for (const glob of c.get<unknown[]>('corpus.exclude', [])) if (typeof glob === 'string' && glob) globs.add(glob);
  return {
    maxTotalBytes: Math.round(numberSetting(c, 'corpus.maxTotalSizeMB', 20, 0.01) * 1024 * 1024),
    maxFileBytes: Math.round(numberSetting(c, 'corpus.maxFileSizeKB', 512, 1) * 1024),
    maxLineLength: Math.round(numberSetting(c, 'corpus.maxLineLength', 1000, 80)),
    excludeGlobs: [...globs],
  };
}

/** recur.context.memoryMB: 0 (the network alone) or within CONTEXT_MEMORY_MB_RANGE. */
function readContextMemoryMB(c: vscode.WorkspaceConfiguration): number {
  const mb = numberSetting(c, 'context.memoryMB', DEFAULT_CONTEXT_MEMORY_MB, 0, CONTEXT_MEMORY_MB_RANGE.max);
  return mb === 0 ? 0 : Math.max(CONTEXT_MEMORY_MB_RANGE.min, mb);
}

export function readCompletionSettings(): CompletionSettings {
  const c = section();
  const d = DEFAULT_ENGINE_OPTIONS;
  const languages = c.get<Record<string, unknown>>('completions.languages') ?? {};
  return {
    enabled: c.get<boolean>('completions.enabled', true) !== false,
    languages: Object.fromEntries(Object.entries(languages).filter(([, v]) => typeof v === 'boolean')) as Record<string, boolean>,
    contextLength: Math.round(numberSetting(c, 'completions.contextLength', d.contextLength, 16, 8192)),
    maxLines: Math.round(numberSetting(c, 'completions.maxLines', d.maxLines, 1, 20)),
    maxCharacters: Math.round(numberSetting(c, 'completions.maxCharacters', d.maxCharacters, 2, 2000)),
    minAcceptProbability: numberSetting(c, 'completions.minAcceptProbability', d.minAcceptProbability, 0, 1),
    multiLineMinProbability: numberSetting(c, 'completions.multiLineMinProbability', d.multiLineMinProbability, 0, 1),
    candidates: Math.round(numberSetting(c, 'completions.candidates', d.candidates, 1, 10)),
    debounceMs: Math.round(numberSetting(c, 'completions.debounceMs', 0, 0, 2000)),
  };
}

export function readPanelSettings(): PanelSettings {
  const c = section();
  return {
    windowCharacters: Math.round(numberSetting(c, 'panel.windowCharacters', 600, 50, 4000)),
    followDebounceMs: Math.round(numberSetting(c, 'panel.followDebounceMs', 300, 0, 5000)),
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
