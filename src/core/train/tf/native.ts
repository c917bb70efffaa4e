// Direct calls of TensorFlow ops through tfjs-node's binding, for the places where tfjs has
// no equivalent (TensorFlow's fused LSTM kernels, its resource-variable Adam) or where
// tfjs's per-op bookkeeping costs more than the op itself (the ~200 small ops of a
// backward loop over 64 steps; the trainer's whole LSTM step, lstmChunkGradients.ts).
//
// The ops take tfjs tensors or Handles and return Handles: TensorFlow tensors that tfjs does
// not know about (no engine registration, no gradient tape, no memory accounting). Every
// Handle is made inside handleScope() and freed when that scope ends, unless adopt() hands
// it to tfjs first (it then becomes an ordinary tfjs tensor, owned by the enclosing tf.tidy).
// An op called outside a handle scope throws: nothing is left unowned.
//
// `binding.executeOp(name, attrs, inputIds, n)` is what tfjs-node itself runs every kernel
// with; calling it directly saves tfjs's kernel dispatch and tensor tracking (about 8 us of
// the 16 us a small tf.add costs here, measured). None of these calls is recorded on tfjs's
// gradient tape: use them inside a tf.customGrad forward or gradFunc, or where no gradient
// is needed.
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
  executeOp(name: string, attrs: OpAttr[], inputIds: number[], numOutputs: number): Handle[];
}

interface OpAttr {
  name: string;
  type: number;
  value: unknown;
}

interface NodeBackend {
  binding: Binding;
  getInputTensorIds(tensors: tf.Tensor[]): number[];
  createOutputTensor(metadata: Handle): tf.Tensor;
}

/** A TensorFlow tensor outside tfjs (tfjs-node's tensor metadata: its handle id, shape and dtype). */
export interface Handle {
  readonly id: number;
  readonly shape: number[];
  readonly dtype: number;
}

/** An op input: a tfjs tensor or a Handle. */
export type Input = tf.Tensor | Handle;

/** The gate values of one LSTM step (or of all steps, [T, B, H] each) as BlockLSTMV2 returns them. */
export interface LstmGates<X = Input> {
  i: X;
  cs: X; // the cell state c
  f: X;
  o: X;
  ci: X; // the candidate g = tanh(z_g)
  co: X; // tanh(c)
}

export interface NativeOps {
  /** Runs fn; the Handles made inside are freed when it returns or throws, except those adopted. */
  handleScope<T>(fn: () => T): T;
  /** Hands a Handle to tfjs: it becomes a tfjs tensor, owned by the current tf.tidy, and is no longer freed by the handle scope. */
  adopt<T extends tf.Tensor = tf.Tensor>(h: Handle): T;
  /** Frees a Handle now instead of at the end of its scope (bounds memory inside long loops). */
  free(...hs: Handle[]): void;
  /** An int32 tensor from values (freed with the scope). */
  int32(values: Int32Array, shape: number[]): Handle;
  /** A float32 tensor of zeros, kept for the process's lifetime (one per shape). */
  zeros(shape: number[]): Handle;
  /** A float32 scalar, kept likewise (one per value). */
  scalar(value: number): Handle;
  /** An int32 vector, kept likewise (one per value list: for small fixed index lists). */
  ints(values: number[]): Handle;

  /**
   * TensorFlow's BlockLSTMV2 over a whole chunk (time-major), without peepholes or cell
   * clipping. Gate blocks in `w` [I+H, 4H] and `b` [4H] are i, f, g, o (Recur's layout).
   * Returns the gates and h, each [T, B, H].
   */
  blockLstm(x: Input, cs0: Input, h0: Input, w: Input, b: Input): LstmGates<Handle> & { h: Handle };
  /**
   * TensorFlow's LSTMBlockCellGrad for one step: from the step's gate values and the
   * gradients into its c and h, the gradient into c_{t-1} and into the gate
   * pre-activations [B, 4H], the latter in TensorFlow's block order i, g, f, o ("icfo").
   * `recurrent` [H, 4H] and `h` [B, H] give the op its shapes only.
   */
  lstmCellGrad(csPrev: Input, gates: LstmGates, csGrad: Input, hGrad: Input, recurrent: Input, h: Input): { csPrevGrad: Handle; dicfo: Handle };
  /** TensorFlow's SparseSoftmaxCrossEntropyWithLogits: per-row nats [N] and d(nats)/d(logits) [N, V] (softmax minus one-hot). */
  sparseSoftmaxCrossEntropy(logits: Input, labels: Input): { nats: Handle; backprop: Handle };
  matMul(a: Input, b: Input, transposeA?: boolean, transposeB?: boolean): Handle;
  add(a: Input, b: Input): Handle;
  /** Σ over the rows of x [N, C]: [C]. */
  columnSums(x: Input): Handle;
  mul(a: Input, b: Input): Handle;
  /** Σ t² / 2 (TensorFlow's L2Loss: one read of t, no temporary). */
  l2Loss(t: Input): Handle;
  concat(parts: Input[], axis: number): Handle;
  stack(parts: Input[]): Handle; // along a new axis 0
  /** Splits along axis 0 into its rows. For an aligned tensor TensorFlow shares the buffer (no copy). */
  unstack(x: Input): Handle[];
  reshape(x: Input, shape: number[]): Handle;
  slice(x: Input, begin: number[], size: number[]): Handle;
  transpose(x: Input, perm: number[]): Handle;
  /** Rows (axis 0) or blocks along `axis` of x, picked by int32 `indices` (GatherV2). */
  gather(x: Input, indices: Input, axis: number): Handle;
  /** out[s] = Σ over rows r with ids[r] = s of data[r], for s < segments (UnsortedSegmentSum). */
  segmentSum(data: Input, ids: Input, segments: number): Handle;

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
  const rt = runtime(backend);
  return { ...scopeOps(rt), ...lstmOps(rt), ...arrayOps(rt), ...variableOps(rt) };
}

