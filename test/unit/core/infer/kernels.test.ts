// The WebAssembly SIMD kernels compute what the plain TypeScript ones do, for sizes that
// need padding and for inputs that saturate the gates (the 16-bit products also within
// their quantization bound of the exact product, and without overflow); and the committed kernel module is
// the assembly of kernels.wat (so the .wat source and the bytes cannot drift apart).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { createKernels } from '../../../../src/core/infer/kernels';
import { seededRandom } from '../../../../src/core/model/random';

const random = seededRandom(42);
const randomArray = (n: number, scale = 1) => Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
const wasm = createKernels('wasm');
const js = createKernels('js');

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

test('rank-one updates and scaling agree, and the padding of a WebAssembly matrix stays zero (its products are unchanged)', () => {
  for (const [rows, cols] of [
    [3, 5],
    [13, 27],
    [256, 64],
  ]) {
    const W = randomArray(rows * cols);
    const a = wasm.matrix(W, rows, cols);
    const b = js.matrix(W, rows, cols);
    for (let k = 0; k < 3; k++) {
      const u = randomArray(rows);
      const v = randomArray(cols);
      a.addOuter(u, v);
      b.addOuter(u, v);
    }
    a.scale(0.5);
    b.scale(0.5);
    // W' = (W + Σ u ⊗ v) / 2, read through products with the unit vectors.
    for (const c of [0, cols - 1]) {
      const e = new Float32Array(cols);
      e[c] = 1;
      const colA = new Float32Array(rows);
      const colB = new Float32Array(rows);
      a.addTo(e, colA);
      b.addTo(e, colB);
      assert.ok(maxAbsDiff(colA, colB) < 1e-5, `${rows}x${cols} column ${c}: ${maxAbsDiff(colA, colB)}`);
      const before = Float32Array.from({ length: rows }, (_, r) => W[r * cols + c] / 2);
      assert.ok(maxAbsDiff(colA, before) > 1e-3, 'the updates changed the matrix');
    }
    a.scale(0);
    const cleared = new Float32Array(rows);
    a.addTo(randomArray(cols), cleared);
    assert.deepEqual(cleared, new Float32Array(rows), 'scale(0) clears it');
  }
});

test('matrix-vector products agree, including sizes that are not multiples of the SIMD blocks', () => {
  for (const [rows, cols] of [
    [1, 1],
    [3, 5],
    [4, 8],
    [13, 27],
    [1024, 512],
    [256, 256],
  ]) {
    const W = randomArray(rows * cols);
    const v = randomArray(cols);
    const start = randomArray(rows);
    const a = start.slice();
    const b = start.slice();
    wasm.matrix(W, rows, cols).addTo(v, a);
    js.matrix(W, rows, cols).addTo(v, b);
    assert.ok(maxAbsDiff(a, b) < 1e-4 * Math.sqrt(cols), `${rows}x${cols}: ${maxAbsDiff(a, b)}`);
    assert.ok(maxAbsDiff(a, start) > 0, 'the product was added');
  }
});

test('many matrices in one memory keep their own weights (memory grows without losing any)', () => {
  const kernels = createKernels('wasm');
  const made = Array.from({ length: 20 }, () => {
    const W = randomArray(300 * 200);
    return { W, m: kernels.matrix(W, 300, 200) };
  });
  const v = randomArray(200);
  for (const { W, m } of made) {
    const a = new Float32Array(300);
    const b = new Float32Array(300);
    m.addTo(v, a);
    js.matrix(W, 300, 200).addTo(v, b);
    assert.ok(maxAbsDiff(a, b) < 1e-3);
  }
});

/** Σ_c W[r, c] v[c] in doubles, v clamped to [-1, 1]. */
function exactProduct(W: Float32Array, rows: number, cols: number, v: Float32Array): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r] += W[r * cols + c] * Math.min(1, Math.max(-1, v[c]));
  return out;
}

