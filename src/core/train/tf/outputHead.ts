// The output layer and the loss as ONE differentiable op on TensorFlow's kernels:
//   logits = top W + b                                  [N, V]
//   nats   = Σ_n -log softmax(logits_n)[target_n]       (SparseSoftmaxCrossEntropyWithLogits)
// Backward (d nats / d logits = softmax - onehot comes out of the same kernel):
//   dlogits = dy (softmax - onehot);  dtop = dlogits Wᵀ;  dW = topᵀ dlogits;  db = Σ_n dlogits
// The same function as totalNats(top W + b, targets) in network.ts, in 6 native ops instead
// of about 20 tfjs ops (log-softmax, one-hot, cast, multiply, sum and their gradients).
import type { NativeOps } from './native';
import * as tf from './tf';

export function fusedHeadNats(
  ops: NativeOps,
  top: tf.Tensor2D, // [N, H]
  kernel: tf.Tensor2D, // [H, V]
  bias: tf.Tensor1D, // [V]
  targets: tf.Tensor1D, // [N] int32
): tf.Scalar {
  let op = heads.get(ops);
  if (!op) {
    op = makeHead(ops);
    heads.set(ops, op);
  }
  return op(top, kernel, bias, targets) as tf.Scalar;
}

const heads = new WeakMap<NativeOps, ReturnType<typeof makeHead>>();

function makeHead(native: NativeOps) {
  return tf.customGrad((...args: unknown[]) => {
    const [top, kernel, bias, targets] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
    const save = args[4] as tf.GradSaveFunc;
    const logits = native.add(native.matMul(top, kernel), bias as unknown as tf.Tensor2D); // [N, V]
    const { nats, backprop } = native.sparseSoftmaxCrossEntropy(logits, targets);
    save([top, kernel, backprop]);
    return {
      value: tf.sum(nats),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [Top, K, softmaxMinusOnehot] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const dLogits = tf.mul(softmaxMinusOnehot, dy) as tf.Tensor2D; // [N, V]
        const N = Top.shape[0];
        return [
          native.matMul(dLogits, K, false, true), // [N, H]
          native.matMul(Top, dLogits, true, false), // [H, V]
          tf.reshape(native.matMul(tf.ones([1, N]) as tf.Tensor2D, dLogits), [K.shape[1]]), // [V]: column sums as a matmul
          tf.zeros([N], 'int32'), // integer labels: no gradient
        ];
      },
    };
  });
}
