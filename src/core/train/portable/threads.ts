// Worker threads that share the matrix products with the main thread (engine.ts), on the
// shared WebAssembly memory: each worker instantiates the same compiled modules on the same
// memory. A product is cut into chunks of C's column panels; whoever is free claims the next
// chunk (the main thread too), so a worker the OS has not scheduled yet delays nothing: the
// main thread takes its chunks, and waits only for chunks a worker has claimed. One task slot
// in the memory, Int32:
//   [0] seq: bumped (and notified) for each task; -1 tells the workers to exit
//   [1] claim word: (seq tag << 16) | next chunk, claimed by compare-and-swap, so a worker
//       still looking at an earlier task can never claim a chunk of this one
//   [2] chunks done   [3] chunks   [4] panels per chunk   [5] panels   [6..16] gemm's arguments
//   [17] set by a worker that failed (the main thread then throws instead of waiting)
//   [18] workers started (the constructor waits for all, so the first product is shared too)
// Waits spin briefly before sleeping (Atomics.wait): the tasks are short (tenths of a ms).
import { Worker } from 'node:worker_threads';
import type { CompiledKernels, KernelExports } from './kernels';
import type { WasmMemory } from './memory';

const SLOT_INTS = 32;
const SPINS = 20000;
const ARGS = 6; // index of gemm's first argument
/** How long the constructor waits for the workers to start (after that they join when they can). */
const STARTUP_MS = 5000;

type GemmArgs = Parameters<KernelExports['gemm']>;

/**
 * Runs chunk after chunk of the task in `i32` tagged `seq` until none is left; returns the
 * chunks it ran. Shared by the main thread and (as source text) the workers.
 */
function claimChunks(i32: Int32Array, seq: number, gemm: (...args: number[]) => void): number {
  const tag = (seq & 0x7fff) << 16;
  let ran = 0;
  for (;;) {
    const word = Atomics.load(i32, 1);
    if ((word & ~0xffff) !== tag || (word & 0xffff) >= i32[3]) return ran;
    if (Atomics.compareExchange(i32, 1, word, word + 1) !== word) continue;
    const chunk = word & 0xffff;
    const per = i32[4];
    const first = chunk * per;
    const panels = Math.min(per, i32[5] - first);
    const [M, , K, A, lda, Bp, C, ldc, acc, MC, KC] = i32.subarray(6, 17);
    gemm(M, panels * 8, K, A, lda, Bp + first * K * 32, C + first * 32, ldc, acc, MC, KC);
    ran++;
    if (Atomics.add(i32, 2, 1) + 1 === i32[3]) Atomics.notify(i32, 2);
  }
}

// The worker: plain JavaScript evaluated from a string, so it needs no bundled file.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { modules, memory, slot, spins } = workerData;
const k = new WebAssembly.Instance(modules.gemm, { env: { memory } }).exports;
const i32 = new Int32Array(memory.buffer, slot, ${SLOT_INTS});
const claimChunks = ${claimChunks.toString()};
Atomics.add(i32, 18, 1);
Atomics.notify(i32, 18);
let seen = 0;
try {
  for (;;) {
    let seq, n = 0;
    while ((seq = Atomics.load(i32, 0)) === seen) if (++n > spins) { Atomics.wait(i32, 0, seen); n = 0; }
    if (seq < 0) break;
    seen = seq;
    claimChunks(i32, seq, k.gemm);
  }
} catch (error) {
  Atomics.store(i32, 17, 1);
  Atomics.notify(i32, 2);
  throw error;
}
`;

export class KernelThreads {
  private readonly workers: Worker[];
  private readonly slot: Int32Array;
  private seq = 0;
  /** Chunks run in all, and by the main thread (the rest ran on workers). */
  readonly chunks = { all: 0, main: 0 };

  /** `count` worker threads (the main thread is one more). */
  constructor(
    modules: CompiledKernels,
    memory: WasmMemory,
    readonly count: number,
  ) {
    const address = memory.alloc(SLOT_INTS);
    this.slot = new Int32Array(memory.memory.buffer, address, SLOT_INTS);
    this.workers = Array.from({ length: count }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modules: { gemm: modules.gemm }, memory: memory.memory, slot: address, spins: SPINS } });
      worker.unref(); // an idle worker never keeps the process alive
      return worker;
    });
    const deadline = Date.now() + STARTUP_MS;
    let started: number;
    while ((started = Atomics.load(this.slot, 18)) < count && Date.now() < deadline) Atomics.wait(this.slot, 18, started, deadline - Date.now());
  }

  /** gemm (kernels.ts) with C's `panels` column panels cut into chunks of `perChunk`, run by every thread. */
  gemm(gemm: (...args: GemmArgs) => void, args: GemmArgs, panels: number, perChunk: number): void {
    const slot = this.slot;
    this.seq = (this.seq % 0x7fff) + 1;
    const chunks = Math.ceil(panels / perChunk);
    slot[2] = 0;
    slot[3] = chunks;
    slot[4] = perChunk;
    slot[5] = panels;
    slot.set(args, ARGS);
    Atomics.store(slot, 1, this.seq << 16);
    Atomics.store(slot, 0, this.seq);
    Atomics.notify(slot, 0);
    this.chunks.main += claimChunks(slot, this.seq, gemm as (...args: number[]) => void);
    this.chunks.all += chunks;
    let n = 0;
    let done: number;
    while ((done = Atomics.load(slot, 2)) !== chunks) {
      if (Atomics.load(slot, 17)) throw new Error('a worker thread of the portable trainer failed: train with one thread');
      if (++n > SPINS) {
        Atomics.wait(slot, 2, done, 100);
        n = 0;
      }
    }
  }

  dispose(): void {
    Atomics.store(this.slot, 0, -1);
    Atomics.notify(this.slot, 0);
    for (const worker of this.workers) void worker.terminate();
  }
}
