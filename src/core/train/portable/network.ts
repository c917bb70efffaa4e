// A network trained by the portable backend (TrainableNetwork, ../backend.ts): parameters, Adam's
// moments and activations in one WebAssembly memory (engine.ts), the chunk's forward and
// backward passes (forward.ts, backward.ts), global-norm clipping and Adam (../adamMath.ts's
// maths, train.wat's adam). The recurrent state is carried from one step to the next
// (stateful truncated BPTT): gradients stop at the chunk's start.
import type { AdamState } from '../../model/checkpoint';
import type { ModelConfig } from '../../model/config';
import type { Weights } from '../../model/weights';
import { adamStepScalars, clipFactor, DEFAULT_ADAM } from '../adamMath';
import type { Evaluation, EvaluateOptions } from '../../evaluate/evaluation';
import { backwardChunk } from './backward';
import { ChunkBuffers } from './chunk';
import { Engine, type EngineOptions } from './engine';
import { evaluateNetwork } from './evaluate';
import { forwardChunk } from './forward';
import type { StepResult, TrainableNetwork } from '../backend';

/** One layer's recurrent state in the checkpoint's widths: h (and c for LSTM), [B, H] row-major. */
export interface LayerStateArrays {
  h: Float32Array;
  c?: Float32Array;
}

/** The state carried between chunks, padded: [B, Hp] per layer. */
interface Carried {
  batch: number;
  layers: { h: Float32Array; c?: Float32Array }[];
}

export class PortableNetwork implements TrainableNetwork {
  readonly engine: Engine;
  private chunk: ChunkBuffers | undefined;
  private carried: Carried | undefined;
  private t: number;
  /** What the packed weights are good for: they are re-packed after each update. */
  private packed: 'none' | 'forward' | 'backward' = 'none';

  constructor(config: ModelConfig, weights: Weights, optimizer?: AdamState, options: EngineOptions = {}) {
    this.engine = new Engine(config, options);
    const e = this.engine;
    const f32 = e.memory.f32;
    const P = e.layout.size;
    e.layout.pack(weights, f32.subarray(e.params / 4, e.params / 4 + P));
    if (optimizer) {
      e.layout.pack(optimizer.m, f32.subarray(e.m / 4, e.m / 4 + P));
      e.layout.pack(optimizer.v, f32.subarray(e.v / 4, e.v / 4 + P));
    }
    this.t = optimizer?.step ?? 0;
  }

  /** The product uses fused multiply-add (relaxed SIMD). */
  get relaxed(): boolean {
    return this.engine.compiled.relaxed;
  }

  /** One Adam step; with logitBias [batch, T, 256], on the loss of softmax(logits + logitBias) (forward.ts). */
  step(inputs: Int32Array, targets: Int32Array, batch: number, learningRate: number, clipNorm: number, logitBias?: Float32Array): StepResult {
    const nats = this.run(inputs, targets, batch, true, logitBias);
    const e = this.engine;
    const P = e.layout.size;
    const gradNorm = Math.sqrt(e.k.sumSquares(e.grads, P));
    this.t += 1;
    const { stepSize, epsHat } = adamStepScalars(this.t, learningRate);
    e.k.adam(e.params, e.grads, e.m, e.v, P, clipFactor(gradNorm, clipNorm), DEFAULT_ADAM.beta1, DEFAULT_ADAM.beta2, stepSize, epsHat);
    this.packed = 'none';
    return { loss: nats / inputs.length, gradNorm, clipped: gradNorm > clipNorm };
  }

  /**
   * The mean loss of a chunk and d loss / d every parameter (checkpoint layout), from the
   * carried state, without an update; the carried state is left as it was. For tests and tools.
   */
  gradients(inputs: Int32Array, targets: Int32Array, batch: number): { loss: number; grads: Weights; state: LayerStateArrays[] } {
    const before = this.carried;
    const nats = this.run(inputs, targets, batch, true);
    const e = this.engine;
    const grads = e.layout.unpack(e.memory.f32.subarray(e.grads / 4, e.grads / 4 + e.layout.size));
    const state = this.carriedState() ?? [];
    this.carried = before;
    return { loss: nats / inputs.length, grads, state };
  }

  /**
   * The next-byte distributions [batch * T, 256] (rows t batch + b) of a chunk, forward only,
   * from the carried state, which then becomes the chunk's final state. For tools.
   */
  predict(inputs: Int32Array, targets: Int32Array, batch: number): Float32Array {
    this.run(inputs, targets, batch, false);
    const c = this.chunk as ChunkBuffers;
    return this.engine.memory.f32.slice(c.logits / 4, c.logits / 4 + inputs.length * this.engine.dims.V);
  }

  /** Call after changing the parameters in the engine's memory directly: they are packed again before the next pass. */
  parametersChanged(): void {
    this.packed = 'none';
  }

  resetState(): void {
    this.carried = undefined;
  }

  /** The state the next step starts from (undefined: zeros), checkpoint widths. */
  carriedState(): LayerStateArrays[] | undefined {
    const { H, Hp } = this.engine.dims;
    return this.carried?.layers.map((s) => ({ h: unpadRows(s.h, H, Hp), c: s.c && unpadRows(s.c, H, Hp) }));
  }

