// Adam, written out so its moments can be saved to and restored from the checkpoint
// (AdamState in checkpoint.ts):
//   m <- β1 m + (1-β1) g;  v <- β2 v + (1-β2) g²;  t <- t + 1
//   p <- p - lr * (m / (1-β1^t)) / (sqrt(v / (1-β2^t)) + ε)
import type { AdamState } from '../model/checkpoint';
import * as tf from '../model/tf/tf';
import type { Weights } from '../model/weights';

export interface AdamOptions {
  beta1: number;
  beta2: number;
  epsilon: number;
}

export const DEFAULT_ADAM: Readonly<AdamOptions> = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

export class Adam {
  /** The moments of every parameter, flattened and concatenated in the order of `names`. */
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private readonly names: string[];
  private readonly sizes: number[];
  private t: number;

  constructor(
    private readonly params: Record<string, tf.Variable>,
    restored?: AdamState,
    private readonly options: AdamOptions = DEFAULT_ADAM,
  ) {
    this.t = restored?.step ?? 0;
    this.names = Object.keys(params);
    this.sizes = this.names.map((name) => params[name].size);
    const flat = (saved: Weights | undefined) => {
      const data = new Float32Array(this.sizes.reduce((a, b) => a + b, 0));
      let offset = 0;
      this.names.forEach((name, k) => {
        const values = saved?.[name];
        if (values) data.set(values.subarray(0, this.sizes[k]), offset);
        offset += this.sizes[k];
      });
      return moment(tf.tensor1d(data));
    };
    this.m = flat(restored?.m);
    this.v = flat(restored?.v);
  }

  get step(): number {
    return this.t;
  }

  /** One update of every parameter (a gradient for each is required). */
  apply(grads: Record<string, tf.Tensor>, learningRate: number): void {
    tf.tidy(() => {
      this.update(this.flatGradient(grads), learningRate, undefined);
    });
  }

  /**
   * Global-norm clipping (clipping.ts) and the Adam update in one pass over one flat vector
   * of all gradients: about 20 large ops instead of about 15 per parameter. Returns the norm
   * before clipping (a scalar tensor the caller disposes).
   */
  applyClipped(grads: Record<string, tf.Tensor>, learningRate: number, maxNorm: number): tf.Scalar {
    return tf.tidy(() => this.update(this.flatGradient(grads), learningRate, maxNorm));
  }

  private flatGradient(grads: Record<string, tf.Tensor>): tf.Tensor1D {
    return tf.concat(
      this.names.map((name) => {
        const g = grads[name];
        if (!g) throw new Error(`no gradient for parameter ${name}`);
        return tf.reshape(g, [-1]);
      }),
    ) as tf.Tensor1D;
  }

  private update(g: tf.Tensor1D, learningRate: number, maxNorm: number | undefined): tf.Scalar {
    this.t += 1;
    const { beta1, beta2, epsilon } = this.options;
    const stepSize = (learningRate * Math.sqrt(1 - Math.pow(beta2, this.t))) / (1 - Math.pow(beta1, this.t));
    const epsHat = epsilon * Math.sqrt(1 - Math.pow(beta2, this.t)); // ε folded into the bias-corrected form
    const g2 = tf.square(g);
    const norm = tf.sqrt(tf.sum(g2)) as tf.Scalar;
    // Clipping g <- g * min(1, θ/||g||) enters m as scale * g and v as scale² * g².
    // θ/||g|| is +Infinity for a zero gradient; min(1, ·) still gives 1.
    const scale = maxNorm === undefined ? tf.scalar(1) : tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm), norm));
    const m = tf.add(tf.mul(this.m, beta1), tf.mul(g, tf.mul(scale, 1 - beta1)));
    const v = tf.add(tf.mul(this.v, beta2), tf.mul(g2, tf.mul(tf.square(scale), 1 - beta2)));
    this.m.assign(m);
    this.v.assign(v);
    const step = tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsHat)), stepSize);
    const updated = tf.split(tf.sub(tf.concat(this.names.map((name) => tf.reshape(this.params[name], [-1]))), step), this.sizes);
    this.names.forEach((name, k) => this.params[name].assign(tf.reshape(updated[k], this.params[name].shape)));
    return norm;
  }

  exportState(): AdamState {
    const read = (flat: tf.Variable): Weights => {
      const data = flat.dataSync() as Float32Array;
      const out: Weights = {};
      let offset = 0;
      this.names.forEach((name, k) => {
        out[name] = data.slice(offset, offset + this.sizes[k]);
        offset += this.sizes[k];
      });
      return out;
    };
    return { step: this.t, m: read(this.m), v: read(this.v) };
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
