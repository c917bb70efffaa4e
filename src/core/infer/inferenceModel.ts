// The network's forward pass in plain TypeScript, one byte at a time, for the extension
// host (no tfjs, no native code). Same maths and weight layout as ../model/weights.ts:
//   x_0 = embedding[byte]                                   // [E]
//   layer l: LSTM i,f,g,o / GRU r,z,n (PyTorch) / RNN tanh  // h_l [H] (and c_l [H])
//   logits = h_{L-1} @ output.kernel + output.bias          // [256]
//
// Speed: every matrix is transposed once at load so each output unit's weights are
// contiguous, and the products and the LSTM cell run in WebAssembly SIMD where available
// (kernels.ts; plain TypeScript otherwise); layer 0's input side is precomputed for all 256 bytes
// (embedding @ kernel_0 + bias_0, a [256, G*H] table), so a step of layer 0 is a row copy
// plus the recurrent product. The products with hidden states (every layer's recurrent and
// upper input weights) are in 16-bit integers by default (quantize.ts: held-out bits/char
// unchanged to 1e-4, a step about twice as fast); `precision: 'float32'` keeps them exact,
// to compare with the trainer. Nothing is allocated per step: scratch buffers live here,
// so one model must not be stepped from two threads at once (JS has one anyway).
import type { CellType, ModelConfig } from '../model/config';
import { GATES_PER_CELL, layerInputSize, type Weights } from '../model/weights';
import { createKernels, type Kernels, type KernelsName, type Matrix, type QuantizedMatrix, sigmoid } from './kernels';
import { transpose } from './matVec';

/** Rows of a [R, A] and b [R, B] side by side: [R, A+B]. */
function joinRows(a: Float32Array, b: Float32Array, rows: number, colsA: number, colsB: number): Float32Array {
  const out = new Float32Array(rows * (colsA + colsB));
  for (let r = 0; r < rows; r++) {
    out.set(a.subarray(r * colsA, (r + 1) * colsA), r * (colsA + colsB));
    out.set(b.subarray(r * colsB, (r + 1) * colsB), r * (colsA + colsB) + colsA);
  }
  return out;
}

/** The recurrent state: per layer h [H], and c [H] for LSTM. Mutated in place by step(). */
export interface InferenceState {
  h: Float32Array[];
  c: Float32Array[]; // empty for GRU and RNN
}

/** Optional per-step outputs for the panel: gate activations after their nonlinearity. */
export interface StepTrace {
  /** Per layer, [G*H]: LSTM i,f,g,o (σ,σ,tanh,σ); GRU r,z,n (σ,σ,tanh); RNN the new h (tanh). */
  gates: Float32Array[];
}

/** What a product with a hidden state needs of a matrix (Matrix or QuantizedMatrix). */
type StateProduct = Pick<Matrix | QuantizedMatrix, 'addTo'>;

interface LayerWeights {
  inputT: StateProduct | undefined; // [G*H, I]  GRU layers above 0 (layer 0: see inputTable)
  /** LSTM/RNN layers above 0: [G*H, I+H], each row the input row then the recurrent row, for one pass over [x; h]. */
  joinedT: StateProduct | undefined;
  recurrentT: StateProduct; // [G*H, H]
  bias: Float32Array; // [G*H]
  recurrentBias: Float32Array | undefined; // [G*H], GRU only
}

export interface InferenceModelOptions {
  /** Hot loops: 'auto' (default: WebAssembly SIMD when available), 'wasm' or 'js'. */
  backend?: KernelsName | 'auto';
  /** Products with hidden states: 'int16' (default, ./quantize.ts) or 'float32' (exact). */
  precision?: 'int16' | 'float32';
}

