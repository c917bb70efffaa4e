// Dynamic evaluation of the network's output layer: a copy of the head (kernel [256, H],
// bias [256]) that learns online from the text it reads, one SGD step on −log P(byte) after
// each byte it predicted, and decays back toward the trained head at every byte:
//   z       = W h + b                                  logits [256] (h: the last layer's [H])
//   g       = softmax(z) − onehot(byte)                [256]
//   W      <- W − lr · g ⊗ h + decay · (W₀ − W)        b likewise
// Stored as the change D = W − W₀ (with W₀ the model's own trained head), kept as scale · D'
// so that the decay is one multiplication of `scale` per byte instead of 256·H; D' is
// rescaled when `scale` gets small. A byte costs one matrix-vector product and one rank-one
// update of [256, H] in the model's kernels (WebAssembly SIMD where available).
//
// The guard: a running mean (over about guardBytes bytes) of −ln P(byte) under the adapted
// head and under the trained head, on the same bytes; while the adapted head's is higher by
// more than a small margin (adapting hurts), predictions come from the trained head. The adapted head keeps learning
// meanwhile, and is used again once it does better.
//
// Memory: H·257 floats of change (D' and the bias's), plus 5 · 256 floats of scratch.
//
//   const head = new AdaptedHead(model, DEFAULT_DYNAMIC_EVAL);
//   head.evaluate(state);  head.logits();   // the guarded logits [256] at `state`
//   head.learn(byte);                       // the byte that came; then step `state`
import type { Matrix } from './kernelTypes';
import type { InferenceModel, InferenceState } from './inferenceModel';
import { booleanOption, defaultsOf, integerOption, numberOption } from '../options';

/** The knobs of dynamic evaluation, declared once (the completion engine and the benchmarks read them here). */
export const DYNAMIC_EVAL_OPTIONS = {
  // SGD step and per-byte decay toward the trained head, measured on the tuning corpora
  // (itertools, rxjs; scripts/lab/dynamicEval.ts, docs/decisions.md): 0.03 and 3e-4 were the
  // best of the pairs tried (0.01/0, 0.003/0, 0.03/1e-3, 0.1/3e-3).
  learningRate: numberOption(0.03, { min: 0, max: 1 }),
  decay: numberOption(3e-4, { min: 0, max: 1 }),
  /** Documents with an adapted head at most (least recently used first out): memory is this × H·257 floats. */
  maxDocuments: integerOption(8, { min: 1, max: 64 }),
  /** The guard's running means span about this many bytes. */
  guardBytes: integerOption(512, { min: 1, max: 1 << 20 }),
  /** Whether the guard may fall back to the trained head (off only to measure what it costs). */
  guard: booleanOption(true),
} as const;

export type DynamicEvalOptions = { -readonly [K in keyof typeof DYNAMIC_EVAL_OPTIONS]: (typeof DYNAMIC_EVAL_OPTIONS)[K]['default'] };

export const DEFAULT_DYNAMIC_EVAL: Readonly<DynamicEvalOptions> = defaultsOf(DYNAMIC_EVAL_OPTIONS);

/** Below this, `scale` is folded into D' (one pass over [256, H]). */
const RESCALE_BELOW = 1 / 64;

/** Nats per byte the adapted head may lose before the guard falls back (so noise does not flip it). */
const GUARD_MARGIN = 0.02;

let lastVersion = 0;

export class AdaptedHead {
  private readonly delta: Matrix; // D' [256, H]; the change to the kernel is scale · D'
  private scale = 1;
  private readonly biasDelta = new Float32Array(256); // the change to the bias
  private readonly trainedLogits = new Float32Array(256); // at the evaluated state
  private readonly adaptedLogits = new Float32Array(256);
  private readonly probs = new Float32Array(256);
  private readonly scratch = new Float32Array(256); // D' h, then the update's row factors
  private readonly h: Float32Array; // [H] the evaluated state's top h
  private evaluated = false;
  private adaptedLoss = 0; // running means of −ln P(byte), nats
  private trainedLoss = 0;
  /** Bytes learned since the head was trained (or restored). */
  bytesLearned = 0;
  /** Changes whenever the head does (learn, restore); never the same for two heads' states. */
  version = ++lastVersion;

