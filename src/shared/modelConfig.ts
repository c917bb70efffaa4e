// The model's and the training's configuration as data: what a checkpoint records, the
// training process is asked to train, and the panel shows. The defaults, ranges and checks of
// every field are in src/core/model/config.ts (MODEL_OPTIONS, TRAIN_OPTIONS).

/** The recurrent cell. LSTM by default; GRU and the vanilla tanh RNN for comparison. */
export type CellType = 'lstm' | 'gru' | 'rnn';

/** Shape of the network: embedding -> `layers` x cell(hiddenSize) -> linear -> softmax. */
export interface ModelConfig {
  cell: CellType;
  /** Always 256: the symbols are UTF-8 bytes (src/core/vocabulary.ts). */
  vocabSize: number;
  /** E: width of the byte embedding. */
  embeddingSize: number;
  /** H: units per recurrent layer. */
  hiddenSize: number;
  /** L: stacked recurrent layers, 1..4. */
  layers: number;
}

/** How training runs. */
export interface TrainConfig {
  /** T: characters (bytes) per truncated-BPTT chunk. */
  seqLength: number;
  /**
   * B: parallel streams per step. 32 by measurement: B = 64 trains about 25% more
   * characters per second (one thread) but makes 37% fewer updates, and after the same
   * 3 minutes it was behind: `recur train rxjs@7.8.2 --minutes 3 --threads 1 --context-mb 0`,
   * validation bits/char 2.096 and 2.073 (B 32, two runs) against 2.406 and 2.389 (B 64).
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