export class InferenceModel {
  readonly cell: CellType;
  readonly hiddenSize: number;
  readonly layers: number;
  readonly gates: number;
  /** Where the hot loops run. */
  readonly backend: KernelsName;
  private readonly kernels: Kernels;
  private readonly inputTable: Float32Array; // [256, G*H] = embedding @ kernel_0 + bias_0
  private readonly layerWeights: LayerWeights[];
  /** The trained output layer (read only): kernel [256, H] (transposed), bias [256]. */
  readonly outputT: Matrix;
  readonly outputBias: Float32Array;
  private readonly xp: Float32Array; // [G*H] input-side pre-activations (all of them for LSTM/RNN)
  private readonly hp: Float32Array; // [G*H] recurrent-side pre-activations (GRU)
  private readonly xh: Float32Array; // [I+H] = [h_{l-1}; h_l] for joinedT (I = H above layer 0)

  constructor(
    readonly config: ModelConfig,
    weights: Weights,
    options: InferenceModelOptions = {},
  ) {
    const { hiddenSize: H, embeddingSize: E, vocabSize: V } = config;
    const G = GATES_PER_CELL[config.cell];
    const linear = createKernels(options.backend);
    this.kernels = linear;
    this.backend = linear.name;
    this.cell = config.cell;
    this.hiddenSize = H;
    this.layers = config.layers;
    this.gates = G;
    const get = (name: string): Float32Array => {
      const w = weights[name];
      if (!w) throw new Error(`weights are missing ${name}`);
      return w;
    };
    const stateMatrix = (W: Float32Array, rows: number, cols: number): StateProduct => (options.precision === 'float32' ? linear.matrix(W, rows, cols) : linear.quantizedMatrix(W, rows, cols));
    this.layerWeights = [];
    for (let l = 0; l < config.layers; l++) {
      const I = layerInputSize(config, l);
      const inputT = l === 0 ? undefined : transpose(get(`layer${l}.kernel`), I, G * H); // [G*H, I]
      const recurrentT = transpose(get(`layer${l}.recurrent`), H, G * H); // [G*H, H]
      const joined = inputT && config.cell !== 'gru';
      this.layerWeights.push({
        inputT: inputT && !joined ? stateMatrix(inputT, G * H, I) : undefined,
        joinedT: joined ? stateMatrix(joinRows(inputT, recurrentT, G * H, I, H), G * H, I + H) : undefined,
        recurrentT: stateMatrix(recurrentT, G * H, H),
        bias: get(`layer${l}.bias`),
        recurrentBias: config.cell === 'gru' ? get(`layer${l}.recurrentBias`) : undefined,
      });
    }
    // Layer 0's input side for every byte: row b = embedding[b] @ kernel_0 + bias_0.
    const embedding = get('embedding'); // [V, E]
    const kernel0T = linear.matrix(transpose(get('layer0.kernel'), E, G * H), G * H, E); // [G*H, E]
    this.inputTable = new Float32Array(V * G * H);
    for (let b = 0; b < V; b++) {
      const row = this.inputTable.subarray(b * G * H, (b + 1) * G * H);
      row.set(this.layerWeights[0].bias);
      kernel0T.addTo(embedding.subarray(b * E, (b + 1) * E), row);
    }
    this.outputT = linear.matrix(transpose(get('output.kernel'), H, V), V, H);
    this.outputBias = get('output.bias');
    this.xp = new Float32Array(G * H);
    this.hp = new Float32Array(G * H);
    this.xh = new Float32Array(2 * H);
  }

  /** A zero state (what training starts every stream from). */
  newState(): InferenceState {
    const H = this.hiddenSize;
    return {
      h: Array.from({ length: this.layers }, () => new Float32Array(H)),
      c: this.cell === 'lstm' ? Array.from({ length: this.layers }, () => new Float32Array(H)) : [],
    };
  }

  cloneState(state: InferenceState): InferenceState {
    return { h: state.h.map((a) => a.slice()), c: state.c.map((a) => a.slice()) };
  }

  copyState(from: InferenceState, to: InferenceState): void {
    for (let l = 0; l < from.h.length; l++) to.h[l].set(from.h[l]);
    for (let l = 0; l < from.c.length; l++) to.c[l].set(from.c[l]);
  }

