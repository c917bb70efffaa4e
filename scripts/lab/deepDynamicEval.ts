// Lab: dynamic evaluation of the whole network (or some of its layers), not just the output
// layer: the held-out files are read in segments of K bytes; each segment's next-byte
// distributions come from the current weights, then one Adam step on that segment (its state
// carried from the one before, gradients stopped at its start) updates them (Krause et al.,
// 2018). The full stack reads the distributions as it would the network's. Against the frozen
// network and the product's adapted head, same run. Not the product: a measurement tool.
//   tsx scripts/lab/deepDynamicEval.ts --checkpoint C --read-workspace --corpus NAME
//     [--variant LR:K:SCOPE:PARAMS[:DECAY]]...   SCOPE file|corpus (weights start again per file, or
//     carry across the held-out files); PARAMS all, or slots joined by + (layer1+output)
import { performance } from 'node:perf_hooks';
import { readCheckpoint } from '../../src/core/model/checkpoint';
import { InferenceModel } from '../../src/core/infer/inferenceModel';
import { SteppedLstm } from '../../src/core/infer/steppedLstm';
import { AdaptiveLstm } from '../../src/core/infer/adaptiveLstm';
import { DEFAULT_DYNAMIC_EVAL } from '../../src/core/infer/adaptedHead';
import { softmax } from '../../src/core/infer/sampler';
import { PortableNetwork } from '../../src/core/train/portable/network';
import type { LstmSource } from '../../src/core/predict/lstmSource';
import { stackFromSection } from '../../src/core/predict/stackState';
import { bitsPerCharOf, TextScorer } from '../../src/core/predict/textScorer';
import { languageCodeOfPath } from '../../src/core/languages';
import { benchArgs, chosenSplits } from '../bench/lib/benchArgs';
import { benchModel } from '../bench/lib/benchModels';
import type { Weights } from '../../src/core/model/weights';

/** Distributions [n, 256] computed ahead for one file: position i's before byte i is read. */
class PrecomputedSource implements LstmSource {
  private i = 0;
  constructor(private readonly dists: Float32Array) {}
  distribution(): Float32Array {
    return this.dists.subarray(this.i * 256, (this.i + 1) * 256);
  }
  advance(): void {
    this.i++;
  }
  reset(): void {
    this.i = 0;
  }
}

interface Variant {
  lr: number;
  segment: number;
  scope: 'file' | 'corpus';
  params: string[] | 'all';
  /** Per step, the weights move this share of the way back to the trained ones. */
  decay: number;
}

function parseVariant(text: string): Variant {
  const [lr, segment, scope, params, decay] = text.split(':');
  return { lr: Number(lr), segment: Number(segment), scope: scope === 'corpus' ? 'corpus' : 'file', params: params === 'all' ? 'all' : params.split('+'), decay: Number(decay ?? 0) };
}

/** The network learning the text as it predicts it, one segment at a time. */
class DynamicNetwork {
  private net!: PortableNetwork;
  private readonly start: Float32Array;
  private readonly mask: Float32Array | undefined;

  constructor(
    private readonly ckpt: ReturnType<typeof readCheckpoint>,
    private readonly variant: Variant,
  ) {
    this.renew();
    const e = this.net.engine;
    this.start = e.memory.f32.slice(e.params / 4, e.params / 4 + e.layout.size);
    if (variant.params !== 'all') {
      this.mask = new Float32Array(e.layout.size);
      for (const [name, slot] of Object.entries(e.layout.slots)) if (variant.params.some((p) => name.startsWith(p))) this.mask.fill(1, slot.offset, slot.offset + slot.size);
    }
  }

  renew(): void {
    this.net?.dispose();
    this.net = new PortableNetwork(this.ckpt.model, this.ckpt.weights as Weights);
  }

  /** The file's distributions [n, 256], learning as it goes. */
  read(bytes: Uint8Array): Float32Array {
    if (this.variant.scope === 'file') this.renew();
    const n = bytes.length;
    const out = new Float32Array(n * 256);
    // Position 0: the zero state's prediction (the trained output bias): as SteppedLstm.
    softmax(this.ckpt.weights['output.bias'], out.subarray(0, 256));
    this.net.resetState();
    const K = this.variant.segment;
    for (let a = 1; a < n; a += K) {
      const b = Math.min(n, a + K);
      const inputs = Int32Array.from(bytes.subarray(a - 1, b - 1));
      const targets = Int32Array.from(bytes.subarray(a, b));
      const saved = this.net.carriedState();
      out.set(this.net.predict(inputs, targets, 1), a * 256);
      if (saved) this.net.setState(saved, 1);
      else this.net.resetState();
      this.learn(inputs, targets);
    }
    return out;
  }

  private learn(inputs: Int32Array, targets: Int32Array): void {
    const e = this.net.engine;
    const P = e.layout.size;
    if (!this.mask) {
      this.net.step(inputs, targets, 1, this.variant.lr, 1);
    } else {
      // Only the chosen slots move: their parameters are restored after a full step elsewhere.
      const f32 = e.memory.f32;
      const before = f32.slice(e.params / 4, e.params / 4 + P);
      this.net.step(inputs, targets, 1, this.variant.lr, 1);
      const params = e.memory.f32.subarray(e.params / 4, e.params / 4 + P);
      for (let i = 0; i < P; i++) if (this.mask[i] === 0) params[i] = before[i];
    }
    if (this.variant.decay > 0) {
      const params = e.memory.f32.subarray(e.params / 4, e.params / 4 + P);
      const d = this.variant.decay;
      for (let i = 0; i < P; i++) params[i] += d * (this.start[i] - params[i]);
    }
    this.net.parametersChanged();
  }
}

const args = benchArgs();
(async () => {
  for (const split of await chosenSplits(args)) {
    const model = await benchModel(split, args);
    const ckpt = readCheckpoint(model.checkpoint);
    const report = (name: string, scorer: TextScorer, seconds: number) =>
      console.log(
        `${split.name} ${name.padEnd(28)} full ${bitsPerCharOf(scorer.totals.bits, scorer.totals).toFixed(4)}  network ${bitsPerCharOf(scorer.totals.lstmBits, scorer.totals).toFixed(4)}  (${seconds.toFixed(0)} s)`,
      );
    const inference = new InferenceModel(ckpt.model, ckpt.weights);
    for (const [name, source] of [
      ['frozen', () => new SteppedLstm(inference)],
      ['adapted head', () => new AdaptiveLstm(inference, DEFAULT_DYNAMIC_EVAL)],
    ] as const) {
      const started = performance.now();
      const scorer = new TextScorer(stackFromSection(readCheckpoint(model.checkpoint).context!), source());
      for (const f of split.held) scorer.readFile(f.bytes, { language: languageCodeOfPath(f.relativePath) });
      report(name, scorer, (performance.now() - started) / 1000);
    }
    for (const text of args.options('--variant')) {
      const started = performance.now();
      const dynamic = new DynamicNetwork(ckpt, parseVariant(text));
      const scorer = new TextScorer(stackFromSection(readCheckpoint(model.checkpoint).context!), undefined);
      for (const f of split.held) scorer.readFile(f.bytes, { language: languageCodeOfPath(f.relativePath), lstm: new PrecomputedSource(dynamic.read(f.bytes)) });
      report(text, scorer, (performance.now() - started) / 1000);
    }
  }
})();