test('16-bit products agree between the kernels and stay within the quantization bound of the exact product', () => {
  for (const [rows, cols, scale] of [
    [1, 1, 1],
    [3, 5, 0.1],
    [13, 27, 2],
    [1024, 512, 0.2],
    [256, 256, 50],
  ] as const) {
    const W = randomArray(rows * cols, scale);
    const v = randomArray(cols, 1.3); // some entries outside [-1, 1]: clamped
    const a = new Float32Array(rows);
    const b = new Float32Array(rows);
    wasm.quantizedMatrix(W, rows, cols).addTo(v, a);
    js.quantizedMatrix(W, rows, cols).addTo(v, b);
    const exact = exactProduct(W, rows, cols, v);
    let worst = 0;
    for (let r = 0; r < rows; r++) {
      // Rounding each weight moves it by at most max|W_r| / 32767 (or less than Σ|W_r| / 2^18 when the sum bound sets the scale); each input by at most 0.5 / 4096.
      let sum = 0;
      let max = 0;
      for (let c = 0; c < cols; c++) {
        sum += Math.abs(W[r * cols + c]);
        max = Math.max(max, Math.abs(W[r * cols + c]));
      }
      const weightStep = Math.max(max / 32767, sum / 2 ** 18);
      const bound = cols * weightStep * 0.5 + sum * (0.5 / 4096) + 1e-6 * Math.abs(exact[r]);
      assert.ok(Math.abs(a[r] - exact[r]) <= bound, `${rows}x${cols} row ${r}: ${a[r]} vs ${exact[r]} (bound ${bound})`);
      worst = Math.max(worst, Math.abs(a[r] - b[r]) / (1 + Math.abs(exact[r])));
    }
    assert.ok(worst < 1e-6, `${rows}x${cols}: the kernels differ by ${worst}`);
  }
});

test('16-bit products cannot overflow: rows of large weights of one sign, inputs at the bounds', () => {
  const rows = 8;
  const cols = 1000;
  const W = new Float32Array(rows * cols).fill(3e4);
  for (let c = 0; c < cols; c++) W[cols + c] = -3e4; // row 1 negative
  W.fill(0, 2 * cols, 3 * cols); // row 2 all zero
  const v = new Float32Array(cols).fill(5); // clamped to 1
  for (const kernels of [wasm, js]) {
    const out = new Float32Array(rows);
    kernels.quantizedMatrix(W, rows, cols).addTo(v, out);
    assert.ok(Math.abs(out[0] - 3e7) < 3e7 * 1e-3, `${kernels.name}: ${out[0]}`);
    assert.ok(Math.abs(out[1] + 3e7) < 3e7 * 1e-3, `${kernels.name}: ${out[1]}`);
    assert.equal(out[2], 0);
  }
});

test('the LSTM cell agrees to 1e-6, gates included, from small to saturating pre-activations', () => {
  for (const [H, scale] of [
    [1, 1],
    [13, 3],
    [256, 1],
    [64, 100],
  ] as const) {
    const z = randomArray(4 * H, scale);
    const c0 = randomArray(H, 2);
    const results = [wasm, js].map((k) => {
      const c = c0.slice();
      const h = new Float32Array(H);
      const gates = new Float32Array(4 * H);
      k.lstmCell(z, c, h, gates);
      return { c, h, gates };
    });
    assert.ok(maxAbsDiff(results[0].c, results[1].c) < 1e-6, `c, H=${H} scale=${scale}`);
    assert.ok(maxAbsDiff(results[0].h, results[1].h) < 1e-6, `h, H=${H} scale=${scale}`);
    assert.ok(maxAbsDiff(results[0].gates, results[1].gates) < 1e-6, `gates, H=${H} scale=${scale}`);
    for (const x of results[0].h) assert.ok(Number.isFinite(x) && Math.abs(x) <= 1);
  }
});

test('the committed kernel module is the assembly of kernels.wat', () => {
  const script = path.join(__dirname, '..', '..', '..', '..', 'scripts', 'build-wasm.mjs');
  assert.doesNotThrow(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' }), 'run node scripts/build-wasm.mjs');
});
