// Global-norm gradient clipping (tfjs has none):
//   ||g|| = sqrt(Σ over every parameter of Σ g²),   g <- g * min(1, θ / ||g||)
import * as tf from './tf';

export interface ClippedGradients {
  grads: Record<string, tf.Tensor>;
  /** The global norm before clipping, a scalar tensor. */
  norm: tf.Scalar;
}

export function clipByGlobalNorm(grads: Record<string, tf.Tensor>, maxNorm: number): ClippedGradients {
  const names = Object.keys(grads);
  const norm = tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n]))))) as tf.Scalar;
  // θ / ||g|| is +Infinity for a zero gradient; min(1, ·) still gives 1.
  const scale = tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm), norm));
  const clipped: Record<string, tf.Tensor> = {};
  for (const n of names) clipped[n] = tf.mul(grads[n], scale);
  return { grads: clipped, norm };
}