/** The attribute lists of the ops used here (float32 data, int32 indices). */
function opAttrs(binding: Binding) {
  const type = (name: string, value: number): OpAttr => ({ name, type: binding.TF_ATTR_TYPE, value });
  const int = (name: string, value: number): OpAttr => ({ name, type: binding.TF_ATTR_INT, value });
  const bool = (name: string, value: boolean): OpAttr => ({ name, type: binding.TF_ATTR_BOOL, value });
  const float = type('T', binding.TF_FLOAT);
  const int32 = binding.TF_INT32;
  const noPeephole = bool('use_peephole', false);
  return {
    type,
    int,
    float,
    blockLstm: [{ name: 'cell_clip', type: binding.TF_ATTR_FLOAT, value: -1 }, noPeephole, float] as OpAttr[],
    cellGrad: [noPeephole, float],
    // BatchMatMulV2, not MatMul; profile with timers, not node --cpu-prof (docs/decisions.md).
    matMul: [false, true].map((a) => [false, true].map((b): OpAttr[] => [bool('adj_x', a), bool('adj_y', b), float])),
    floatOnly: [float],
    dtypeFloat: type('dtype', binding.TF_FLOAT),
    adam: [float, bool('use_locking', false), bool('use_nesterov', false)],
    destroy: [bool('ignore_lookup_error', true)],
    xent: [float, type('Tlabels', int32)],
    reshape: [float, type('Tshape', int32)],
    slice: [float, type('Index', int32)],
    transpose: [float, type('Tperm', int32)],
    gather: [int('batch_dims', 0), type('Tparams', binding.TF_FLOAT), type('Tindices', int32), type('Taxis', int32)],
    segmentSum: [float, type('Tindices', int32), type('Tnumsegments', int32)],
  };
}

/** What the ops share: the binding, the open handle scopes, op calls, kept constants. */
interface Runtime {
  backend: NodeBackend;
  binding: Binding;
  attrs: ReturnType<typeof opAttrs>;
  /** A stack of the Handles each open scope owns. */
  scopes: Set<Handle>[];
  /** Gives the Handles to the innermost open scope (none open: frees them and throws). */
  own(hs: Handle[]): Handle[];
  /** Takes h from the scope that owns it; false if no open scope does. */
  release(h: Handle): boolean;
  free(...hs: Handle[]): void;
  ids(inputs: Input[]): number[];
  /** Runs an op; its n outputs are owned by the innermost scope (an op outside any scope throws). */
  run(name: string, attrs: OpAttr[], inputs: Input[], n: number): Handle[];
  run1(name: string, attrs: OpAttr[], inputs: Input[]): Handle;
  /** Small int32 vectors and scalars, int64 scalars and filled float tensors, made once and kept. */
  intVector(values: number[]): Handle;
  intScalar(value: number): Handle;
  int64Scalar(value: number): Handle;
  filled(value: number, shape: number[]): Handle;
}

