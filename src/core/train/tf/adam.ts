// Adam, written out so its moments can be saved to and restored from the checkpoint
// (AdamState in checkpoint.ts); the maths and constants are ../adamMath.ts's.
import type { AdamState } from '../../model/checkpoint';
import { type NativeOps, nativeOps, type ResourceVariable } from './native';
import * as tf from './tf';
import type { Weights } from '../../model/weights';
import { type AdamOptions, adamStepScalars, DEFAULT_ADAM } from '../adamMath';

export class Adam {
  private readonly names: string[];
  private readonly sizes: number[];
  private readonly state: FlatState | NativeState;
  private t: number;

  constructor(
    private readonly params: Record<string, tf.Variable>,
    restored?: AdamState,
    private readonly options: AdamOptions = DEFAULT_ADAM,
  ) {
    this.t = restored?.step ?? 0;
    this.names = Object.keys(params);
    this.sizes = this.names.map((name) => params[name].size);
    const native = nativeOps();
    this.state = native ? new NativeState(native, params, restored, options) : new FlatState(params, this.names, this.sizes, restored, options);
  }

  get step(): number {
    return this.t;
  }

  /** One update of every parameter (a gradient for each is required). */
  apply(grads: Record<string, tf.Tensor>, learningRate: number): void {
    tf.dispose(this.applyClipped(grads, learningRate, Infinity));
  }

  /**
   * Global-norm clipping (clipping.ts) and the Adam update of every parameter in one go.
   * Returns the norm before clipping (a scalar tensor the caller disposes).
   */
  applyClipped(grads: Record<string, tf.Tensor>, learningRate: number, maxNorm: number): tf.Scalar {
    for (const name of this.names) if (!grads[name]) throw new Error(`no gradient for parameter ${name}`);
    this.t += 1;
    const { stepSize, epsHat } = adamStepScalars(this.t, learningRate, this.options); // ε folded into the bias-corrected form
    return tf.tidy(() => this.state.update(grads, { t: this.t, learningRate, stepSize, epsHat, maxNorm }));
  }

  exportState(): AdamState {
    const { m, v } = this.state.read();
    const split = (data: Float32Array | Record<string, Float32Array>): Weights => {
      if (!(data instanceof Float32Array)) return data;
      const out: Weights = {};
      let offset = 0;
      this.names.forEach((name, k) => {
        out[name] = data.slice(offset, offset + this.sizes[k]);
        offset += this.sizes[k];
      });
      return out;
    };
    return { step: this.t, m: split(m), v: split(v) };
  }

  dispose(): void {
    this.state.dispose();
  }
}

interface UpdateArgs {
  t: number;
  learningRate: number;
  stepSize: number;
  epsHat: number;
  maxNorm: number;
}

/** Clipping g <- g * min(1, θ/||g||); θ/||g|| is +Infinity for a zero gradient, and min(1, ·) still gives 1. */
function clipScale(norm: tf.Scalar, maxNorm: number): tf.Scalar {
  return Number.isFinite(maxNorm) ? (tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm), norm)) as tf.Scalar) : tf.scalar(1);
}

/**
 * On the tensorflow backend: m and v are TensorFlow resource variables, and so is a working
 * copy of every parameter, updated in place by ResourceApplyAdam (one pass over var, m, v
 * and g per parameter); the tf.Variable then takes the new value without a copy. The
 * norm is Σ L2Loss (no squared temporary). About 3 ops per parameter, and a third of the
 * memory traffic of the flat-vector form below.
 */
class NativeState {
  private readonly vars: Record<string, ResourceVariable> = {};
  private readonly m: Record<string, ResourceVariable> = {};
  private readonly v: Record<string, ResourceVariable> = {};
  private readonly beta1: tf.Scalar;
  private readonly beta2: tf.Scalar;

  constructor(
    private readonly native: NativeOps,
    private readonly params: Record<string, tf.Variable>,
    restored: AdamState | undefined,
    private readonly options: AdamOptions,
  ) {
    for (const [name, p] of Object.entries(params)) {
      this.vars[name] = native.variable(p);
      for (const [moments, saved] of [
        [this.m, restored?.m[name]],
        [this.v, restored?.v[name]],
      ] as const) {
        // A copy of the saved moments: TensorFlow may take the array's memory as the variable's buffer and update it in place.
        const initial = saved ? tf.tensor(saved.slice(0, p.size), p.shape) : tf.zerosLike(p);
        moments[name] = native.variable(initial);
        initial.dispose();
      }
    }
    this.beta1 = tf.keep(tf.scalar(options.beta1));
    this.beta2 = tf.keep(tf.scalar(options.beta2));
  }