  /** Sets the state the next step starts from: per layer h (and c for LSTM), [batch, H]. */
  setState(layers: LayerStateArrays[], batch: number): void {
    const { H, Hp, L, cell } = this.engine.dims;
    if (layers.length !== L) throw new Error(`the state needs ${L} layers, not ${layers.length}`);
    this.carried = { batch, layers: layers.map((s) => ({ h: padRows(s.h, batch, H, Hp), c: cell === 'lstm' ? padRows(s.c ?? new Float32Array(batch * H), batch, H, Hp) : undefined })) };
  }

  weights(): Weights {
    const e = this.engine;
    return e.layout.unpack(e.memory.f32.subarray(e.params / 4, e.params / 4 + e.layout.size));
  }

  optimizerState(): AdamState {
    const e = this.engine;
    const f32 = e.memory.f32;
    const P = e.layout.size;
    return { step: this.t, m: e.layout.unpack(f32.subarray(e.m / 4, e.m / 4 + P)), v: e.layout.unpack(f32.subarray(e.v / 4, e.v / 4 + P)) };
  }

  /** Evaluation (evaluate.ts) on its own streams; the training's carried state is kept. */
  evaluate(bytes: Uint8Array, options: EvaluateOptions = {}): Evaluation | undefined {
    const training = this.carried;
    try {
      return evaluateNetwork(bytes, options, {
        forward: (inputs, targets, S, fresh) => {
          if (fresh) this.carried = undefined;
          return this.run(inputs, targets, S, false);
        },
        probs: () => {
          const c = this.chunk as ChunkBuffers;
          return this.engine.memory.f32.subarray(c.logits / 4, c.logits / 4 + c.N * this.engine.dims.V);
        },
      });
    } finally {
      this.carried = training;
    }
  }

  /** Ends the worker threads; the memory goes with the last reference to the network. */
  dispose(): void {
    this.chunk = undefined;
    this.carried = undefined;
    this.engine.dispose();
  }

  /**
   * Forward (and with `backward`, backward into the gradient vector) over inputs/targets
   * [batch, T] from the carried state (logitBias: forward.ts); the final state becomes the
   * carried state. Returns the summed nats.
   */
  private run(inputs: Int32Array, targets: Int32Array, batch: number, backward: boolean, logitBias?: Float32Array): number {
    const T = inputs.length / batch;
    if (!Number.isInteger(T) || T < 1 || targets.length !== inputs.length)
      throw new Error(`inputs and targets must be [B, T] with T >= 1 (got ${inputs.length} and ${targets.length} ids for B = ${batch})`);
    if (this.carried && this.carried.batch !== batch) throw new Error(`the carried state has ${this.carried.batch} streams, not ${batch}: reset the state first`);
    const e = this.engine;
    if (!this.chunk?.fits(T, batch, backward)) this.chunk = new ChunkBuffers(e, T, batch, backward);
    const c = this.chunk;
    writeTimeMajor(e.memory.i32, c.ids / 4, inputs, batch, T, e.dims.V);
    writeTimeMajor(e.memory.i32, c.targets / 4, targets, batch, T, e.dims.V);
    if (this.packed === 'none' || (backward && this.packed === 'forward')) {
      e.packWeights(backward);
      this.packed = backward ? 'backward' : 'forward';
    }
    this.loadState(c, batch);
    const nats = forwardChunk(e, c, backward, logitBias);
    this.saveState(c, batch, T);
    if (backward) backwardChunk(e, c);
    return nats;
  }

  private loadState(c: ChunkBuffers, batch: number): void {
    const f32 = this.engine.memory.f32;
    const n = batch * this.engine.dims.Hp;
    c.layers.forEach((buf, l) => {
      const s = this.carried?.layers[l];
      if (s) f32.set(s.h, buf.h / 4);
      else f32.fill(0, buf.h / 4, buf.h / 4 + n);
      if (buf.c) {
        if (s?.c) f32.set(s.c, buf.c / 4);
        else f32.fill(0, buf.c / 4, buf.c / 4 + n);
      }
    });
  }

  private saveState(c: ChunkBuffers, batch: number, T: number): void {
    const mem = this.engine.memory;
    const n = batch * this.engine.dims.Hp;
    const last = T * n * 4; // rows T B .. (T+1) B - 1
    this.carried = { batch, layers: c.layers.map((buf) => ({ h: mem.read(buf.h + last, n), c: buf.c ? mem.read(buf.c + last, n) : undefined })) };
  }
}

/** ids [B, T] row-major into memory at i32 index `at`, time-major (row t B + b); each must be a byte. */
function writeTimeMajor(i32: Int32Array, at: number, ids: Int32Array, B: number, T: number, V: number): void {
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) {
      const id = ids[b * T + t];
      if (!(id >= 0 && id < V)) throw new Error(`byte ids must be integers from 0 to ${V - 1}, not ${id}`);
      i32[at + t * B + b] = id;
    }
}

function padRows(x: Float32Array, rows: number, H: number, Hp: number): Float32Array {
  if (x.length !== rows * H) throw new Error(`a state must hold ${rows} x ${H} floats, not ${x.length}`);
  const out = new Float32Array(rows * Hp);
  for (let r = 0; r < rows; r++) out.set(x.subarray(r * H, (r + 1) * H), r * Hp);
  return out;
}

function unpadRows(x: Float32Array, H: number, Hp: number): Float32Array {
  const rows = x.length / Hp;
  const out = new Float32Array(rows * H);
  for (let r = 0; r < rows; r++) out.set(x.subarray(r * Hp, r * Hp + H), r * H);
  return out;
}