function runtime(backend: NodeBackend): Runtime {
  const binding = backend.binding;
  const scopes: Set<Handle>[] = [];
  const own = (hs: Handle[]): Handle[] => {
    const scope = scopes[scopes.length - 1];
    if (!scope) {
      for (const h of hs) binding.deleteTensor(h.id);
      throw new Error('native op outside a handle scope (nativeOps().handleScope)');
    }
    for (const h of hs) scope.add(h);
    return hs;
  };
  const release = (h: Handle) => {
    for (let k = scopes.length - 1; k >= 0; k--) if (scopes[k].delete(h)) return true;
    return false;
  };
  const ids = (inputs: Input[]) => inputs.map((x) => (x instanceof tf.Tensor ? backend.getInputTensorIds([x])[0] : x.id));
  const run = (name: string, attrs: OpAttr[], inputs: Input[], n: number) => own(binding.executeOp(name, attrs, ids(inputs), n));
  const constants = keptConstants(binding);
  return {
    backend,
    binding,
    attrs: opAttrs(binding),
    scopes,
    own,
    release,
    free: (...hs) => {
      for (const h of hs) if (release(h)) binding.deleteTensor(h.id);
    },
    ids,
    run,
    run1: (name, attrs, inputs) => run(name, attrs, inputs, 1)[0],
    ...constants,
  };
}

/** Constant tensors kept for the process's lifetime, one per value (shapes, axes, permutations, zeros). */
function keptConstants(binding: Binding): Pick<Runtime, 'intVector' | 'intScalar' | 'int64Scalar' | 'filled'> {
  const int32 = binding.TF_INT32;
  const constants = new Map<string, Handle>();
  const constant = (key: string, make: () => Handle) => {
    let h = constants.get(key);
    if (!h) {
      h = make();
      constants.set(key, h);
    }
    return h;
  };
  return {
    intVector: (values) => constant(`i${values.join(',')}`, () => ({ id: binding.createTensor([values.length], int32, Int32Array.from(values)), shape: [values.length], dtype: int32 })),
    intScalar: (value) => constant(`s${value}`, () => ({ id: binding.createTensor([], int32, Int32Array.of(value)), shape: [], dtype: int32 })),
    // seq_len_max (int64 scalar): tfjs has no int64 tensors; little-endian low, high words.
    int64Scalar: (value) => constant(`l${value}`, () => ({ id: binding.createTensor([], binding.TF_INT64, Int32Array.of(value, 0)), shape: [], dtype: binding.TF_INT64 })),
    filled: (value, shape) =>
      constant(`f${value}:${shape.join(',')}`, () => ({
        id: binding.createTensor(shape, binding.TF_FLOAT, new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value)),
        shape,
        dtype: binding.TF_FLOAT,
      })),
  };
}

const shapeOf = (x: Input): number[] => x.shape; // a tfjs tensor's shape is typed by its rank

/** Handle scopes, adoption by tfjs, and the kept constants. */
function scopeOps(rt: Runtime): Pick<NativeOps, 'handleScope' | 'adopt' | 'free' | 'int32' | 'zeros' | 'scalar' | 'ints'> {
  const { binding, scopes } = rt;
  return {
    handleScope(fn) {
      const scope = new Set<Handle>();
      scopes.push(scope);
      try {
        return fn();
      } finally {
        scopes.pop();
        for (const h of scope) binding.deleteTensor(h.id);
      }
    },
    adopt<T extends tf.Tensor>(h: Handle) {
      if (!rt.release(h)) throw new Error('adopt: not a live Handle of an open handle scope');
      return rt.backend.createOutputTensor(h) as T;
    },
    free: rt.free,
    int32: (values, shape) => rt.own([{ id: binding.createTensor(shape, binding.TF_INT32, values), shape, dtype: binding.TF_INT32 }])[0],
    zeros: (shape) => rt.filled(0, shape),
    scalar: (value) => rt.filled(value, []),
    ints: rt.intVector,
  };
}

/** TensorFlow's fused LSTM kernels and the softmax cross-entropy. */
function lstmOps(rt: Runtime): Pick<NativeOps, 'blockLstm' | 'lstmCellGrad' | 'sparseSoftmaxCrossEntropy'> {
  const { attrs, run } = rt;
  const zeros = (shape: number[]) => rt.filled(0, shape);
  return {
    blockLstm(x, cs0, h0, w, b) {
      const z = zeros([shapeOf(h0)[1]]); // peephole weights: unused, but required inputs
      const [i, cs, f, o, ci, co, h] = run('BlockLSTMV2', attrs.blockLstm, [rt.int64Scalar(shapeOf(x)[0]), x, cs0, h0, w, z, z, z, b], 7);
      return { i, cs, f, o, ci, co, h };
    },
    lstmCellGrad(csPrev, g, csGrad, hGrad, recurrent, h) {
      const [B, H] = shapeOf(h);
      const z = zeros([H]);
      // x [B, 0] with w = W_h: the op needs x, h and w only for their shapes.
      const inputs = [zeros([B, 0]), csPrev, h, recurrent, z, z, z, zeros([4 * H]), g.i, g.cs, g.f, g.o, g.ci, g.co, csGrad, hGrad];
      const [csPrevGrad, dicfo, ...peepholeGrads] = run('LSTMBlockCellGrad', attrs.cellGrad, inputs, 5);
      rt.free(...peepholeGrads);
      return { csPrevGrad, dicfo };
    },
    sparseSoftmaxCrossEntropy(logits, labels) {
      const [nats, backprop] = run('SparseSoftmaxCrossEntropyWithLogits', attrs.xent, [logits, labels], 2);
      return { nats, backprop };
    },
  };
}