  resetState(state: InferenceState): void {
    for (const a of state.h) a.fill(0);
    for (const a of state.c) a.fill(0);
  }

  /** Consumes one byte: updates `state` in place; fills `trace` gates when given. */
  step(state: InferenceState, byte: number, trace?: StepTrace): void {
    const H = this.hiddenSize;
    const GH = this.gates * H;
    const xp = this.xp;
    for (let l = 0; l < this.layers; l++) {
      const w = this.layerWeights[l];
      // xp = x @ kernel + bias                                    // [G*H]
      const gates = trace?.gates[l];
      if (l === 0) xp.set(this.inputTable.subarray(byte * GH, (byte + 1) * GH));
      else if (w.joinedT) {
        // z = [h_{l-1}; h_l] @ [kernel; recurrent] + bias in one pass   // [G*H]
        xp.set(w.bias);
        this.xh.set(state.h[l - 1], 0);
        this.xh.set(state.h[l], H);
        w.joinedT.addTo(this.xh, xp);
        if (this.cell === 'lstm') this.lstmGates(state.h[l], state.c[l], gates);
        else this.rnnGates(state.h[l], gates);
        continue;
      } else {
        xp.set(w.bias);
        w.inputT!.addTo(state.h[l - 1], xp);
      }
      if (this.cell === 'lstm') {
        w.recurrentT.addTo(state.h[l], xp);
        this.lstmGates(state.h[l], state.c[l], gates);
      } else if (this.cell === 'gru') this.gru(w, state.h[l], gates);
      else {
        w.recurrentT.addTo(state.h[l], xp);
        this.rnnGates(state.h[l], gates);
      }
    }
  }

  /** Consumes bytes[start..end) with no outputs (the fast path for context). */
  advance(state: InferenceState, bytes: Uint8Array, start = 0, end = bytes.length): void {
    for (let t = start; t < end; t++) this.step(state, bytes[t]);
  }

  /** logits [256] of the next byte given `state` (the last layer's h). */
  logits(state: InferenceState, out: Float32Array): Float32Array {
    out.set(this.outputBias);
    this.outputT.addTo(state.h[this.layers - 1], out);
    return out;
  }

  /** A copy of the trained output kernel [256, H] in this model's kernels, to change (an adapted head: ./adaptedHead.ts). */
  newOutputMatrix(): Matrix {
    const matrix = this.kernels.matrix(new Float32Array(256 * this.hiddenSize), 256, this.hiddenSize);
    matrix.blend(this.outputT, 0);
    return matrix;
  }

  /** The last layer's h [H] in `state` (what the output layer reads). */
  top(state: InferenceState): Float32Array {
    return state.h[this.layers - 1];
  }

  /** LSTM update from the full pre-activations in xp [4H]: i, f, g, o. */
  private lstmGates(h: Float32Array, c: Float32Array, gates: Float32Array | undefined): void {
    this.kernels.lstmCell(this.xp, c, h, gates);
  }

  private gru(w: LayerWeights, h: Float32Array, gates: Float32Array | undefined): void {
    const H = this.hiddenSize;
    const xp = this.xp; // [3H]: r, z, n
    const hp = this.hp; // [3H]
    hp.set(w.recurrentBias!);
    w.recurrentT.addTo(h, hp);
    for (let j = 0; j < H; j++) {
      const r = sigmoid(xp[j] + hp[j]);
      const z = sigmoid(xp[H + j] + hp[H + j]);
      const n = Math.tanh(xp[2 * H + j] + r * hp[2 * H + j]);
      h[j] = n + z * (h[j] - n);
      if (gates) {
        gates[j] = r;
        gates[H + j] = z;
        gates[2 * H + j] = n;
      }
    }
  }

  /** RNN update from the full pre-activations in xp [H]. */
  private rnnGates(h: Float32Array, gates: Float32Array | undefined): void {
    const H = this.hiddenSize;
    const z = this.xp;
    for (let j = 0; j < H; j++) {
      h[j] = Math.tanh(z[j]);
      if (gates) gates[j] = h[j];
    }
  }
}
