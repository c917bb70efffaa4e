// The hot operations of the pure forward pass, behind one small interface with two
// implementations that compute the same thing (to float32 rounding):
//   'wasm'  WebAssembly SIMD (wasm/kernels.wat): the default wherever the runtime has SIMD
//           (Node 16.4+, every VS Code since 1.60). Sandboxed bytecode, not native code:
//           nothing in it can crash the extension host.
//   'js'    plain TypeScript: the reference and the fallback.
//
//   const kernels = createKernels();                     // 'wasm' when available
//   const W = kernels.matrix(weightsT, rows, cols);      // [rows, cols] row-major, copied in
//   W.addTo(v, out);                                     // out[r] += Σ_c W[r, c] v[c]
//   W.addOuter(u, v);  W.scale(f);                       // W += u ⊗ v;  W *= f
//   W.blend(T, f);                                       // W = T + f (W − T)
//   const Q = kernels.quantizedMatrix(weightsT, rows, cols);  // read only, 16 bits (quantize.ts)
//   Q.addTo(h, out);                                     // out[r] += Σ_c W[r, c] h[c], h in [-1, 1]
//   kernels.lstmCell(z, c, h, gates);                    // one LSTM update from z [4H]
import { matVecAdd } from './matVec';
import type { Kernels, KernelsName, Matrix } from './kernelTypes';
import { quantizeInput, quantizeRows } from './quantize';
import { createWasmKernels } from './wasm/wasmKernels';

export type { Kernels, KernelsName, Matrix, QuantizedMatrix } from './kernelTypes';

/** The requested kernels; 'auto' (default) is 'wasm' when the runtime supports it, else 'js'. */
export function createKernels(name: KernelsName | 'auto' = 'auto'): Kernels {
  if (name === 'js') return jsKernels;
  const wasm = createWasmKernels();
  if (wasm) return wasm;
  if (name === 'wasm') throw new Error('this runtime has no WebAssembly SIMD');
  return jsKernels;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Each plain TypeScript matrix's numbers (for blend). */
const jsData = new WeakMap<Matrix, Float32Array>();

const jsKernels: Kernels = {
  name: 'js',
  matrix(W, rows, cols) {
    const data = W.slice(0, rows * cols);
    const matrix: Matrix = {
      rows,
      cols,
      addTo: (v, out) => matVecAdd(data, rows, cols, v, out),
      addOuter: (u, v) => {
        for (let r = 0; r < rows; r++) {
          const ur = u[r];
          const o = r * cols;
          for (let c = 0; c < cols; c++) data[o + c] += ur * v[c];
        }
      },
      scale: (factor) => {
        for (let i = 0; i < data.length; i++) data[i] *= factor;
      },
      blend: (target, factor) => {
        const t = jsData.get(target);
        if (!t || t.length !== data.length) throw new Error('blend: a matrix of another shape or kernels');
        for (let i = 0; i < data.length; i++) data[i] = t[i] + factor * (data[i] - t[i]);
      },
    };
    jsData.set(matrix, data);
    return matrix;
  },
  // The integers held as floats, so that the blocked float loop runs on them: each product
  // and each partial sum is an integer below 2^31, exact in a double; the row sums are then
  // rounded to float32, as the WebAssembly kernel's conversion does.
  quantizedMatrix(W, rows, cols) {
    const { weights, unscale } = quantizeRows(W, rows, cols);
    const integers = Float32Array.from(weights);
    const vq = new Float32Array(cols);
    const sums = new Float32Array(rows);
    return {
      rows,
      cols,
      addTo: (v, out) => {
        quantizeInput(v.subarray(0, cols), vq);
        sums.fill(0);
        matVecAdd(integers, rows, cols, vq, sums);
        for (let r = 0; r < rows; r++) out[r] += sums[r] * unscale[r];
      },
    };
  },
  lstmCell(z, c, h, gates) {
    const H = h.length;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(z[j]);
      const f = sigmoid(z[H + j]);
      const g = Math.tanh(z[2 * H + j]);
      const o = sigmoid(z[3 * H + j]);
      const cj = f * c[j] + i * g;
      c[j] = cj;
      h[j] = o * Math.tanh(cj);
      if (gates) {
        gates[j] = i;
        gates[H + j] = f;
        gates[2 * H + j] = g;
        gates[3 * H + j] = o;
      }
    }
  },
};