  update(grads: Record<string, tf.Tensor>, a: UpdateArgs): tf.Scalar {
    const names = Object.keys(this.params);
    const native = this.native;
    const halfSquares = native.handleScope(() => native.adopt(names.map((n) => native.l2Loss(grads[n])).reduce((sum, x) => native.add(sum, x)))); // Σ ||g||² / 2
    const norm = tf.sqrt(tf.mul(halfSquares, 2)) as tf.Scalar;
    // The ops ran already (eager, synchronous): reading the norm costs no wait, and an
    // unclipped step then skips a pass over every gradient.
    const clipped = norm.dataSync()[0] > a.maxNorm;
    const scale = clipped ? clipScale(norm, a.maxNorm) : undefined;
    const scalars = {
      beta1Power: tf.scalar(Math.pow(this.options.beta1, a.t)),
      beta2Power: tf.scalar(Math.pow(this.options.beta2, a.t)),
      learningRate: tf.scalar(a.learningRate),
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: tf.scalar(a.epsHat), // TensorFlow adds ε to √v; ε̂ = ε √(1-β2^t) makes it the textbook update
    };
    for (const name of names) {
      this.native.applyAdam(this.vars[name], this.m[name], this.v[name], scalars, scale ? tf.mul(grads[name], scale) : grads[name]);
      this.params[name].assign(this.vars[name].read()); // the variable takes the buffer; the next in-place update copies first
    }
    return norm;
  }

  read(): { m: Record<string, Float32Array>; v: Record<string, Float32Array> } {
    const read = (moments: Record<string, ResourceVariable>) => tf.tidy(() => Object.fromEntries(Object.entries(moments).map(([name, r]) => [name, r.read().dataSync() as Float32Array])));
    return { m: read(this.m), v: read(this.v) };
  }

  dispose(): void {
    for (const r of [...Object.values(this.vars), ...Object.values(this.m), ...Object.values(this.v)]) r.dispose();
    this.beta1.dispose();
    this.beta2.dispose();
  }
}

/**
 * Elsewhere: the moments as one flat vector each, and clipping and Adam in one pass over
 * one flat vector of all gradients (about 20 large tfjs ops). The clipping scale s enters
 * m as s g and v as s² g².
 */
class FlatState {
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;

  constructor(
    private readonly params: Record<string, tf.Variable>,
    private readonly names: string[],
    private readonly sizes: number[],
    restored: AdamState | undefined,
    private readonly options: AdamOptions,
  ) {
    const flat = (saved: Weights | undefined) => {
      const data = new Float32Array(sizes.reduce((x, y) => x + y, 0));
      let offset = 0;
      names.forEach((name, k) => {
        const values = saved?.[name];
        if (values) data.set(values.subarray(0, sizes[k]), offset);
        offset += sizes[k];
      });
      return moment(tf.tensor1d(data));
    };
    this.m = flat(restored?.m);
    this.v = flat(restored?.v);
  }

  update(grads: Record<string, tf.Tensor>, a: UpdateArgs): tf.Scalar {
    const { beta1, beta2 } = this.options;
    const g = tf.concat(this.names.map((name) => tf.reshape(grads[name], [-1]))) as tf.Tensor1D;
    const g2 = tf.square(g);
    const norm = tf.sqrt(tf.sum(g2)) as tf.Scalar;
    const scale = clipScale(norm, a.maxNorm);
    const m = tf.add(tf.mul(this.m, beta1), tf.mul(g, tf.mul(scale, 1 - beta1)));
    const v = tf.add(tf.mul(this.v, beta2), tf.mul(g2, tf.mul(tf.square(scale), 1 - beta2)));
    this.m.assign(m);
    this.v.assign(v);
    const step = tf.mul(tf.div(m, tf.add(tf.sqrt(v), a.epsHat)), a.stepSize);
    const updated = tf.split(tf.sub(tf.concat(this.names.map((name) => tf.reshape(this.params[name], [-1]))), step), this.sizes);
    this.names.forEach((name, k) => this.params[name].assign(tf.reshape(updated[k], this.params[name].shape)));
    return norm;
  }

  read(): { m: Float32Array; v: Float32Array } {
    return { m: this.m.dataSync() as Float32Array, v: this.v.dataSync() as Float32Array };
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}

function moment(initial: tf.Tensor): tf.Variable {
  const variable = tf.variable(initial, false);
  initial.dispose(); // the variable holds its own reference to the data
  return variable;
}