/** Arithmetic and reshaping ops. */
function arrayOps(rt: Runtime): Pick<NativeOps, 'matMul' | 'add' | 'columnSums' | 'mul' | 'l2Loss' | 'concat' | 'stack' | 'unstack' | 'reshape' | 'slice' | 'transpose' | 'gather' | 'segmentSum'> {
  const { attrs, run, run1 } = rt;
  const { float, int, type } = attrs;
  const int32 = rt.binding.TF_INT32;
  const matMul = (a: Input, b: Input, transposeA = false, transposeB = false) => run1('BatchMatMulV2', attrs.matMul[+transposeA][+transposeB], [a, b]);
  const reshape = (x: Input, shape: number[]) => run1('Reshape', attrs.reshape, [x, rt.intVector(shape)]);
  return {
    matMul,
    add: (a, b) => run1('AddV2', attrs.floatOnly, [a, b]),
    columnSums(x) {
      const [N, C] = shapeOf(x);
      // As a [1, N] x [N, C] matmul: far faster here than TensorFlow's Sum over axis 0.
      return reshape(matMul(rt.filled(1, [1, N]), x), [C]);
    },
    mul: (a, b) => run1('Mul', attrs.floatOnly, [a, b]),
    l2Loss: (t) => run1('L2Loss', attrs.floatOnly, [t]),
    concat: (parts, axis) => run1('ConcatV2', [int('N', parts.length), float, type('Tidx', int32)], [...parts, rt.intScalar(axis)]),
    stack: (parts) => run1('Pack', [int('N', parts.length), float, int('axis', 0)], parts),
    unstack: (x) => run('Unpack', [int('num', shapeOf(x)[0]), float, int('axis', 0)], [x], shapeOf(x)[0]),
    reshape,
    slice: (x, begin, size) => run1('Slice', attrs.slice, [x, rt.intVector(begin), rt.intVector(size)]),
    transpose: (x, perm) => run1('Transpose', attrs.transpose, [x, rt.intVector(perm)]),
    gather: (x, indices, axis) => run1('GatherV2', attrs.gather, [x, indices, rt.intScalar(axis)]),
    segmentSum: (data, segmentIds, segments) => run1('UnsortedSegmentSum', attrs.segmentSum, [data, segmentIds, rt.intScalar(segments)]),
  };
}

/** TensorFlow resource variables and their in-place Adam update. */
function variableOps(rt: Runtime): Pick<NativeOps, 'variable' | 'applyAdam'> {
  const { attrs, backend, binding } = rt;
  return {
    variable(initial) {
      const sharedName = `recur_${process.pid}_${variableCount++}`;
      const handleAttrs: OpAttr[] = [
        { name: 'container', type: binding.TF_ATTR_STRING, value: '' },
        { name: 'shared_name', type: binding.TF_ATTR_STRING, value: sharedName },
        attrs.dtypeFloat,
        { name: 'shape', type: binding.TF_ATTR_SHAPE, value: initial.shape },
      ];
      const [handle] = binding.executeOp('VarHandleOp', handleAttrs, [], 1).map((m) => tf.keep(backend.createOutputTensor(m)));
      binding.executeOp('AssignVariableOp', [attrs.dtypeFloat], rt.ids([handle, initial]), 0);
      const variable: ResourceVariable & { handle: tf.Tensor } = {
        handle,
        read: () => backend.createOutputTensor(binding.executeOp('ReadVariableOp', [attrs.dtypeFloat], rt.ids([handle]), 1)[0]),
        dispose: () => {
          binding.executeOp('DestroyResourceOp', attrs.destroy, rt.ids([handle]), 0);
          handle.dispose();
        },
      };
      return variable;
    },
    applyAdam(variable, m, v, k, grad) {
      const handle = (r: ResourceVariable) => (r as unknown as { handle: tf.Tensor }).handle;
      binding.executeOp('ResourceApplyAdam', attrs.adam, rt.ids([handle(variable), handle(m), handle(v), k.beta1Power, k.beta2Power, k.learningRate, k.beta1, k.beta2, k.epsilon, grad]), 0);
    },
  };
}
