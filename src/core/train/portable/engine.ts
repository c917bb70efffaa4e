// The portable trainer's working set for one model: the kernels on their memory, the flat
// vectors (parameters, gradients, Adam's m and v, in layout.ts's padded layout) and every
// weight matrix packed for the matrix product (kernels.ts's PANEL-column panels), re-packed
// after each update.
import type { ModelConfig } from '../../model/config';
import { type CompiledKernels, compileKernels, instantiateKernels, type KernelExports, PANEL } from './kernels';
import { type Dims, ParamLayout } from './layout';
import { WasmMemory } from './memory';
import { CELL_CODES, RECURRENCE, RECURRENCE_PARAMS, recurrenceBackward, recurrenceForward } from './recurrence';
import { KernelThreads, TASK } from './threads';

/** Byte addresses of one layer's parameters in a flat vector (recurrentBias 0 unless GRU). */
export interface LayerAddresses {
  kernel: number; // [Ip, G*Hp]
  recurrent: number; // [Hp, G*Hp]
  bias: number; // [G*Hp]
  recurrentBias: number; // [G*Hp]
}

/** One layer's weights packed for gemm: W and U as B operands, and Wᵀ and Uᵀ (the backward pass's). */
export interface PackedLayer {
  kernel: number;
  kernelT: number;
  recurrent: number;
  recurrentT: number;
}

/** Products smaller than this (multiply-adds) run on one thread: splitting costs more than it gains. */
const MIN_SPLIT_WORK = 1 << 20;
/**
 * The product's cache blocks (gemm.wat): ROW_BLOCK rows of A stay in L2 while every panel
 * passes, and a panel's depthBlock(K) x 8 block stays in L1 across them. Measured on the
 * default model's step (CPU time per step, MC x KC): 64 x 256 243-250 ms, 256 x 256 227-239,
 * 256 x 512 217-221, 256 x 128 228-236; the transposed products (K = T B) gained most.
 */
const ROW_BLOCK = 256;
function depthBlock(K: number): number {
  return K <= 640 ? K : 512;
}

/** Chunks a task is cut into, per thread: enough that a late thread's share is taken by the others. */
const CHUNKS_PER_THREAD = 2;

export interface EngineOptions {
  kernels?: CompiledKernels;
  /** Threads (the main thread and threads - 1 workers); default 1. */
  threads?: number;
  /** False: the main thread leaves every shared chunk to the workers (tests of their path). */
  mainTakesChunks?: boolean;
}

/** C[M, N] (+)= A[M, K] (row stride lda) · B, B packed; C's row stride ldc; acc: add to C. */
export type Gemm = (M: number, N: number, K: number, A: number, lda: number, Bp: number, C: number, ldc: number, acc: boolean) => void;

export class Engine {
  readonly memory = new WasmMemory();
  readonly k: KernelExports;
  readonly layout: ParamLayout;
  readonly dims: Dims;
  readonly params: number;
  readonly grads: number;
  readonly m: number;
  readonly v: number;
  readonly packed: PackedLayer[];
  readonly packedOut: { kernel: number; kernelT: number };
  /** Where the per-chunk buffers start (chunk.ts lays them out from here). */
  readonly scratchStart: number;
  readonly gemm: Gemm;
  readonly compiled: CompiledKernels;
  readonly threads: number;
  readonly workers: KernelThreads | undefined;

  constructor(
    readonly config: ModelConfig,
    options: EngineOptions = {},
  ) {
    this.compiled = options.kernels ?? compileKernels();
    this.k = instantiateKernels(this.compiled, this.memory);
    this.threads = Math.max(1, Math.floor(options.threads ?? 1));
    this.workers = this.threads > 1 ? new KernelThreads(this.compiled, this.memory, this.threads - 1, options.mainTakesChunks ?? true) : undefined;
    this.layout = new ParamLayout(config);
    this.dims = this.layout.dims;
    const P = this.layout.size;
    [this.params, this.grads, this.m, this.v] = [0, 1, 2, 3].map(() => this.memory.alloc(P));
    const { G, Hp, Ep, V } = this.dims;
    this.packed = Array.from({ length: this.dims.L }, (_, l) => {
      const Ip = l === 0 ? Ep : Hp;
      return { kernel: this.memory.alloc(Ip * G * Hp), kernelT: this.memory.alloc(Ip * G * Hp), recurrent: this.memory.alloc(Hp * G * Hp), recurrentT: this.memory.alloc(Hp * G * Hp) };
    });
    this.packedOut = { kernel: this.memory.alloc(Hp * V), kernelT: this.memory.alloc(Hp * V) };
    this.scratchStart = this.memory.mark();
    this.gemm = this.workers ? this.splitGemm.bind(this, this.workers) : (M, N, K, A, lda, Bp, C, ldc, acc) => this.k.gemm(M, N, K, A, lda, Bp, C, ldc, acc ? 1 : 0, ROW_BLOCK, depthBlock(K));
  }

