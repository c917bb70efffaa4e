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
  private readonly m: Record<string, tf.Variable> = {};
  private readonly v: Record<string, tf.Variable> = {};
  private t: number;

  constructor(
    private readonly params: Record<string, tf.Variable>,
    restored?: AdamState,
    private readonly options: AdamOptions = DEFAULT_ADAM,
  ) {
    this.t = restored?.step ?? 0;
    for (const [name, p] of Object.entries(params)) {
      const m = restored?.m[name];
      const v = restored?.v[name];
      this.m[name] = moment(m ? tf.tensor(m, p.shape) : tf.zerosLike(p));
      this.v[name] = moment(v ? tf.tensor(v, p.shape) : tf.zerosLike(p));
    }
  }

  get step(): number {
    return this.t;
  }

  /** One update of every parameter that has a gradient. */
  apply(grads: Record<string, tf.Tensor>, learningRate: number): void {
    this.t += 1;
    const { beta1, beta2, epsilon } = this.options;
    const stepSize = (learningRate * Math.sqrt(1 - Math.pow(beta2, this.t))) / (1 - Math.pow(beta1, this.t));
    const epsHat = epsilon * Math.sqrt(1 - Math.pow(beta2, this.t)); // ε folded into the bias-corrected form
    tf.tidy(() => {
      for (const [name, g] of Object.entries(grads)) {
        const m = tf.add(tf.mul(this.m[name], beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v[name], beta2), tf.mul(tf.square(g), 1 - beta2));
        this.m[name].assign(m);
        this.v[name].assign(v);
        this.params[name].assign(tf.sub(this.params[name], tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsHat)), stepSize)));
      }
    });
  }

  exportState(): AdamState {
    const read = (vars: Record<string, tf.Variable>): Weights => Object.fromEntries(Object.entries(vars).map(([n, x]) => [n, x.dataSync() as Float32Array]));
    return { step: this.t, m: read(this.m), v: read(this.v) };
  }

  dispose(): void {
    for (const x of [...Object.values(this.m), ...Object.values(this.v)]) x.dispose();
  }
}

function moment(initial: tf.Tensor): tf.Variable {
  const variable = tf.variable(initial, false);
  initial.dispose(); // the variable holds its own reference to the data
  return variable;
}
