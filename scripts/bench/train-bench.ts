// Training speed: Recur's trainer against two references, on the same machine in the same
// run, with the same shapes (embedding 64 -> 2 x LSTM 256 -> dense 256, loss at every
// position, Adam with global-norm clipping, T = 64):
//   keras     Python Keras 3 on the same TensorFlow library (pip tensorflow-cpu in a virtual
//             environment under ${RECUR_CACHE_DIR:-~/.cache/recur}/keras-venv, created on
//             first use; skipped with a message where it cannot be installed): stateful
//             LSTMs, train_on_batch (keras-bench.py)
//   tf.layers the same network from tf.layers trained with model.fit, as the tfjs
//             lstm-text-generation example does
// Every measurement runs in its own process with the thread limits of the training worker
// (threadLimits.ts: TF_NUM_INTRAOP_THREADS = N, TF_NUM_INTEROP_THREADS = 1), alternately:
// each of --rounds rounds measures every configuration (recur, keras, tf.layers; tf.layers
// in the first round only for B > 64, it is slow). The figures are the medians of the rounds,
// chars/s = B * T * timed steps / seconds, after warmup steps.
//
//   npx tsx scripts/bench/train-bench.ts [--json] [--threads 1,2] [--batch 32,64,128]
//       [--rounds 3] [--steps 20] [--cell lstm|gru|rnn] [--no-keras] [--no-layers]
// With --backend node,wasm (or either) it measures the training backends instead:
// train-backends.ts (tfjs-node against the portable WebAssembly backend, and the ratio).
// Defaults: the default batch size and the extension's automatic thread count. With --json
// the last line is one JSON object: the first configuration's charsPerSec,
// kerasCharsPerSec, kerasRatio (recur / keras; null when Keras was skipped),
// baselineCharsPerSec and ratio (recur / tf.layers), then `configs` with every one measured.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs } from './lib/benchArgs';
import { DEFAULT_MODEL_CONFIG, DEFAULT_TRAIN_CONFIG, type CellType, type ModelConfig } from '../../src/core/model/config';
import { automaticThreads, threadEnvironment } from '../../src/core/threadLimits';

const args = process.argv.slice(2);
const { option } = benchArgs(args);
const list = (name: string, fallback: number[]) => {
  const value = option(name);
  return value
    ? value
        .split(',')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0)
    : fallback;
};
const cell = (option('--cell') ?? 'lstm') as CellType;
const T = DEFAULT_TRAIN_CONFIG.seqLength;
const steps = Number(option('--steps') ?? 20);
const warmup = 3;

if (args.includes('--backend')) void import('./train-backends');
else if (args[0] === '--worker') void worker(args[1] as 'recur' | 'layers', Number(option('--batch')));
else main();

// ---------------------------------------------------------------- one measurement (child)

