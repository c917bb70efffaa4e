// Direct calls of TensorFlow ops through tfjs-node's binding, for the few places where
// tfjs has no equivalent (TensorFlow's fused LSTM kernels) or where its per-op bookkeeping
// costs more than the op itself (the ~200 small ops of a backward loop over 64 steps).
//
// `backend.executeMultipleOutputs(name, attrs, inputs, n)` is tfjs-node's own generic entry
// (it is how tfjs-node runs every kernel); calling the binding underneath it directly saves
// tfjs's kernel dispatch (about 8 us of the 16 us a small tf.add costs here, measured). The
// outputs are ordinary tfjs tensors, tracked by the engine (tf.tidy disposes them), but these
// calls are NOT recorded on the gradient tape: use them only inside a tf.customGrad forward
// or gradFunc, or where no gradient is needed.
//
// Available only on the 'tensorflow' backend (tfjs-node); nativeOps() is undefined elsewhere,
// and the callers then fall back to plain tfjs ops.
import * as tf from './tf';

interface Binding {
  TF_FLOAT: number;
  TF_INT32: number;
  TF_INT64: number;
  TF_ATTR_FLOAT: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_TYPE: number;
  TF_ATTR_INT: number;
  TF_ATTR_STRING: number;
  TF_ATTR_SHAPE: number;
  createTensor(shape: number[], dtype: number, values: Int32Array | Float32Array): number;
  deleteTensor(id: number): void;
  executeOp(name: string, attrs: OpAttr[], inputIds: number[], numOutputs: number): unknown[];
}

interface OpAttr {
  name: string;
  type: number;
  value: unknown;
}

interface NodeBackend {
  binding: Binding;
  getInputTensorIds(tensors: tf.Tensor[]): number[];
  createOutputTensor(metadata: unknown): tf.Tensor;
}

export interface NativeOps {
  /**
   * TensorFlow's BlockLSTMV2 over a whole chunk (time-major), without peepholes or cell
   * clipping. Gate blocks in `w` [I+H, 4H] and `b` [4H] are i, f, g, o (Recur's layout).
   * Returns i, cs, f, o, ci (= g), co (= tanh cs), h, each [T, B, H].
   */
  blockLstm(x: tf.Tensor3D, cs0: tf.Tensor2D, h0: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor3D[];
  /**
   * TensorFlow's LSTMBlockCellGrad for one step: from the step's gate values and the
   * gradients into its c and h, the gradient into c_{t-1} and into the gate
   * pre-activations, the latter in TensorFlow's block order i, g, f, o ("icfo").
   */
  lstmCellGrad(
    csPrev: tf.Tensor2D,
    gates: { i: tf.Tensor2D; cs: tf.Tensor2D; f: tf.Tensor2D; o: tf.Tensor2D; ci: tf.Tensor2D; co: tf.Tensor2D },
    csGrad: tf.Tensor2D,
    hGrad: tf.Tensor2D,
    shapes: { w: tf.Tensor2D; b: tf.Tensor1D; x: tf.Tensor2D; h: tf.Tensor2D },
  ): { csPrevGrad: tf.Tensor2D; dicfo: tf.Tensor2D };
  /** TensorFlow's SparseSoftmaxCrossEntropyWithLogits: per-row nats [N] and d(nats)/d(logits) [N, V] (softmax minus one-hot). */
  sparseSoftmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): { nats: tf.Tensor1D; backprop: tf.Tensor2D };
  matMul(a: tf.Tensor2D, b: tf.Tensor2D, transposeA?: boolean, transposeB?: boolean): tf.Tensor2D;
  add<T extends tf.Tensor>(a: T, b: T): T;
  /** Σ t² / 2 (TensorFlow's L2Loss: one read of t, no temporary). */
  l2Loss(t: tf.Tensor): tf.Scalar;
  /** A TensorFlow resource variable holding a copy of `initial` (float32). */
  variable(initial: tf.Tensor): ResourceVariable;
  /**
   * TensorFlow's ResourceApplyAdam, in place, in one pass over var, m, v and grad:
   *   m += (g - m)(1-β1);  v += (g² - v)(1-β2);  var -= lr √(1-β2^t)/(1-β1^t) · m / (√v + ε)
   * The scalars are float32 scalar tensors.
   */
  applyAdam(
    variable: ResourceVariable,
    m: ResourceVariable,
    v: ResourceVariable,
    scalars: { beta1Power: tf.Scalar; beta2Power: tf.Scalar; learningRate: tf.Scalar; beta1: tf.Scalar; beta2: tf.Scalar; epsilon: tf.Scalar },
    grad: tf.Tensor,
  ): void;
}

