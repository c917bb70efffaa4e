// The output layer and the loss on TensorFlow's kernels:
//   logits = top W + b                                  [N, V]
//   nats   = Σ_n -log softmax(logits_n)[target_n]       (SparseSoftmaxCrossEntropyWithLogits)
// Backward (d nats / d logits = softmax - onehot comes out of the same kernel):
//   dlogits = dy (softmax - onehot);  dtop = dlogits Wᵀ;  dW = topᵀ dlogits;  db = Σ_n dlogits
// headForward and headBackward work on native Handles (native.ts) and are shared by the
// trainer's whole-network step (lstmChunkGradients.ts) and by fusedHeadNats, the same
// function as ONE differentiable tfjs op (6 native ops instead of about 20 tfjs ops:
// log-softmax, one-hot, cast, multiply, sum and their gradients) for totalNats(top W + b,
// targets) in network.ts under tfjs's gradient tape.
import type { Handle, Input, NativeOps } from './native';
import * as tf from './tf';

/** Per-position nats [N] and d(nats)/d(logits) [N, V]. */
export function headForward(
  native: NativeOps,
  top: Input, // [N, H]
  kernel: Input, // [H, V]
  bias: Input, // [V]
  targets: Input, // [N] int32
): { nats: Handle; backprop: Handle } {
  const logits = native.add(native.matMul(top, kernel), bias); // [N, V]
  const result = native.sparseSoftmaxCrossEntropy(logits, targets);
  native.free(logits);
  return result;
}

/** Gradients from dLogits [N, V] (the backprop of headForward times the loss's weight). */
export function headBackward(
  native: NativeOps,
  top: Input, // [N, H]
  kernel: Input, // [H, V]
  dLogits: Input, // [N, V]
): { dTop: Handle; dKernel: Handle; dBias: Handle } {
  return {
    dTop: native.matMul(dLogits, kernel, false, true), // [N, H]
    dKernel: native.matMul(top, dLogits, true, false), // [H, V]
    dBias: native.columnSums(dLogits), // [V]
  };
}

export function fusedHeadNats(
  native: NativeOps,
  top: tf.Tensor2D, // [N, H]
  kernel: tf.Tensor2D, // [H, V]
  bias: tf.Tensor1D, // [V]
  targets: tf.Tensor1D, // [N] int32
): tf.Scalar {
  let op = heads.get(native);
  if (!op) {
    op = makeHead(native);
    heads.set(native, op);
  }
  return op(top, kernel, bias, targets) as tf.Scalar;
}

const heads = new WeakMap<NativeOps, ReturnType<typeof makeHead>>();

function makeHead(native: NativeOps) {
  return tf.customGrad((...args: unknown[]) => {
    const [top, kernel, bias, targets] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
    const save = args[4] as tf.GradSaveFunc;
    const { nats, backprop } = native.handleScope(() => {
      const out = headForward(native, top, kernel, bias, targets);
      return { nats: native.adopt(out.nats), backprop: native.adopt(out.backprop) };
    });
    save([top, kernel, backprop]);
    return {
      value: tf.sum(nats),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [Top, K, softmaxMinusOnehot] = saved;
        return native.handleScope(() => {
          const g = headBackward(native, Top, K, native.mul(softmaxMinusOnehot, dy));
          return [
            native.adopt(g.dTop),
            native.adopt(g.dKernel),
            native.adopt(g.dBias),
            tf.zeros([Top.shape[0]], 'int32'), // integer labels: no gradient
          ];
        });
      },
    };
  });
}
