// The WebAssembly SIMD kernels (kernels.wat) behind the Kernels interface of ../kernelTypes.ts.
// One WebAssembly memory per instance (so per model): matrices are copied in once, zero
// padded to the kernel's blocks (rows to 4, columns to 8, or 16 for a 16-bit one), each with
// its own input and output scratch vectors; the LSTM cell has scratch for z, c, h and gates
// with every block padded to a multiple of 4 units. Memory only grows; views are re-made after a grow.
import type { Kernels, Matrix, QuantizedMatrix } from '../kernelTypes';
import { INPUT_SCALE, quantizeRows } from '../quantize';
import { kernelsWasmBase64 } from './kernelsModule';

interface Exports {
  matVecAdd(W: number, rows: number, cols: number, v: number, out: number): void;
  matVecAddQ16(W: number, rows: number, cols: number, v: number, unscale: number, out: number): void;
  quantizeInput(v: number, n: number, factor: number, q: number): void;
  lstmCell(z: number, c: number, h: number, H: number, gates: number): void;
  addOuter(W: number, rows: number, cols: number, u: number, v: number): void;
  scale(W: number, n: number, factor: number): void;
  blend(W: number, T: number, n: number, factor: number): void;
}

const PAGE_BYTES = 65536;

let compiled: WebAssembly.Module | null | undefined;

