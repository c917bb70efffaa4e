// Training speed of the two backends on the same machine in the same run: tfjs-node (the
// project's trainer, TrainableModel, ../../src/core/train/tf/trainStep.ts) against the portable
// WebAssembly backend (PortableNetwork, ../../src/core/train/portable/), same model (the
// default: embedding 64 -> 2 x LSTM 256 -> 256), T = 64, same byte stream, same step
// (loss at every position, backprop through the chunk, clipping, Adam).
// Every measurement runs in its own process, alternately (each round measures every
// backend at every configuration, so a change in the machine's load falls on all alike), with
// the same thread limit: tfjs-node through threadEnvironment (TF_NUM_INTRAOP_THREADS), the
// portable backend through its thread count. chars/s = B * T * timed steps / seconds after
// warmup steps; the figures are the medians of the rounds. Also printed: chars per CPU-second
// (the process's user + system time, every thread), which a machine shared with other jobs
// disturbs less than the wall clock (with more than one thread it measures the work, not the
// speed).
//
//   npx tsx scripts/bench/train-backends.ts [--json] [--threads 1,2] [--batch 32,64]
//       [--rounds 3] [--steps 12] [--cell lstm|gru|rnn] [--backend node,wasm] [--no-relaxed]
// With --json the last line is one JSON object: the first configuration's node and wasm
// chars/s and ratio (wasm / node), then `configs` with every one measured.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { benchArgs } from './lib/benchArgs';
import { type CellType, DEFAULT_MODEL_CONFIG, DEFAULT_TRAIN_CONFIG, type ModelConfig } from '../../src/core/model/config';
import { threadEnvironment } from '../../src/core/threadLimits';

type Backend = 'node' | 'wasm';
const args = process.argv.slice(2);
const { option, log, json } = benchArgs(args);
const list = (name: string, fallback: string) => (option(name) ?? fallback).split(',').filter(Boolean);
const cell = (option('--cell') ?? 'lstm') as CellType;
const T = DEFAULT_TRAIN_CONFIG.seqLength;
const steps = Number(option('--steps') ?? 12);
const warmup = 2;

if (args[0] === '--worker') void worker(args[1] as Backend, Number(option('--batch')), Number(option('--threads')));
else main();

/** Seeded text-like bytes; stream b of step k continues stream b of step k-1. */
function batches(B: number, total: number): (k: number) => { inputs: Int32Array; targets: Int32Array } {
  let seed = 1;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const streams = Uint8Array.from({ length: B * (total * T + 1) }, () => 32 + Math.floor(random() * random() * 95));
  return (k) => {
    const inputs = new Int32Array(B * T);
    const targets = new Int32Array(B * T);
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++) {
        inputs[b * T + t] = streams[b * (total * T + 1) + k * T + t];
        targets[b * T + t] = streams[b * (total * T + 1) + k * T + t + 1];
      }
    return { inputs, targets };
  };
}

async function worker(backend: Backend, B: number, threads: number): Promise<void> {
  const { initWeights } = await import('../../src/core/model/initWeights');
  const config: ModelConfig = { ...DEFAULT_MODEL_CONFIG, cell };
  let model: { step(i: Int32Array, t: Int32Array, b: number, lr: number, clip: number): unknown; dispose(): void };
  if (backend === 'node') {
    await import('@tensorflow/tfjs-node');
    const { TrainableModel } = await import('../../src/core/train/tf/trainStep');
    model = new TrainableModel(config, initWeights(config, 1));
  } else {
    const { PortableNetwork } = await import('../../src/core/train/portable/network');
    const { compileKernels } = await import('../../src/core/train/portable/kernels');
    model = new PortableNetwork(config, initWeights(config, 1), undefined, { kernels: compileKernels({ relaxed: !args.includes('--no-relaxed') }), threads });
  }
  const batchAt = batches(B, warmup + steps);
  for (let k = 0; k < warmup; k++) model.step(batchAt(k).inputs, batchAt(k).targets, B, 2e-3, 5);
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (let k = warmup; k < warmup + steps; k++) model.step(batchAt(k).inputs, batchAt(k).targets, B, 2e-3, 5);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  model.dispose();
  console.log(JSON.stringify({ charsPerSec: (steps * B * T) / seconds, cpuCharsPerSec: (steps * B * T) / ((cpu.user + cpu.system) / 1e6) }));
}