  constructor(
    readonly model: InferenceModel,
    readonly options: Readonly<DynamicEvalOptions>,
  ) {
    this.delta = model.newOutputMatrix();
    this.h = new Float32Array(model.hiddenSize);
  }

  /** True while predictions come from the adapted head (the guard has not fallen back). */
  get usesAdapted(): boolean {
    return !this.options.guard || this.adaptedLoss <= this.trainedLoss + GUARD_MARGIN;
  }

  /** Computes the trained and the adapted head's logits at `state` (its top h is copied). */
  evaluate(state: InferenceState): void {
    this.h.set(this.model.top(state));
    this.model.logits(state, this.trainedLogits);
    this.changeOf(this.h, this.adaptedLogits);
    for (let v = 0; v < 256; v++) this.adaptedLogits[v] += this.trainedLogits[v];
    this.evaluated = true;
  }

  /** The guarded logits [256] at the evaluated state (owned by the head; valid until the next evaluate or learn). */
  logits(): Float32Array {
    return this.usesAdapted ? this.adaptedLogits : this.trainedLogits;
  }

  /** The guarded logits at `state` into `out`, changing nothing the head learns with (the search's read). */
  logitsAt(state: InferenceState, out: Float32Array): Float32Array {
    this.model.logits(state, out);
    if (!this.usesAdapted || this.bytesLearned === 0) return out;
    const change = this.changeOf(this.model.top(state), this.scratch);
    for (let v = 0; v < 256; v++) out[v] += change[v];
    return out;
  }

  /** One SGD step on −log P(byte) at the evaluated state (evaluate() first), then the decay. */
  learn(byte: number): void {
    if (!this.evaluated) throw new Error('AdaptedHead.learn before evaluate');
    this.evaluated = false;
    const { learningRate: lr, decay, guardBytes } = this.options;
    const p = softmaxInto(this.adaptedLogits, this.probs);
    const rate = 1 / Math.min(guardBytes, this.bytesLearned + 1);
    this.adaptedLoss += rate * (-Math.log(Math.max(p[byte], 1e-30)) - this.adaptedLoss);
    this.trainedLoss += rate * (logSumExp(this.trainedLogits) - this.trainedLogits[byte] - this.trainedLoss);
    this.scale *= 1 - decay;
    const rowFactor = this.scratch;
    for (let v = 0; v < 256; v++) {
      const g = p[v] - (v === byte ? 1 : 0);
      this.biasDelta[v] = (1 - decay) * this.biasDelta[v] - lr * g;
      rowFactor[v] = (-lr * g) / this.scale;
    }
    this.delta.addOuter(rowFactor, this.h);
    if (this.scale < RESCALE_BELOW) {
      this.delta.scale(this.scale);
      this.scale = 1;
    }
    this.bytesLearned++;
    this.version = ++lastVersion;
  }

  /** Back to the trained head (a document closed, or its slot reused). */
  restore(): void {
    this.delta.scale(0);
    this.scale = 1;
    this.biasDelta.fill(0);
    this.adaptedLoss = this.trainedLoss = 0;
    this.bytesLearned = 0;
    this.evaluated = false;
    this.version = ++lastVersion;
  }

  /** out = scale · D' h + biasDelta  [256]. */
  private changeOf(h: Float32Array, out: Float32Array): Float32Array {
    out.fill(0);
    this.delta.addTo(h, out);
    for (let v = 0; v < 256; v++) out[v] = this.scale * out[v] + this.biasDelta[v];
    return out;
  }
}

function softmaxInto(logits: Float32Array, out: Float32Array): Float32Array {
  let max = -Infinity;
  for (let v = 0; v < 256; v++) if (logits[v] > max) max = logits[v];
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += out[v] = Math.exp(logits[v] - max);
  for (let v = 0; v < 256; v++) out[v] /= sum;
  return out;
}

function logSumExp(logits: Float32Array): number {
  let max = -Infinity;
  for (let v = 0; v < 256; v++) if (logits[v] > max) max = logits[v];
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += Math.exp(logits[v] - max);
  return max + Math.log(sum);
}
