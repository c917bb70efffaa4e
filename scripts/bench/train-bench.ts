// Training speed: Recur's trainer (fused recurrent layers, hand-written backward) against
// the same network built from tf.layers and trained with model.fit, as the tfjs
// lstm-text-generation example does. Same machine, same run, same shapes:
//   embedding 64 -> 2 x LSTM 256 -> dense 256 (softmax), loss at every position, T = 64, B = 32.
//
//   npx tsx scripts/bench/train-bench.ts [--json] [--steps N] [--cell lstm|gru|rnn]
// Prints chars/s for both and the ratio; with --json the last line is
//   {"charsPerSec":..,"baselineCharsPerSec":..,"ratio":..}
import * as tf from '@tensorflow/tfjs-node';
import { DEFAULT_MODEL_CONFIG, DEFAULT_TRAIN_CONFIG, type CellType, type ModelConfig } from '../../src/core/model/config';
import { initWeights } from '../../src/core/model/tf/initWeights';
import { seededRandom } from '../../src/core/model/random';
import { TrainableModel } from '../../src/core/train/trainStep';

const args = process.argv.slice(2);
const json = args.includes('--json');
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const steps = Number(option('--steps') ?? 20);
const warmup = 2;
const cell = (option('--cell') ?? 'lstm') as CellType;
const config: ModelConfig = { ...DEFAULT_MODEL_CONFIG, cell };
const B = DEFAULT_TRAIN_CONFIG.batchSize;
const T = DEFAULT_TRAIN_CONFIG.seqLength;
const log = (line: string) => {
  if (!json) console.log(line);
  else console.error(line);
};

// Text-like bytes: a seeded stream over printable ASCII, so both see the same data.
const random = seededRandom(1);
const corpus = Uint8Array.from({ length: B * (T + 1) * (steps + warmup) }, () => 32 + Math.floor(random() * random() * 95));
function batchAt(k: number): { inputs: Int32Array; targets: Int32Array } {
  const inputs = new Int32Array(B * T);
  const targets = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    const base = (k * B + b) * (T + 1);
    for (let t = 0; t < T; t++) {
      inputs[b * T + t] = corpus[base + t];
      targets[b * T + t] = corpus[base + t + 1];
    }
  }
  return { inputs, targets };
}

function benchRecur(): number {
  const model = new TrainableModel(config, initWeights(config, 1));
  try {
    for (let k = 0; k < warmup; k++) {
      const { inputs, targets } = batchAt(k);
      model.step(inputs, targets, B, 2e-3, 5);
    }
    const start = process.hrtime.bigint();
    for (let k = warmup; k < warmup + steps; k++) {
      const { inputs, targets } = batchAt(k);
      model.step(inputs, targets, B, 2e-3, 5);
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return (steps * B * T) / seconds;
  } finally {
    model.dispose();
  }
}

async function benchLayers(): Promise<number> {
  const recurrent = (opts: { units: number; returnSequences: boolean }) =>
    cell === 'gru' ? tf.layers.gru(opts) : cell === 'rnn' ? tf.layers.simpleRNN(opts) : tf.layers.lstm(opts);
  const model = tf.sequential();
  model.add(tf.layers.embedding({ inputDim: 256, outputDim: config.embeddingSize, inputLength: T }));
  for (let l = 0; l < config.layers; l++) model.add(recurrent({ units: config.hiddenSize, returnSequences: true }));
  model.add(tf.layers.dense({ units: 256, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(2e-3), loss: 'categoricalCrossentropy' });
  const tensorsFor = (k: number) => {
    const { inputs, targets } = batchAt(k);
    return { x: tf.tensor2d(inputs, [B, T], 'float32'), y: tf.oneHot(tf.tensor2d(targets, [B, T], 'int32'), 256) };
  };
  const fitOne = async (k: number) => {
    const { x, y } = tensorsFor(k);
    await model.fit(x, y, { batchSize: B, epochs: 1, shuffle: false, verbose: 0 });
    x.dispose();
    y.dispose();
  };
  for (let k = 0; k < warmup; k++) await fitOne(k);
  const start = process.hrtime.bigint();
  for (let k = warmup; k < warmup + steps; k++) await fitOne(k);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  model.dispose();
  return (steps * B * T) / seconds;
}

async function main(): Promise<void> {
  log(`train-bench: ${cell} embedding ${config.embeddingSize}, ${config.layers} x ${config.hiddenSize}, T = ${T}, B = ${B}, ${steps} timed steps after ${warmup} warmup, backend ${tf.getBackend()}`);
  const charsPerSec = benchRecur();
  log(`recur (fused layers, TBPTT step):   ${charsPerSec.toFixed(0)} chars/s`);
  const baselineCharsPerSec = await benchLayers();
  log(`tf.layers + model.fit (baseline):   ${baselineCharsPerSec.toFixed(0)} chars/s`);
  const ratio = charsPerSec / baselineCharsPerSec;
  log(`ratio: ${ratio.toFixed(2)}x`);
  if (json) console.log(JSON.stringify({ charsPerSec: Math.round(charsPerSec), baselineCharsPerSec: Math.round(baselineCharsPerSec), ratio: Number(ratio.toFixed(3)) }));
}

void main();