/** WebAssembly kernels with their own memory, or undefined when the runtime has no WebAssembly SIMD. */
export function createWasmKernels(): Kernels | undefined {
  if (compiled === undefined) {
    try {
      const bytes = Uint8Array.from(atob(kernelsWasmBase64), (ch) => ch.charCodeAt(0));
      compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled ? new WasmKernels(compiled) : undefined;
}

interface CellScratch {
  H: number;
  padded: number; // H rounded up to 4
  z: number; // [4, padded]
  c: number; // [padded]
  h: number; // [padded]
  gates: number; // [4, padded]
}

class WasmKernels implements Kernels {
  readonly name = 'wasm';
  private readonly memory = new WebAssembly.Memory({ initial: 1 });
  private readonly exports: Exports;
  private used = 0; // bytes allocated
  private view = new Float32Array(this.memory.buffer);
  private cell: CellScratch | undefined;
  /** Each matrix's byte address and padded size (floats), for blend. */
  private readonly places = new WeakMap<Matrix, { address: number; floats: number }>();

  constructor(module: WebAssembly.Module) {
    this.exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as Exports;
  }

  matrix(W: Float32Array, rows: number, cols: number): Matrix {
    const paddedRows = roundUp(rows, 4);
    const paddedCols = roundUp(cols, 8);
    const w = this.allocate(paddedRows * paddedCols); // [paddedRows, paddedCols]
    const v = this.allocate(paddedCols); // [paddedCols], zeros past cols
    const out = this.allocate(paddedRows); // [paddedRows]
    const f32 = this.floats();
    for (let r = 0; r < rows; r++) f32.set(W.subarray(r * cols, (r + 1) * cols), w / 4 + r * paddedCols);
    const { matVecAdd, addOuter, scale, blend } = this.exports;
    const matrix: Matrix = {
      rows,
      cols,
      addTo: this.productThroughScratch(rows, cols, v, out, () => matVecAdd(w, paddedRows, paddedCols, v, out)),
      // u goes in the output scratch; its padding rows are zeroed so that W's padding stays zero.
      addOuter: (uVector, vVector) => {
        const mem = this.floats();
        mem.set(vVector.subarray(0, cols), v / 4);
        mem.set(uVector.subarray(0, rows), out / 4);
        mem.fill(0, out / 4 + rows, out / 4 + paddedRows);
        addOuter(w, paddedRows, paddedCols, out, v);
      },
      scale: (factor) => scale(w, paddedRows * paddedCols, factor),
      blend: (target, factor) => {
        const place = this.places.get(target);
        if (!place || place.floats !== paddedRows * paddedCols) throw new Error('blend: a matrix of another shape or kernels');
        blend(w, place.address, place.floats, factor);
      },
    };
    this.places.set(matrix, { address: w, floats: paddedRows * paddedCols });
    return matrix;
  }

  quantizedMatrix(W: Float32Array, rows: number, cols: number): QuantizedMatrix {
    const paddedRows = roundUp(rows, 4);
    const paddedCols = roundUp(cols, 16);
    const { weights, unscale } = quantizeRows(W, rows, cols);
    const w = this.allocate((paddedRows * paddedCols) / 2); // int16 [paddedRows / 4, paddedCols / 8, 4, 8]
    const scales = this.allocate(paddedRows); // f32 [paddedRows], zeros past rows
    const v = this.allocate(paddedCols); // f32 [paddedCols], zeros past cols
    const vq = this.allocate(paddedCols / 2); // int16 [paddedCols]
    const out = this.allocate(paddedRows); // f32 [paddedRows]
    // Four rows interleaved in groups of eight columns (kernels.wat, matVecAddQ16).
    const blocks = new Int16Array(this.memory.buffer, w, paddedRows * paddedCols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) blocks[(r >> 2) * 4 * paddedCols + (c >> 3) * 32 + (r & 3) * 8 + (c & 7)] = weights[r * cols + c];
    this.floats().set(unscale, scales / 4);
    const { matVecAddQ16, quantizeInput } = this.exports;
    return {
      rows,
      cols,
      addTo: this.productThroughScratch(rows, cols, v, out, () => {
        quantizeInput(v, paddedCols, INPUT_SCALE, vq);
        matVecAddQ16(w, paddedRows, paddedCols, vq, scales, out);
      }),
    };
  }

  /** An addTo: vector [cols] and output [rows] copied to the scratch at byte addresses v and out, `kernel` run on them, the output copied back. */
  private productThroughScratch(rows: number, cols: number, v: number, out: number, kernel: () => void): Matrix['addTo'] {
    return (vector, output) => {
      const mem = this.floats();
      mem.set(vector.subarray(0, cols), v / 4);
      mem.set(output.subarray(0, rows), out / 4);
      kernel();
      output.set(mem.subarray(out / 4, out / 4 + rows));
    };
  }

  lstmCell(z: Float32Array, c: Float32Array, h: Float32Array, gates?: Float32Array): void {
    const H = h.length;
    const s = this.cellScratch(H);
    const mem = this.floats();
    for (let k = 0; k < 4; k++) mem.set(z.subarray(k * H, (k + 1) * H), s.z / 4 + k * s.padded);
    mem.set(c, s.c / 4);
    this.exports.lstmCell(s.z, s.c, s.h, s.padded, gates ? s.gates : 0);
    c.set(mem.subarray(s.c / 4, s.c / 4 + H));
    h.set(mem.subarray(s.h / 4, s.h / 4 + H));
    if (gates) for (let k = 0; k < 4; k++) gates.set(mem.subarray(s.gates / 4 + k * s.padded, s.gates / 4 + k * s.padded + H), k * H);
  }

  private cellScratch(H: number): CellScratch {
    if (this.cell?.H !== H) {
      const padded = roundUp(H, 4);
      this.cell = { H, padded, z: this.allocate(4 * padded), c: this.allocate(padded), h: this.allocate(padded), gates: this.allocate(4 * padded) };
    }
    return this.cell;
  }

  /** Byte address of `floats` zeroed floats, 16-byte aligned. */
  private allocate(floats: number): number {
    const address = this.used;
    this.used += roundUp(floats * 4, 16);
    const pages = Math.ceil(this.used / PAGE_BYTES) - this.memory.buffer.byteLength / PAGE_BYTES;
    if (pages > 0) this.memory.grow(pages);
    return address;
  }

  private floats(): Float32Array {
    if (this.view.buffer !== this.memory.buffer) this.view = new Float32Array(this.memory.buffer);
    return this.view;
  }
}

function roundUp(n: number, multiple: number): number {
  return Math.ceil(n / multiple) * multiple;
}
