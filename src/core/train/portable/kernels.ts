// The portable trainer's WebAssembly kernels: the matrix product (wasm/gemm.wat, generated
// by scripts/wasm/gemm-wat.mjs) and the elementwise kernels (wasm/train.wat), instantiated
// on one WasmMemory. Needs WebAssembly SIMD (every current V8: Node >= 16, Electron, VS Code).
// The relaxed-SIMD build of the product (f32x4.relaxed_madd: a fused multiply-add on x64
// with FMA3 and on ARM64) is taken where the runtime validates it; Node 20 validates it only
// with V8's --experimental-wasm-relaxed-simd, which is set here at load when it is missing
// (newer V8 has it on by default). Otherwise the plain-SIMD build.
import { setFlagsFromString } from 'node:v8';
import type { WasmMemory } from './memory';
import { gemmWasmBase64 } from './wasm/gemmModule';
import { gemmRelaxedWasmBase64 } from './wasm/gemmRelaxedModule';
import { trainWasmBase64 } from './wasm/trainModule';

export interface KernelExports {
  gemm(M: number, N: number, K: number, A: number, lda: number, Bp: number, C: number, ldc: number, acc: number, MC: number, KC: number): void;
  packB(src: number, ld: number, K: number, N: number, dst: number): void;
  packBT(src: number, ld: number, K: number, N: number, dst: number): void;
  lstmForward(z: number, cPrev: number, c: number, h: number, rows: number, Hp: number): void;
  lstmBackward(gates: number, cPrev: number, c: number, dh: number, dc: number, rows: number, Hp: number): void;
  gruForward(xp: number, hp: number, hPrev: number, h: number, rows: number, Hp: number): void;
  gruBackward(xp: number, hp: number, hPrev: number, dh: number, dhPrev: number, rows: number, Hp: number): void;
  rnnForward(z: number, h: number, n: number): void;
  rnnBackward(z: number, h: number, dh: number, n: number): void;
  softmaxXent(x: number, targets: number, rows: number, V: number, scale: number, mode: number, stats: number): void;
  sumSquares(x: number, n: number): number;
  adam(p: number, g: number, m: number, v: number, n: number, gScale: number, beta1: number, beta2: number, stepSize: number, epsHat: number): void;
  gatherRows(table: number, ids: number, rows: number, width: number, dst: number): void;
  scatterAddRows(src: number, ids: number, rows: number, width: number, dst: number): void;
  colSums(src: number, rows: number, width: number, dst: number): void;
  fillRows(dst: number, rows: number, width: number, row: number): void;
  zero(dst: number, n: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
}

/** The compiled modules (a WebAssembly.Module can be sent to a worker thread). */
export interface CompiledKernels {
  gemm: WebAssembly.Module;
  train: WebAssembly.Module;
  /** The product uses fused multiply-add (relaxed SIMD). */
  relaxed: boolean;
}

/** Columns per packed panel: every N given to gemm is a multiple of this. */
export const PANEL = 8;

let compiled: CompiledKernels | undefined;

/** Compiles once per process. Throws an Error saying what is missing when WebAssembly SIMD is. */
export function compileKernels(options: { relaxed?: boolean } = {}): CompiledKernels {
  const wantRelaxed = options.relaxed ?? true;
  if (compiled && compiled.relaxed === wantRelaxed) return compiled;
  if (typeof WebAssembly !== 'object') throw new Error('the portable trainer needs WebAssembly, which this runtime lacks');
  const plain = bytesOf(gemmWasmBase64);
  const train = bytesOf(trainWasmBase64);
  if (!WebAssembly.validate(train) || !WebAssembly.validate(plain))
    throw new Error('the portable trainer needs WebAssembly SIMD and threads (shared memory), which this runtime lacks: use Node 20 or newer, or the tfjs-node backend');
  const relaxedBytes = bytesOf(gemmRelaxedWasmBase64);
  const relaxed = wantRelaxed && relaxedAvailable(relaxedBytes);
  compiled = { gemm: new WebAssembly.Module(relaxed ? relaxedBytes : plain), train: new WebAssembly.Module(train), relaxed };
  return compiled;
}

function relaxedAvailable(bytes: Uint8Array<ArrayBuffer>): boolean {
  if (WebAssembly.validate(bytes)) return true;
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false; // flags frozen: the plain build
  }
  return WebAssembly.validate(bytes);
}

export function instantiateKernels(modules: CompiledKernels, memory: WasmMemory): KernelExports {
  const imports = { env: { memory: memory.memory } };
  const gemm = new WebAssembly.Instance(modules.gemm, imports).exports;
  const train = new WebAssembly.Instance(modules.train, imports).exports;
  return { ...train, ...gemm } as unknown as KernelExports;
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
}