async function worker(kind: 'recur' | 'layers', B: number): Promise<void> {
  const tf = await import('@tensorflow/tfjs-node');
  const { initWeights } = await import('../../src/core/model/initWeights');
  const { seededRandom } = await import('../../src/core/model/random');
  const { TrainableModel } = await import('../../src/core/train/tf/trainStep');
  const config: ModelConfig = { ...DEFAULT_MODEL_CONFIG, cell };
  const n = kind === 'layers' ? Math.max(2, Math.round(steps / 3)) : steps; // tf.layers is slow: fewer steps
  // Text-like bytes: a seeded stream over printable ASCII; stream b of step k continues stream b of step k-1.
  const random = seededRandom(1);
  const total = warmup + n;
  const streams = Uint8Array.from({ length: B * (total * T + 1) }, () => 32 + Math.floor(random() * random() * 95));
  const batchAt = (k: number) => {
    const inputs = new Int32Array(B * T);
    const targets = new Int32Array(B * T);
    for (let b = 0; b < B; b++) {
      const base = b * (total * T + 1) + k * T;
      for (let t = 0; t < T; t++) {
        inputs[b * T + t] = streams[base + t];
        targets[b * T + t] = streams[base + t + 1];
      }
    }
    return { inputs, targets };
  };
  let seconds: number;
  if (kind === 'recur') {
    const model = new TrainableModel(config, initWeights(config, 1));
    for (let k = 0; k < warmup; k++) model.step(batchAt(k).inputs, batchAt(k).targets, B, 2e-3, 5);
    const start = process.hrtime.bigint();
    for (let k = warmup; k < total; k++) {
      const { inputs, targets } = batchAt(k);
      model.step(inputs, targets, B, 2e-3, 5); // reads back the loss and the norm: synchronous
    }
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
    model.dispose();
  } else {
    const recurrent = (opts: { units: number; returnSequences: boolean }) => (cell === 'gru' ? tf.layers.gru(opts) : cell === 'rnn' ? tf.layers.simpleRNN(opts) : tf.layers.lstm(opts));
    const model = tf.sequential();
    model.add(tf.layers.embedding({ inputDim: 256, outputDim: config.embeddingSize, inputLength: T }));
    for (let l = 0; l < config.layers; l++) model.add(recurrent({ units: config.hiddenSize, returnSequences: true }));
    model.add(tf.layers.dense({ units: 256, activation: 'softmax' }));
    model.compile({ optimizer: tf.train.adam(2e-3), loss: 'categoricalCrossentropy' });
    const fitOne = async (k: number) => {
      const { inputs, targets } = batchAt(k);
      const x = tf.tensor2d(inputs, [B, T], 'float32');
      const y = tf.oneHot(tf.tensor2d(targets, [B, T], 'int32'), 256);
      await model.fit(x, y, { batchSize: B, epochs: 1, shuffle: false, verbose: 0 });
      x.dispose();
      y.dispose();
    };
    for (let k = 0; k < warmup; k++) await fitOne(k);
    const start = process.hrtime.bigint();
    for (let k = warmup; k < total; k++) await fitOne(k);
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
    model.dispose();
  }
  console.log(JSON.stringify({ charsPerSec: (n * B * T) / seconds }));
}

// ---------------------------------------------------------------- the comparison (parent)

interface ConfigResult {
  threads: number;
  batch: number;
  charsPerSec: number;
  kerasCharsPerSec: number | null;
  kerasRatio: number | null;
  baselineCharsPerSec: number | null;
  ratio: number | null;
  runs: { recur: number[]; keras: number[]; layers: number[] };
}