  dispose(): void {
    this.workers?.dispose();
  }

  /** gemm with C's column panels shared out between the threads in chunks (threads.ts). */
  private splitGemm(workers: KernelThreads, M: number, N: number, K: number, A: number, lda: number, Bp: number, C: number, ldc: number, acc: boolean): void {
    const args: Parameters<KernelExports['gemm']> = [M, N, K, A, lda, Bp, C, ldc, acc ? 1 : 0, ROW_BLOCK, depthBlock(K)];
    const panels = N / PANEL;
    if (panels < 2 || M * N * K < MIN_SPLIT_WORK) return this.k.gemm(...args);
    workers.run(this.k, TASK.gemm, args, panels, Math.max(1, Math.ceil(panels / (CHUNKS_PER_THREAD * this.threads))));
  }

  /**
   * Layer l's recurrence over the chunk (recurrence.ts), forward or backward, on the buffers
   * given; with threads, the batch rows are shared out (streams are independent).
   */
  recurrence(backward: boolean, l: number, T: number, B: number, buffers: { z: number; hp: number; h: number; c: number; dY?: number; dc?: number; dh0?: number }): void {
    const { G, Hp, cell } = this.dims;
    const p = new Int32Array(RECURRENCE_PARAMS);
    const R = RECURRENCE;
    [p[R.cell], p[R.T], p[R.B], p[R.Hp], p[R.G]] = [CELL_CODES[cell], T, B, Hp, G];
    [p[R.z], p[R.hp], p[R.h], p[R.c]] = [buffers.z, buffers.hp, buffers.h, buffers.c];
    [p[R.U], p[R.UT], p[R.recurrentBias]] = [this.packed[l].recurrent, this.packed[l].recurrentT, this.layer(this.params, l).recurrentBias];
    [p[R.dY], p[R.dc], p[R.dh0]] = [buffers.dY ?? 0, buffers.dc ?? 0, buffers.dh0 ?? 0];
    [p[R.rowBlock], p[R.depthHp], p[R.depthGH]] = [ROW_BLOCK, depthBlock(Hp), depthBlock(G * Hp)];
    const rowsPerChunk = Math.ceil(B / (CHUNKS_PER_THREAD * this.threads) / 4) * 4; // whole 4-row tiles
    if (!this.workers || B <= rowsPerChunk) return (backward ? recurrenceBackward : recurrenceForward)(this.k, p, 0, B);
    this.workers.run(this.k, backward ? TASK.backward : TASK.forward, p, B, rowsPerChunk);
  }

  /** Byte address of parameter `name` in the flat vector at `base` (params, grads, m or v). */
  addr(base: number, name: string): number {
    const slot = this.layout.slots[name];
    if (!slot) throw new Error(`no parameter ${name}`);
    return base + slot.offset * 4;
  }

  layer(base: number, l: number): LayerAddresses {
    const has = (name: string) => name in this.layout.slots;
    return {
      kernel: this.addr(base, `layer${l}.kernel`),
      recurrent: this.addr(base, `layer${l}.recurrent`),
      bias: this.addr(base, `layer${l}.bias`),
      recurrentBias: has(`layer${l}.recurrentBias`) ? this.addr(base, `layer${l}.recurrentBias`) : 0,
    };
  }

  /** Packs every weight matrix from the parameters (after an update); the transposes only when a backward pass follows. */
  packWeights(forBackward: boolean): void {
    const { G, Hp, Ep, V, L } = this.dims;
    const GH = G * Hp;
    for (let l = 0; l < L; l++) {
      const w = this.layer(this.params, l);
      const p = this.packed[l];
      const Ip = l === 0 ? Ep : Hp;
      this.k.packB(w.kernel, GH, Ip, GH, p.kernel); // W [Ip, GH]
      this.k.packB(w.recurrent, GH, Hp, GH, p.recurrent); // U [Hp, GH]
      if (forBackward) {
        this.k.packBT(w.kernel, GH, GH, Ip, p.kernelT); // Wᵀ [GH, Ip]
        this.k.packBT(w.recurrent, GH, GH, Hp, p.recurrentT); // Uᵀ [GH, Hp]
      }
    }
    const out = this.addr(this.params, 'output.kernel'); // [Hp, V]
    this.k.packB(out, V, Hp, V, this.packedOut.kernel);
    if (forBackward) this.k.packBT(out, V, V, Hp, this.packedOut.kernelT); // [V, Hp]
  }
}
