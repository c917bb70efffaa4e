// Lab: fine-tuning the network for what the context models miss. The split's training files
// are read once, in order, by the context models alone (the base model's weighing, empty
// statistics, learning as they go: what they know of each position before it, as on a file
// they have not seen); their k likeliest next bytes are kept per position. The network is then
// fine-tuned (portable backend, the product's fine-tune schedule) on the loss of
//   softmax(logits + alpha * log P_contexts)
// (a product of the two models' distributions), so its gradient comes from what the context
// models get wrong, not from what they already predict. --arm plain trains the same steps on
// the network's own loss, for a baseline in the same code. Writes the base checkpoint with the
// fine-tuned network; measure it with
//   npm run bench:quality -- --checkpoint OUT --read-workspace --corpus NAME
// Not the product: a measurement tool.
//   tsx scripts/lab/residualFineTune.ts --checkpoint models/base.recur --corpus ts-project
//     --arm plain|residual [--steps 700] [--lr 1e-3] [--alpha 1] [--top 12] --out FILE
import { performance } from 'node:perf_hooks';
import { readCheckpoint, writeCheckpointAtomic } from '../../src/core/model/checkpoint';
import { DEFAULT_TRAIN_CONFIG, fineTuneConfig, trainConfigFor } from '../../src/core/model/config';
import type { Weights } from '../../src/core/model/weights';
import { ByteHistory } from '../../src/core/predict/byteHistory';
import { Cursor } from '../../src/core/predict/cursor';
import { MATCH_SOURCES } from '../../src/core/predict/predictorStack';
import { stackSizesFor, DEFAULT_CONTEXT_MEMORY_MB } from '../../src/core/predict/stackConfig';
import { stackFromSection } from '../../src/core/predict/stackState';
import { languageCodeOfPath } from '../../src/core/languages';
import { StreamBatcher } from '../../src/core/train/batcher';
import { joinFiles } from '../../src/core/corpus/readCorpus';
import { PortableNetwork } from '../../src/core/train/portable/network';
import { learningRateAt } from '../../src/core/train/schedule';
import { benchArgs, chosenSplits } from '../bench/lib/benchArgs';

const SEPARATOR = 0x00;
const V = 256;

/** The context models' k likeliest next bytes at each position of `text` (the rest share what is left). */
interface ContextGuesses {
  top: number;
  bytes: Uint8Array; // [n, top]
  probs: Float32Array; // [n, top], 0 past the bytes found
}

function contextGuesses(ckpt: ReturnType<typeof readCheckpoint>, files: { bytes: Uint8Array; relativePath: string }[], n: number, top: number): ContextGuesses {
  const stack = stackFromSection(ckpt.context!).withEmptyStatistics(stackSizesFor(DEFAULT_CONTEXT_MEMORY_MB));
  stack.languageContexts = true;
  const guesses: ContextGuesses = { top, bytes: new Uint8Array(n * top), probs: new Float32Array(n * top) };
  const found = new Int32Array(top);
  const probs = new Float64Array(top);
  let at = 0;
  const started = performance.now();
  for (const file of files) {
    if (at >= n) break;
    const cursor = new Cursor(MATCH_SOURCES);
    cursor.language = languageCodeOfPath(file.relativePath);
    const document = new ByteHistory(Math.max(64, file.bytes.length + 1), ByteHistory.indexBitsFor(file.bytes.length));
    const histories = stack.histories(document);
    for (let i = 0; i < file.bytes.length && at < n; i++, at++) {
      const byte = file.bytes[i];
      const k = stack.topBytes(cursor, document, undefined, top, 1e-4, found, probs);
      for (let j = 0; j < k; j++) {
        guesses.bytes[at * top + j] = found[j];
        guesses.probs[at * top + j] = probs[j];
      }
      stack.learnByte(cursor, document, undefined, byte);
      cursor.push(byte, histories);
      document.append(byte);
    }
    stack.workspace.appendAll(file.bytes);
    stack.workspace.append(SEPARATOR);
    at++; // the separator: no guess (a zero row: the network's own loss there)
  }
  console.log(`context guesses: ${n} positions, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return guesses;
}

/** alpha * log P_contexts for position `pos` into row [V] (bytes outside the k share the rest). */
function biasRow(g: ContextGuesses, pos: number, alpha: number, row: Float32Array): void {
  let mass = 0;
  let count = 0;
  for (let j = 0; j < g.top; j++) {
    const p = g.probs[pos * g.top + j];
    if (p > 0) {
      mass += p;
      count++;
    }
  }
  if (count === 0) {
    row.fill(0);
    return;
  }
  const rest = Math.max(1e-6, (1 - mass) / (V - count));
  row.fill(alpha * Math.log(rest));
  for (let j = 0; j < count; j++) row[g.bytes[pos * g.top + j]] = alpha * Math.log(Math.max(rest, g.probs[pos * g.top + j]));
}

const args = benchArgs();
(async () => {
  const [split] = await chosenSplits(args);
  const ckpt = readCheckpoint(args.option('--checkpoint') ?? 'models/base.recur');
  const arm = args.option('--arm') ?? 'residual';
  const steps = Number(args.option('--steps') ?? 700);
  const alpha = Number(args.option('--alpha') ?? 1);
  const top = Number(args.option('--top') ?? 12);
  const out = args.option('--out');
  if (!out) throw new Error('give --out FILE');
  const train = trainConfigFor({
    ...fineTuneConfig(DEFAULT_TRAIN_CONFIG),
    maxSteps: steps,
    maxMinutes: 0,
    learningRate: Number(args.option('--lr') ?? fineTuneConfig(DEFAULT_TRAIN_CONFIG).learningRate),
  });

  const text = joinFiles(split.train);
  const batcher = new StreamBatcher(text, train.batchSize, train.seqLength);
  const { batch: B, seqLength: T, streamLength: L } = batcher;
  console.log(`${split.name}: ${text.length} bytes of training text, ${B} x ${T}, ${steps} steps (${(steps / batcher.chunksPerEpoch).toFixed(2)} epochs), lr ${train.learningRate}, arm ${arm}`);
  const guesses = arm === 'residual' ? contextGuesses(ckpt, split.train, text.length, top) : undefined;

  const net = new PortableNetwork(ckpt.model, ckpt.weights as Weights);
  const bias = guesses ? new Float32Array(B * T * V) : undefined;
  const row = new Float32Array(V);
  const started = performance.now();
  let nats = 0;
  let count = 0;
  for (let step = 0; step < steps; step++) {
    const chunk = batcher.chunk(step);
    if (chunk.resetState) net.resetState();
    const k = step % batcher.chunksPerEpoch;
    if (guesses && bias) {
      for (let b = 0; b < B; b++)
        for (let t = 0; t < T; t++) {
          biasRow(guesses, b * L + k * T + t + 1, alpha, row);
          bias.set(row, (b * T + t) * V);
        }
    }
    const lr = learningRateAt(train, step, step / steps);
    const result = net.step(chunk.inputs, chunk.targets, B, lr, train.clipNorm, bias);
    nats += result.loss;
    count++;
    if ((step + 1) % 50 === 0) {
      console.log(`step ${step + 1}: loss ${(nats / count / Math.LN2).toFixed(3)} bits/byte, lr ${lr.toExponential(2)}, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      nats = 0;
      count = 0;
    }
  }
  writeCheckpointAtomic(out, { ...ckpt, weights: net.weights() });
  net.dispose();
  console.log(`wrote ${out}`);
})();
