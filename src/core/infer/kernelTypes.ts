// The hot operations of the pure forward pass as an interface (kernels.ts chooses an
// implementation and holds the plain TypeScript one; wasm/wasmKernels.ts the WebAssembly one).
// Its own file so that the implementations import it without importing the chooser.
export type KernelsName = 'wasm' | 'js';

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** out[r] += Σ_c W[r, c] · v[c];  v [cols], out [rows]. */
  addTo(v: Float32Array, out: Float32Array): void;
  /** W[r, c] += u[r] · v[c];  u [rows], v [cols] (a rank-one update: an output layer learning online). */
  addOuter(u: Float32Array, v: Float32Array): void;
  /** W *= factor (0 clears it). */
  scale(factor: number): void;
  /** W <- target + factor · (W − target);  target of the same shape and kernels (factor 0 copies it). */
  blend(target: Matrix, factor: number): void;
}

/** A read-only matrix for products with hidden states, in 16-bit integers (../quantize.ts). */
export interface QuantizedMatrix {
  readonly rows: number;
  readonly cols: number;
  /** out[r] += Σ_c W[r, c] · v[c] to 16-bit precision;  v [cols] with entries in [-1, 1] (others are clamped), out [rows]. */
  addTo(v: Float32Array, out: Float32Array): void;
}

export interface Kernels {
  readonly name: KernelsName;
  /** Takes a copy of W [rows, cols] (row-major). */
  matrix(W: Float32Array, rows: number, cols: number): Matrix;
  /** W [rows, cols] (row-major) in 16 bits, for inputs in [-1, 1]: about 2.5x faster than matrix() on large ones, half the memory. */
  quantizedMatrix(W: Float32Array, rows: number, cols: number): QuantizedMatrix;
  /**
   * One LSTM update of H units from the pre-activations z [4H] (blocks i, f, g, o):
   *   c <- σ(f) ⊙ c + σ(i) ⊙ tanh(g)   (c [H], in place);   h <- σ(o) ⊙ tanh(c)   (h [H])
   * gates [4H], when given, receives σ(i), σ(f), tanh(g), σ(o).
   */
  lstmCell(z: Float32Array, c: Float32Array, h: Float32Array, gates?: Float32Array): void;
}
