// Dynamic evaluation of the network's output layer: a copy of the head (kernel [256, H],
// bias [256]) that learns online from the text it reads, one SGD step on −log P(byte) after
// each byte it predicted, and decays back toward the trained head:
//   z       = W h + b                                  logits [256] (h: the last layer's [H])
//   g       = softmax(z) − onehot(byte)                [256]
//   W      <- W − lr · g ⊗ h                           b <- b − lr · g
//   every DECAY_EVERY bytes:  W <- W₀ + (1 − decay)^DECAY_EVERY · (W − W₀), b likewise
// (W₀, b₀: the model's trained head). A byte costs one matrix-vector product and one rank-one
// update of [256, H] in the model's kernels (WebAssembly SIMD where available), the decay
// one pass over [256, H] every DECAY_EVERY bytes; reading the head (the search) costs what
// the trained head costs.
//
// The guard: on every GUARD_EVERY-th byte learned, −ln P(byte) under the adapted head and
// under the trained head, as running means over about guardBytes bytes; predictions come from
// the trained head until the adapted one has learned GUARD_MIN_BYTES bytes (a few dozen bytes
// made it surer of the wrong byte: a name copied from the document was cut after 4
// characters, in-host test "a name from a file saved a moment ago"), and while the adapted
// head's mean is higher by more than a small margin (adapting hurts). The adapted head keeps
// learning meanwhile, and is used once it does as well.
//
// Memory: H·257 floats (the kernel and the bias), plus 4 · 256 floats of scratch.
//
//   const head = new AdaptedHead(model, DEFAULT_DYNAMIC_EVAL);
//   head.evaluate(state);  head.logits();   // the guarded logits [256] at `state`
//   head.learn(byte);                       // the byte that came; then step `state`
import type { Matrix } from './kernelTypes';
import type { InferenceModel, InferenceState } from './inferenceModel';
import { booleanOption, defaultsOf, integerOption, numberOption } from '../options';
import { softmax } from './sampler';

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
  /**
   * The editor's head learns only bytes among the last this many before the cursor when it
   * reads them (../infer/stateCache.ts): all that is typed, the end of a first read. A byte
   * learned costs about a fifth of a model step: reading a window of 512 bytes learning every
   * one cost a cold request 27% more CPU (bench:complete, p95 40.7 -> 51.9 ms).
   */
  learnLastBytes: integerOption(128, { min: 0, max: 1 << 20 }),
  /** Whether the guard may fall back to the trained head (off only to measure what it costs). */
  guard: booleanOption(true),
} as const;

export type DynamicEvalOptions = { -readonly [K in keyof typeof DYNAMIC_EVAL_OPTIONS]: (typeof DYNAMIC_EVAL_OPTIONS)[K]['default'] };

export const DEFAULT_DYNAMIC_EVAL: Readonly<DynamicEvalOptions> = defaultsOf(DYNAMIC_EVAL_OPTIONS);

/** Bytes between two decay passes. */
const DECAY_EVERY = 32;
/** The guard compares the heads on one byte in this many (the trained head's logits cost a product). */
const GUARD_EVERY = 4;
/** Bytes the adapted head learns before it is used. */
const GUARD_MIN_BYTES = 256;
/** Nats per byte the adapted head may lose before the guard falls back (so noise does not flip it). */
const GUARD_MARGIN = 0.02;

let lastVersion = 0;

export class AdaptedHead {
  private readonly kernel: Matrix; // W [256, H]
  private readonly bias: Float32Array; // b [256]
  private readonly trainedLogits = new Float32Array(256); // at the evaluated state, when computed
  private readonly adaptedLogits = new Float32Array(256);
  private readonly probs = new Float32Array(256);
  private readonly rowFactor = new Float32Array(256);
  private readonly h: Float32Array; // [H] the evaluated state's top h
  private evaluated = false;
  private trainedEvaluated = false;
  private adaptedLoss = 0; // running means of −ln P(byte), nats
  private trainedLoss = 0;
  private compared = 0; // bytes the guard compared the heads on
  /** Bytes learned since the head was trained (or restored). */
  bytesLearned = 0;
  /** Changes whenever the head does (learn, restore); never the same for two heads' states. */
  version = ++lastVersion;