function main(): void {
  const json = args.includes('--json');
  const log = (line: string) => (json ? console.error(line) : console.log(line));
  const threadsList = list('--threads', [automaticThreads(DEFAULT_TRAIN_CONFIG.batchSize)]);
  const batches = list('--batch', [DEFAULT_TRAIN_CONFIG.batchSize]);
  const rounds = Number(option('--rounds') ?? 3);
  const withLayers = !args.includes('--no-layers');
  const python = args.includes('--no-keras') ? undefined : kerasPython(log);
  const config = { ...DEFAULT_MODEL_CONFIG, cell };
  log(
    `train-bench: ${cell}, embedding ${config.embeddingSize}, ${config.layers} x ${config.hiddenSize}, T = ${T}; ${steps} timed steps after ${warmup} warmup; ${rounds} alternating rounds; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  );
  const configs = threadsList.flatMap((threads) => batches.map((batch) => ({ threads, batch, runs: { recur: [] as number[], keras: [] as number[], layers: [] as number[] } })));
  // Round-robin: every round measures every configuration (recur, keras, tf.layers), so a
  // change in the machine's load falls on all of them alike.
  for (let r = 0; r < rounds; r++) {
    for (const { threads, batch: B, runs } of configs) {
      const env = { ...process.env, ...threadEnvironment(threads) };
      runs.recur.push(runChild(process.execPath, [...process.execArgv, __filename, '--worker', 'recur', '--batch', String(B), '--steps', String(steps), '--cell', cell], env));
      if (python) runs.keras.push(runChild(python, kerasArgs(B, config), env));
      if (withLayers && (r === 0 || B <= 64))
        runs.layers.push(runChild(process.execPath, [...process.execArgv, __filename, '--worker', 'layers', '--batch', String(B), '--steps', String(steps), '--cell', cell], env));
      if (!json) process.stdout.write(`  round ${r + 1}/${rounds}, threads ${threads}, B ${B}: recur ${Math.round(runs.recur[r])}${python ? `, keras ${Math.round(runs.keras[r])}` : ''}\n`);
    }
  }
  const results = configs.map((measured) => configResult(measured, python !== undefined, withLayers, log));
  if (!python && !args.includes('--no-keras')) log('keras: skipped (see the message above)');
  if (json) {
    const first = results[0];
    console.log(
      JSON.stringify({
        charsPerSec: first.charsPerSec,
        kerasCharsPerSec: first.kerasCharsPerSec,
        kerasRatio: first.kerasRatio,
        baselineCharsPerSec: first.baselineCharsPerSec,
        ratio: first.ratio,
        configs: results.map(({ runs: _runs, ...rest }) => rest),
      }),
    );
  }
}

/** Keras's benchmark arguments for batch size B at the model's size. */
function kerasArgs(B: number, config: { embeddingSize: number; hiddenSize: number; layers: number }): string[] {
  const flags = { batch: B, seq: T, steps, warmup, cell, embedding: config.embeddingSize, hidden: config.hiddenSize, layers: config.layers };
  return [path.join(__dirname, 'keras-bench.py'), ...Object.entries(flags).flatMap(([name, value]) => [`--${name}`, String(value)])];
}

/** One configuration's medians and ratios, logged. */
function configResult(
  { threads, batch: B, runs }: { threads: number; batch: number; runs: { recur: number[]; keras: number[]; layers: number[] } },
  withKeras: boolean,
  withLayers: boolean,
  log: (line: string) => void,
): ConfigResult {
  const recur = median(runs.recur);
  const keras = withKeras ? median(runs.keras) : null;
  const layers = withLayers ? median(runs.layers) : null;
  const result: ConfigResult = {
    threads,
    batch: B,
    charsPerSec: Math.round(recur),
    kerasCharsPerSec: keras === null ? null : Math.round(keras),
    kerasRatio: keras === null ? null : round3(recur / keras),
    baselineCharsPerSec: layers === null ? null : Math.round(layers),
    ratio: layers === null ? null : round3(recur / layers),
    runs: { recur: runs.recur.map(Math.round), keras: runs.keras.map(Math.round), layers: runs.layers.map(Math.round) },
  };
  log(
    `threads ${threads}, B ${String(B).padStart(3)}: recur ${fmt(recur)} chars/s` +
      (keras === null ? '' : ` | keras ${fmt(keras)} (recur/keras ${result.kerasRatio!.toFixed(2)}x)`) +
      (layers === null ? '' : ` | tf.layers ${fmt(layers)} (recur/tf.layers ${result.ratio!.toFixed(2)}x)`) +
      `   runs: recur [${result.runs.recur.join(', ')}] keras [${result.runs.keras.join(', ')}] tf.layers [${result.runs.layers.join(', ')}]`,
  );
  return result;
}

function runChild(command: string, childArgs: string[], env: NodeJS.ProcessEnv): number {
  const result = spawnSync(command, childArgs, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = (result.stdout ?? '')
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  if (result.status !== 0 || !line) throw new Error(`${path.basename(command)} ${childArgs.slice(-12).join(' ')} failed (exit ${result.status}):\n${(result.stderr ?? '').slice(-2000)}`);
  return (JSON.parse(line) as { charsPerSec: number }).charsPerSec;
}

/** The Python of a virtual environment with tensorflow-cpu, created on first use; undefined (with a message) when it cannot be. */
function kerasPython(log: (line: string) => void): string | undefined {
  const cache = process.env.RECUR_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'recur');
  const venv = path.join(cache, 'keras-venv');
  const python = path.join(venv, 'bin', 'python');
  const hasTensorflow = () => fs.existsSync(python) && spawnSync(python, ['-c', 'import tensorflow, keras'], { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } }).status === 0;
  if (hasTensorflow()) return python;
  log(`keras: installing tensorflow-cpu into ${venv} (once; about 270 MB; log in ${venv}.log)...`);
  fs.mkdirSync(cache, { recursive: true });
  const logFile = `${venv}.log`;
  const step = (command: string, commandArgs: string[]) => {
    const r = spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    fs.appendFileSync(logFile, `$ ${command} ${commandArgs.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}\n`);
    return r.status === 0;
  };
  if ((fs.existsSync(python) || step('python3', ['-m', 'venv', venv])) && step(path.join(venv, 'bin', 'pip'), ['install', '--quiet', 'tensorflow-cpu']) && hasTensorflow()) return python;
  log(`keras: skipped: could not install tensorflow-cpu into a virtual environment (python3 -m venv + pip install tensorflow-cpu; see ${logFile})`);
  return undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function round3(x: number): number {
  return Number(x.toFixed(3));
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US').padStart(6);
}
