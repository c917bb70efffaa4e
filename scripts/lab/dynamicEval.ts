// Lab: the full stack on a corpus's held-out files with the network's head learning online
// (dynamic evaluation), against the same checkpoint frozen, and the oracle (better of context
// models alone and network alone, per byte). Not the product: a measurement tool.
//   tsx scripts/lab/dynamicEval.ts --checkpoint C --corpus NAME [--variant lr:decay[:warm]]... [--oracle]
import { readCheckpoint } from '../../src/core/model/checkpoint';
import { InferenceModel, type InferenceState } from '../../src/core/infer/inferenceModel';
import type { LstmSource } from '../../src/core/predict/lstmSource';
import { SteppedLstm } from '../../src/core/infer/steppedLstm';
import { stackFromSection } from '../../src/core/predict/stackState';
import { PredictorStack } from '../../src/core/predict/predictorStack';
import { DEFAULT_CONTEXT_MEMORY_MB, stackSizesFor } from '../../src/core/predict/stackConfig';
import { bitsPerCharOf, TextScorer } from '../../src/core/predict/textScorer';
import { languageCodeOfPath as languageOfPath } from '../../src/core/languages';
import { benchArgs } from '../bench/lib/benchArgs';
import { benchSplit } from '../bench/lib/benchCorpus';
import { performance } from 'node:perf_hooks';

class DynamicHead implements LstmSource {
  private readonly model: InferenceModel;
  private readonly state: InferenceState;
  private readonly H: number;
  readonly W: Float32Array; // [256, H]
  readonly b: Float32Array;
  private readonly W0: Float32Array;
  private readonly b0: Float32Array;
  private readonly probs = new Float32Array(256);
  private fresh = false;
  constructor(
    ckpt: ReturnType<typeof readCheckpoint>,
    readonly lr: number,
    readonly decay: number,
  ) {
    this.model = new InferenceModel(ckpt.model, ckpt.weights);
    this.state = this.model.newState();
    const H = (this.H = ckpt.model.hiddenSize);
    const kernel = ckpt.weights['output.kernel'];
    this.W = new Float32Array(256 * H);
    for (let j = 0; j < H; j++) for (let v = 0; v < 256; v++) this.W[v * H + j] = kernel[j * 256 + v];
    this.b = ckpt.weights['output.bias'].slice();
    this.W0 = this.W.slice();
    this.b0 = this.b.slice();
  }
  distribution(): Float32Array {
    if (this.fresh) return this.probs;
    const h = this.state.h[this.state.h.length - 1];
    const H = this.H;
    let max = -Infinity;
    for (let v = 0; v < 256; v++) {
      let z = this.b[v];
      const row = v * H;
      for (let j = 0; j < H; j++) z += this.W[row + j] * h[j];
      this.probs[v] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let v = 0; v < 256; v++) sum += this.probs[v] = Math.exp(this.probs[v] - max);
    for (let v = 0; v < 256; v++) this.probs[v] /= sum;
    this.fresh = true;
    return this.probs;
  }
  /** Scales the next advance()'s gradient step (1: plain dynamic evaluation). */
  weight = 1;
  advance(byte: number): void {
    this.distribution();
    const lr = this.lr * this.weight;
    const { decay } = this;
    const h = this.state.h[this.state.h.length - 1];
    const H = this.H;
    for (let v = 0; v < 256; v++) {
      const g = this.probs[v] - (v === byte ? 1 : 0);
      this.b[v] += -lr * g + decay * (this.b0[v] - this.b[v]);
      const row = v * H;
      const s = lr * g;
      if (decay > 0) for (let j = 0; j < H; j++) this.W[row + j] += -s * h[j] + decay * (this.W0[row + j] - this.W[row + j]);
      else for (let j = 0; j < H; j++) this.W[row + j] -= s * h[j];
    }
    this.model.step(this.state, byte);
    this.fresh = false;
  }
  reset(): void {
    this.model.resetState(this.state);
    this.fresh = false;
  }
}