interface Run {
  charsPerSec: number;
  cpuCharsPerSec: number;
}

interface Config {
  threads: number;
  batch: number;
  runs: Record<Backend, Run[]>;
}

function main(): void {
  const backends = list('--backend', 'node,wasm') as Backend[];
  const threadsList = list('--threads', '1').map(Number);
  const batchList = list('--batch', String(DEFAULT_TRAIN_CONFIG.batchSize)).map(Number);
  const rounds = Number(option('--rounds') ?? 3);
  log(
    `train-backends: ${cell}, embedding ${DEFAULT_MODEL_CONFIG.embeddingSize}, ${DEFAULT_MODEL_CONFIG.layers} x ${DEFAULT_MODEL_CONFIG.hiddenSize}, T = ${T}; ${steps} timed steps after ${warmup}; ${rounds} alternating rounds; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  );
  const configs: Config[] = threadsList.flatMap((threads) => batchList.map((batch) => ({ threads, batch, runs: { node: [], wasm: [] } })));
  for (let r = 0; r < rounds; r++)
    for (const c of configs) {
      for (const backend of r % 2 ? [...backends].reverse() : backends) c.runs[backend].push(measure(backend, c.batch, c.threads));
      log(`  round ${r + 1}/${rounds}, threads ${c.threads}, B ${c.batch}: ${backends.map((b) => `${b} ${Math.round(c.runs[b][r].charsPerSec)}`).join(', ')}`);
    }
  const results = configs.map(({ threads, batch, runs }) => {
    const med = (b: Backend, key: keyof Run) => (runs[b].length ? Math.round(median(runs[b].map((run) => run[key]))) : null);
    const [node, wasm, nodeCpu, wasmCpu] = [med('node', 'charsPerSec'), med('wasm', 'charsPerSec'), med('node', 'cpuCharsPerSec'), med('wasm', 'cpuCharsPerSec')];
    const ratio = node && wasm ? Number((wasm / node).toFixed(3)) : null;
    const cpuRatio = nodeCpu && wasmCpu ? Number((wasmCpu / nodeCpu).toFixed(3)) : null;
    log(
      `threads ${threads}, B ${String(batch).padStart(3)}: node ${node ?? '-'} chars/s | wasm ${wasm ?? '-'} chars/s | wasm/node ${ratio ?? '-'}` +
        `   (per CPU-second: node ${nodeCpu ?? '-'}, wasm ${wasmCpu ?? '-'}, ratio ${cpuRatio ?? '-'})   runs: node [${runs.node.map((x) => Math.round(x.charsPerSec)).join(', ')}] wasm [${runs.wasm.map((x) => Math.round(x.charsPerSec)).join(', ')}]`,
    );
    return { threads, batch, nodeCharsPerSec: node, wasmCharsPerSec: wasm, ratio, nodeCpuCharsPerSec: nodeCpu, wasmCpuCharsPerSec: wasmCpu, cpuRatio };
  });
  if (json) console.log(JSON.stringify({ ...results[0], configs: results }));
}

function measure(backend: Backend, batch: number, threads: number): Run {
  const env = { ...process.env, ...threadEnvironment(threads) };
  const childArgs = [
    ...process.execArgv,
    __filename,
    '--worker',
    backend,
    '--batch',
    String(batch),
    '--threads',
    String(threads),
    '--steps',
    String(steps),
    '--cell',
    cell,
    ...(args.includes('--no-relaxed') ? ['--no-relaxed'] : []),
  ];
  const result = spawnSync(process.execPath, childArgs, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = (result.stdout ?? '')
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  if (result.status !== 0 || !line) throw new Error(`${backend} worker failed (exit ${result.status}):\n${(result.stderr ?? '').slice(-2000)}`);
  return JSON.parse(line) as Run;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