/** A TensorFlow resource variable (not a tf.Variable): updated in place by native ops. */
export interface ResourceVariable {
  /** Its current value as an ordinary tensor (shares the buffer; a later in-place update copies first). */
  read(): tf.Tensor;
  dispose(): void;
}

let cached: NativeOps | null | undefined;
let variableCount = 0;

/** The native ops, or undefined when the backend is not tfjs-node's 'tensorflow'. */
export function nativeOps(): NativeOps | undefined {
  if (tf.getBackend() !== 'tensorflow') return undefined;
  if (cached === undefined) cached = create(tf.backend() as unknown as NodeBackend);
  return cached ?? undefined;
}

function create(backend: NodeBackend): NativeOps | null {
  const binding = backend.binding;
  if (!binding || typeof binding.executeOp !== 'function' || typeof backend.createOutputTensor !== 'function') return null;
  const float: OpAttr = { name: 'T', type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT };
  const noPeephole: OpAttr = { name: 'use_peephole', type: binding.TF_ATTR_BOOL, value: false };
  const blockLstmAttrs: OpAttr[] = [{ name: 'cell_clip', type: binding.TF_ATTR_FLOAT, value: -1 }, noPeephole, float];
  const cellGradAttrs: OpAttr[] = [noPeephole, float];
  // BatchMatMulV2 (what tfjs-node's own matMul runs), not MatMul: this libtensorflow's eager
  // MatMul crashed (heap corruption) under node --cpu-prof here; BatchMatMulV2 did not.
  // Known: BlockLSTMV2 in a bare loop also aborted under node --cpu-prof (never in a run
  // without the profiler: unit tests, benches, CLI training). Profile the trainer with
  // tf.profile or timers, not --cpu-prof.
  const matMulAttrs = [false, true].map((a) =>
    [false, true].map((b): OpAttr[] => [
      { name: 'adj_x', type: binding.TF_ATTR_BOOL, value: a },
      { name: 'adj_y', type: binding.TF_ATTR_BOOL, value: b },
      float,
    ]),
  );
  const addAttrs: OpAttr[] = [float];
  const dtypeFloat: OpAttr = { name: 'dtype', type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT };
  const adamAttrs: OpAttr[] = [float, { name: 'use_locking', type: binding.TF_ATTR_BOOL, value: false }, { name: 'use_nesterov', type: binding.TF_ATTR_BOOL, value: false }];
  const destroyAttrs: OpAttr[] = [{ name: 'ignore_lookup_error', type: binding.TF_ATTR_BOOL, value: true }];
  const xentAttrs: OpAttr[] = [float, { name: 'Tlabels', type: binding.TF_ATTR_TYPE, value: binding.TF_INT32 }];
  // Peephole weights: unused (use_peephole = false) but required inputs; one zero vector per size.
  const zerosBySize = new Map<number, tf.Tensor1D>();
  const zeros = (n: number) => {
    let z = zerosBySize.get(n);
    if (!z) {
      z = tf.keep(tf.zeros([n]) as tf.Tensor1D);
      zerosBySize.set(n, z);
    }
    return z;
  };
  // seq_len_max (int64 scalar) by length, created once: tfjs has no int64 tensors.
  const lengthIds = new Map<number, number>();
  const lengthId = (T: number) => {
    let id = lengthIds.get(T);
    if (id === undefined) {
      id = binding.createTensor([], binding.TF_INT64, new Int32Array([T, 0])); // little-endian low, high words
      lengthIds.set(T, id);
    }
    return id;
  };
  const ids = (tensors: tf.Tensor[]) => backend.getInputTensorIds(tensors);
  const run = (name: string, attrs: OpAttr[], inputIds: number[], n: number) => binding.executeOp(name, attrs, inputIds, n).map((m) => backend.createOutputTensor(m));

  return {
    blockLstm(x, cs0, h0, w, b) {
      const H = h0.shape[1];
      const z = zeros(H);
      return run('BlockLSTMV2', blockLstmAttrs, [lengthId(x.shape[0]), ...ids([x, cs0, h0, w, z, z, z, b])], 7) as tf.Tensor3D[];
    },
    lstmCellGrad(csPrev, g, csGrad, hGrad, shapes) {
      const z = zeros(csPrev.shape[1]);
      const [csPrevGrad, dicfo, ...peepholeGrads] = run('LSTMBlockCellGrad', cellGradAttrs, ids([shapes.x, csPrev, shapes.h, shapes.w, z, z, z, shapes.b, g.i, g.cs, g.f, g.o, g.ci, g.co, csGrad, hGrad]), 5);
      for (const unused of peepholeGrads) unused.dispose();
      return { csPrevGrad: csPrevGrad as tf.Tensor2D, dicfo: dicfo as tf.Tensor2D };
    },
    sparseSoftmaxCrossEntropy(logits, labels) {
      const [nats, backprop] = run('SparseSoftmaxCrossEntropyWithLogits', xentAttrs, ids([logits, labels]), 2);
      return { nats: nats as tf.Tensor1D, backprop: backprop as tf.Tensor2D };
    },
    matMul(a, b, transposeA = false, transposeB = false) {
      return run('BatchMatMulV2', matMulAttrs[+transposeA][+transposeB], ids([a, b]), 1)[0] as tf.Tensor2D;
    },
    add(a, b) {
      return run('AddV2', addAttrs, ids([a, b]), 1)[0] as typeof a;
    },
    l2Loss(t) {
      return run('L2Loss', addAttrs, ids([t]), 1)[0] as tf.Scalar;
    },
    variable(initial) {
      const sharedName = `recur_${process.pid}_${variableCount++}`;
      const attrs: OpAttr[] = [
        { name: 'container', type: binding.TF_ATTR_STRING, value: '' },
        { name: 'shared_name', type: binding.TF_ATTR_STRING, value: sharedName },
        dtypeFloat,
        { name: 'shape', type: binding.TF_ATTR_SHAPE, value: initial.shape },
      ];
      const handle = tf.keep(run('VarHandleOp', attrs, [], 1)[0]);
      binding.executeOp('AssignVariableOp', [dtypeFloat], ids([handle, initial]), 0);
      const variable: ResourceVariable & { handle: tf.Tensor } = {
        handle,
        read: () => run('ReadVariableOp', [dtypeFloat], ids([handle]), 1)[0],
        dispose: () => {
          binding.executeOp('DestroyResourceOp', destroyAttrs, ids([handle]), 0);
          handle.dispose();
        },
      };
      return variable;
    },
    applyAdam(variable, m, v, k, grad) {
      const handle = (r: ResourceVariable) => (r as unknown as { handle: tf.Tensor }).handle;
      binding.executeOp('ResourceApplyAdam', adamAttrs, ids([handle(variable), handle(m), handle(v), k.beta1Power, k.beta2Power, k.learningRate, k.beta1, k.beta2, k.epsilon, grad]), 0);
    },
  };
}