  constructor(
    readonly model: InferenceModel,
    readonly options: Readonly<DynamicEvalOptions>,
  ) {
    this.kernel = model.newOutputMatrix();
    this.bias = model.outputBias.slice();
    this.h = new Float32Array(model.hiddenSize);
  }

  /** True while predictions come from the adapted head (the guard has not fallen back). */
  get usesAdapted(): boolean {
    return !this.options.guard || (this.bytesLearned >= GUARD_MIN_BYTES && this.adaptedLoss <= this.trainedLoss + GUARD_MARGIN);
  }

  /** Computes the adapted head's logits at `state` (and the trained head's when the guard needs them); its top h is copied. */
  evaluate(state: InferenceState): void {
    this.h.set(this.model.top(state));
    this.adaptedLogits.set(this.bias);
    this.kernel.addTo(this.h, this.adaptedLogits);
    this.trainedEvaluated = !this.usesAdapted || this.bytesLearned % GUARD_EVERY === 0;
    if (this.trainedEvaluated) this.model.logits(state, this.trainedLogits);
    this.evaluated = true;
  }

  /** The guarded logits [256] at the evaluated state (owned by the head; valid until the next evaluate or learn). */
  logits(): Float32Array {
    return this.usesAdapted ? this.adaptedLogits : this.trainedLogits;
  }

  /** The guarded logits at `state` into `out`, changing nothing the head learns with (the search's read). */
  logitsAt(state: InferenceState, out: Float32Array): Float32Array {
    if (!this.usesAdapted) return this.model.logits(state, out);
    out.set(this.bias);
    this.kernel.addTo(this.model.top(state), out);
    return out;
  }

  /** One SGD step on −log P(byte) at the evaluated state (evaluate() first); the decay every DECAY_EVERY bytes. */
  learn(byte: number): void {
    if (!this.evaluated) throw new Error('AdaptedHead.learn before evaluate');
    this.evaluated = false;
    const lr = this.options.learningRate;
    const p = softmax(this.adaptedLogits, this.probs);
    if (this.trainedEvaluated) this.guard(-Math.log(Math.max(p[byte], 1e-30)), logSumExp(this.trainedLogits) - this.trainedLogits[byte]);
    for (let v = 0; v < 256; v++) {
      const step = -lr * (p[v] - (v === byte ? 1 : 0));
      this.bias[v] += step;
      this.rowFactor[v] = step;
    }
    this.kernel.addOuter(this.rowFactor, this.h);
    this.bytesLearned++;
    if (this.bytesLearned % DECAY_EVERY === 0) this.decay();
    this.version = ++lastVersion;
  }

  /** Back to the trained head (a document closed, or its slot reused). */
  restore(): void {
    this.kernel.blend(this.model.outputT, 0);
    this.bias.set(this.model.outputBias);
    this.adaptedLoss = this.trainedLoss = 0;
    this.compared = 0;
    this.bytesLearned = 0;
    this.evaluated = false;
    this.version = ++lastVersion;
  }

  private guard(adaptedNats: number, trainedNats: number): void {
    this.compared++;
    const rate = 1 / Math.min(this.options.guardBytes / GUARD_EVERY, this.compared);
    this.adaptedLoss += rate * (adaptedNats - this.adaptedLoss);
    this.trainedLoss += rate * (trainedNats - this.trainedLoss);
  }

  private decay(): void {
    const keep = (1 - this.options.decay) ** DECAY_EVERY;
    this.kernel.blend(this.model.outputT, keep);
    const trained = this.model.outputBias;
    for (let v = 0; v < 256; v++) this.bias[v] = trained[v] + keep * (this.bias[v] - trained[v]);
  }
}

function logSumExp(logits: Float32Array): number {
  let max = -Infinity;
  for (let v = 0; v < 256; v++) if (logits[v] > max) max = logits[v];
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += Math.exp(logits[v] - max);
  return max + Math.log(sum);
}
