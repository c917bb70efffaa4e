// The model and training configuration: every knob, its default, in one place.
// Shared by the trainer (tfjs), the pure-TypeScript inference path and the panel.

/** The recurrent cell. LSTM by default; GRU and the vanilla tanh RNN for comparison. */
export type CellType = 'lstm' | 'gru' | 'rnn';

export const CELL_TYPES: readonly CellType[] = ['lstm', 'gru', 'rnn'];

/** Shape of the network: embedding -> `layers` x cell(hiddenSize) -> linear -> softmax. */
export interface ModelConfig {
  cell: CellType;
  /** Always 256: the symbols are UTF-8 bytes (see vocabulary.ts). */
  vocabSize: number;
  /** E: width of the byte embedding. */
  embeddingSize: number;
  /** H: units per recurrent layer. */
  hiddenSize: number;
  /** L: stacked recurrent layers, 1..4. */
  layers: number;
}

export const DEFAULT_MODEL_CONFIG: Readonly<ModelConfig> = {
  cell: 'lstm',
  vocabSize: 256,
  embeddingSize: 64,
  hiddenSize: 256,
  layers: 2,
};

/** How training runs. */
export interface TrainConfig {
  /** T: characters (bytes) per truncated-BPTT chunk. */
  seqLength: number;
  /**
   * B: parallel streams per step. 32 by measurement: B = 64 trains a few percent more
   * characters per second (none at 1 thread) but makes half the updates, and after the same
   * 3 minutes (`recur train src --minutes 3`, 2 threads) it was at 4.71 validation bits/char
   * against 4.14 for B = 32.
   */
  batchSize: number;
  /** theta: global gradient-norm clipping threshold. */
  clipNorm: number;
  /** Peak Adam learning rate. */
  learningRate: number;
  /** Linear warmup steps, then cosine decay to minLearningRateRatio * learningRate. */
  warmupSteps: number;
  minLearningRateRatio: number;
  /** Step budget (0 = none) and wall-clock budget in minutes (0 = none). */
  maxSteps: number;
  maxMinutes: number;
  /** Validate every N steps; stop after `patience` validations without improvement (0 = never). */
  evalEvery: number;
  patience: number;
  /** Seed for weight init and batching, so runs can be reproduced. */
  seed: number;
}

export const DEFAULT_TRAIN_CONFIG: Readonly<TrainConfig> = {
  seqLength: 64,
  batchSize: 32,
  clipNorm: 5,
  learningRate: 2e-3,
  warmupSteps: 100,
  minLearningRateRatio: 0.1,
  maxSteps: 0,
  maxMinutes: 10,
  evalEvery: 100,
  patience: 5,
  seed: 1,
};

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
  for (const [name, value, min, max] of [
    ['embeddingSize', config.embeddingSize, 1, 4096],
    ['hiddenSize', config.hiddenSize, 1, 4096],
    ['layers', config.layers, 1, 4],
  ] as const) {
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