/** Per training byte, bits under the context models alone, read in order (each byte predicted before it is learned): the index job's pass. */
function contextBits(files: { bytes: Uint8Array }[]): Float64Array[] & { mean: number } {
  const scorer = new TextScorer(new PredictorStack(stackSizesFor(DEFAULT_CONTEXT_MEMORY_MB)), undefined);
  const out = files.map((f) => {
    const a = new Float64Array(f.bytes.length);
    scorer.readFile(f.bytes, { onByte: (i, p) => (a[i] = -Math.log2(p)) });
    return a;
  }) as Float64Array[] & { mean: number };
  out.mean = scorer.totals.bits / scorer.totals.bytes;
  return out;
}

const args = benchArgs();
(async () => {
  const file = args.option('--checkpoint')!;
  const split = await benchSplit(args.option('--corpus')!);
  const perByte = new Map<string, { full: Float64Array[]; lstm: Float64Array[] }>();
  for (const variant of ['frozen', ...args.options('--variant')]) {
    const started = performance.now();
    const ckpt = readCheckpoint(file);
    const stack = stackFromSection(ckpt.context!);
    const [lr, decay, warm, weighted] = variant === 'frozen' ? [0, 0, 0, 0] : variant.split(':').map(Number);
    const source = variant === 'frozen' ? new SteppedLstm(new InferenceModel(ckpt.model, ckpt.weights)) : new DynamicHead(ckpt, lr, decay);
    if (warm) {
      // The index job's pass: the head learns on the training files (up to `warm` bytes), the stack does not.
      let budget = warm;
      const weights = weighted ? contextBits(split.train) : undefined;
      for (let k = 0; k < split.train.length; k++) {
        const f = split.train[k];
        if (budget <= 0) break;
        source.reset();
        const n = Math.min(f.bytes.length, budget);
        for (let i = 0; i < n; i++) {
          if (weights) (source as DynamicHead).weight = Math.min(weighted, weights[k][i] / weights.mean);
          source.distribution();
          source.advance(f.bytes[i]);
        }
        budget -= n;
      }
      if (weights) (source as DynamicHead).weight = 1;
    }
    const full: Float64Array[] = [];
    const lstm: Float64Array[] = [];
    const scorer = new TextScorer(stack, source);
    for (const f of split.held) {
      const a = new Float64Array(f.bytes.length);
      const b = new Float64Array(f.bytes.length);
      scorer.readFile(f.bytes, { language: languageOfPath(f.relativePath), onByte: (i, p, q) => ((a[i] = -Math.log2(p)), (b[i] = -Math.log2(q))) });
      full.push(a);
      lstm.push(b);
    }
    perByte.set(variant, { full, lstm });
    const t = scorer.totals;
    console.log(
      `${split.name} ${variant.padEnd(18)} full ${bitsPerCharOf(t.bits, t).toFixed(4)}  network ${bitsPerCharOf(t.lstmBits, t).toFixed(4)}  (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  if (args.argv.includes('--oracle')) {
    const contexts = new TextScorer(new PredictorStack(stackSizesFor(DEFAULT_CONTEXT_MEMORY_MB)), undefined);
    for (const f of split.train) contexts.readFile(f.bytes, { scoreFrom: f.bytes.length });
    const ctx: Float64Array[] = [];
    for (const f of split.held) {
      const a = new Float64Array(f.bytes.length);
      contexts.readFile(f.bytes, { onByte: (i, p) => (a[i] = -Math.log2(p)) });
      ctx.push(a);
    }
    const chars = contexts.totals.chars;
    for (const [variant, { full, lstm }] of perByte) {
      let sc = 0,
        sf = 0,
        sl = 0,
        so = 0,
        so3 = 0;
      ctx.forEach((c, k) => c.forEach((x, i) => ((sc += x), (sf += full[k][i]), (sl += lstm[k][i]), (so += Math.min(x, lstm[k][i])), (so3 += Math.min(x, lstm[k][i], full[k][i])))));
      console.log(
        `${split.name} ${variant.padEnd(18)} per char: contexts ${(sc / chars).toFixed(4)} network ${(sl / chars).toFixed(4)} full ${(sf / chars).toFixed(4)} oracle(ctx|net) ${(so / chars).toFixed(4)} oracle(ctx|net|full) ${(so3 / chars).toFixed(4)}`,
      );
    }
  }
})();
