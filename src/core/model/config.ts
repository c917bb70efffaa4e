// The model and training configuration: every knob, its default and its range, in one place
// (MODEL_OPTIONS, TRAIN_OPTIONS, CONTEXT_MEMORY_OPTION: ../options.ts). Shared by the trainer
// (tfjs), the pure-TypeScript inference path and the panel; the settings (recur.model.*,
// recur.training.*, recur.context.memoryMB) and `recur train`'s flags take their defaults and
// ranges from here. The types themselves are contracts the other processes share too
// (../../shared/modelConfig.ts).
import { choiceOption, defaultsOf, integerOption, numberOption } from '../options';
import { CONTEXT_MEMORY_MB_RANGE, DEFAULT_CONTEXT_MEMORY_MB } from '../predict/stackConfig';
import type { CellType, ModelConfig, TrainConfig } from '../../shared/modelConfig';

export type { CellType, ModelConfig, TrainConfig } from '../../shared/modelConfig';

export const CELL_TYPES: readonly CellType[] = ['lstm', 'gru', 'rnn'];

/** What a new model may be made with (recur.model.*, `recur train --cell --embedding --hidden --layers`). */
export const MODEL_OPTIONS = {
  cell: choiceOption<CellType>('lstm', CELL_TYPES),
  embeddingSize: integerOption(64, { min: 4, max: 1024 }),
  hiddenSize: integerOption(256, { min: 8, max: 2048 }),
  layers: integerOption(2, { min: 1, max: 4 }),
} as const;

/**
 * What a model may be (validateModelConfig: every checkpoint read or trained): wider than
 * MODEL_OPTIONS, because tests and benchmarks build tiny models (H = 4) on purpose.
 */
export const MODEL_SHAPE_LIMITS = {
  embeddingSize: { min: 1, max: 4096 },
  hiddenSize: { min: 1, max: 4096 },
  layers: { min: 1, max: MODEL_OPTIONS.layers.max },
} as const;

export const DEFAULT_MODEL_CONFIG: Readonly<ModelConfig> = { ...defaultsOf(MODEL_OPTIONS), vocabSize: 256 };

/** The training knobs a user sets (recur.training.*, `recur train`'s flags). The CLI alone sets evalEvery, patience and seed. */
export const TRAIN_OPTIONS = {
  seqLength: integerOption(64, { min: 4, max: 1024 }),
  batchSize: integerOption(32, { min: 1, max: 512 }),
  clipNorm: numberOption(5, { min: 0, exclusiveMin: true }),
  learningRate: numberOption(2e-3, { min: 0, exclusiveMin: true, max: 1 }),
  maxMinutes: numberOption(10, { min: 0 }),
  maxSteps: integerOption(0, { min: 0 }),
  evalEvery: integerOption(100, { min: 1 }),
  patience: integerOption(5, { min: 0 }),
  seed: integerOption(1),
} as const;

export const DEFAULT_TRAIN_CONFIG: Readonly<TrainConfig> = { ...defaultsOf(TRAIN_OPTIONS), warmupSteps: 100, minLearningRateRatio: 0.1 };

/**
 * A run's configuration from the knobs given (the rest default). With a step budget the
 * validation interval and the warmup shrink to fit it (a quarter and a tenth of the steps),
 * unless given.
 */
export function trainConfigFor(knobs: Partial<TrainConfig>): TrainConfig {
  const d = DEFAULT_TRAIN_CONFIG;
  const maxSteps = knobs.maxSteps ?? d.maxSteps;
  const given = Object.fromEntries(Object.entries(knobs).filter(([, v]) => v !== undefined)) as Partial<TrainConfig>;
  return {
    ...d,
    evalEvery: maxSteps > 0 ? Math.max(1, Math.min(d.evalEvery, Math.ceil(maxSteps / 4))) : d.evalEvery,
    warmupSteps: maxSteps > 0 ? Math.min(d.warmupSteps, Math.ceil(maxSteps / 10)) : d.warmupSteps,
    ...given,
  };
}

/**
 * Memory for the context models built with the network, in MB (recur.context.memoryMB,
 * `recur train --context-mb`): 0 trains and uses the network alone; any other value is taken
 * within CONTEXT_MEMORY_MB_RANGE (../predict/stackConfig.ts).
 */
export const CONTEXT_MEMORY_OPTION = numberOption(DEFAULT_CONTEXT_MEMORY_MB, { min: 0, max: CONTEXT_MEMORY_MB_RANGE.max });

/** The name a base model goes by in the checkpoints fine-tuned from it (models/base.recur). */
export const BASE_MODEL_NAME = 'recur-base';

/**
 * Fine-tuning a base model on a workspace: the same schedule (warmup, then cosine decay over
 * the budget) at a lower peak learning rate, so the run adapts the network to the workspace
 * without undoing what it learned from the base corpus.
 */
export const FINE_TUNE_LEARNING_RATE_SCALE = 0.5;

export function fineTuneConfig(train: TrainConfig): TrainConfig {
  return { ...train, learningRate: train.learningRate * FINE_TUNE_LEARNING_RATE_SCALE };
}

/** Throws an Error naming the field when a config cannot be used. */
export function validateModelConfig(config: ModelConfig): void {
  if (!CELL_TYPES.includes(config.cell)) throw new Error(`cell must be one of ${CELL_TYPES.join(', ')}, not "${config.cell}"`);
  if (config.vocabSize !== 256) throw new Error(`vocabSize must be 256 (UTF-8 bytes), not ${config.vocabSize}`);
  for (const name of ['embeddingSize', 'hiddenSize', 'layers'] as const) {
    const { min, max } = MODEL_SHAPE_LIMITS[name];
    const value = config[name];
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, not ${value}`);
  }
}

/** A shape field where a requested model differs from the one being continued. */
export interface ShapeDifference {
  field: 'cell' | 'embeddingSize' | 'hiddenSize' | 'layers';
  requested: string | number;
  existing: string | number;
}

/**
 * The fields of `requested` (only those given) that differ from `existing`: a continued
 * model keeps its shape, so these are not applied, and the user must be told.
 */
export function shapeDifferences(requested: Partial<ModelConfig>, existing: ModelConfig): ShapeDifference[] {
  const out: ShapeDifference[] = [];
  for (const field of ['cell', 'layers', 'hiddenSize', 'embeddingSize'] as const) {
    const value = requested[field];
    if (value !== undefined && value !== existing[field]) out.push({ field, requested: value, existing: existing[field] });
  }
  return out;
}

/** "an LSTM, 2 × 256, embedding 64" */
export function describeShape(config: ModelConfig): string {
  return `${config.cell === 'rnn' ? 'an RNN' : `a${config.cell === 'lstm' ? 'n' : ''} ${config.cell.toUpperCase()}`}, ${config.layers} × ${config.hiddenSize}, embedding ${config.embeddingSize}`;
}
