// Worker threads that share the work of a step with the main thread, on the shared
// WebAssembly memory (each worker instantiates the same compiled modules on it). A task is
// cut into chunks; whoever is free claims the next chunk (the main thread too), so a worker
// the OS has not scheduled yet delays nothing: the main thread takes its chunks, and waits
// only for chunks a worker is running. Tasks (runChunk):
//   0  a product, chunks of C's column panels (gemm's 11 arguments)
//   1  a layer's recurrence forward, chunks of batch rows (recurrence.ts's parameters)
//   2  the same backward
// One task slot in the memory, Int32:
//   [0] seq: bumped (and notified) for each task; -1 tells the workers to exit
//   [1] claim word: (seq tag << 16) | next chunk, claimed by compare-and-swap, so a worker
//       still looking at an earlier task can never claim a chunk of this one
//   [2] chunks done   [3] chunks   [4] task   [5] units per chunk   [6] units
//   [7] set by a worker that failed (the main thread then throws instead of waiting)
//   [8] workers started (the constructor waits for all)   [9..] the task's parameters
// Waits spin for SPIN_MS before sleeping (Atomics.wait).
import { Worker } from 'node:worker_threads';
import type { CompiledKernels, KernelExports } from './kernels';
import type { WasmMemory } from './memory';
import { RECURRENCE_PARAMS, recurrenceBackward, recurrenceForward } from './recurrence';

export const TASK = { gemm: 0, forward: 1, backward: 2 } as const;
const PARAMS = 9;
const SLOT_INTS = PARAMS + Math.max(11, RECURRENCE_PARAMS);
/**
 * How long a waiting thread spins before it sleeps (Atomics.wait), in ms: about the gap
 * between two tasks of a step. Spinning 2 ms instead cost 10% more CPU per step here and
 * gained nothing measurable (the machine was shared: a second thread added no CPU share).
 */
const SPIN_MS = 0.1;
/** How long the constructor waits for the workers to start (after that they join when they can). */
const STARTUP_MS = 5000;

type Recurrence = typeof recurrenceForward;

/** Runs chunk `chunk` of the task in `i32` (self-contained: its source goes to the workers). */
function runChunk(k: KernelExports, i32: Int32Array, chunk: number, forward: Recurrence, backward: Recurrence): void {
  const per = i32[5];
  const first = chunk * per;
  const count = Math.min(per, i32[6] - first);
  const p = i32.subarray(9);
  if (i32[4] === 0) k.gemm(p[0], count * 8, p[2], p[3], p[4], p[5] + first * p[2] * 32, p[6] + first * 32, p[7], p[8], p[9], p[10]);
  else if (i32[4] === 1) forward(k, p, first, count);
  else backward(k, p, first, count);
}

/**
 * Claims and runs chunk after chunk of the task tagged `seq` until none is left; returns
 * the chunks it ran (self-contained: its source goes to the workers).
 */
function claimChunks(i32: Int32Array, seq: number, run: (chunk: number) => void): number {
  const tag = (seq & 0x7fff) << 16;
  let ran = 0;
  for (;;) {
    const word = Atomics.load(i32, 1);
    if ((word & ~0xffff) !== tag || (word & 0xffff) >= i32[3]) return ran;
    if (Atomics.compareExchange(i32, 1, word, word + 1) !== word) continue;
    run(word & 0xffff);
    ran++;
    if (Atomics.add(i32, 2, 1) + 1 === i32[3]) Atomics.notify(i32, 2);
  }
}

// The worker: plain JavaScript evaluated from a string, so it needs no bundled file.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { modules, memory, slot, spinMs } = workerData;
const imports = { env: { memory } };
const k = { ...new WebAssembly.Instance(modules.train, imports).exports, ...new WebAssembly.Instance(modules.gemm, imports).exports };
const i32 = new Int32Array(memory.buffer, slot, ${SLOT_INTS});
const forward = (${recurrenceForward.toString()});
const backward = (${recurrenceBackward.toString()});
const runChunk = (${runChunk.toString()});
const claimChunks = (${claimChunks.toString()});
const run = (chunk) => runChunk(k, i32, chunk, forward, backward);
Atomics.add(i32, 8, 1);
Atomics.notify(i32, 8);
let seen = 0;
try {
  for (;;) {
    let seq, until = performance.now() + spinMs;
    while ((seq = Atomics.load(i32, 0)) === seen) if (performance.now() > until) { Atomics.wait(i32, 0, seen); until = performance.now() + spinMs; }
    if (seq < 0) break;
    seen = seq;
    claimChunks(i32, seq, run);
  }
} catch (error) {
  Atomics.store(i32, 7, 1);
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

  /**
   * `count` worker threads (the main thread is one more). With `mainTakesChunks` false the
   * main thread only waits, so the workers run every chunk (for tests of the workers' path).
   */
  constructor(
    modules: CompiledKernels,
    memory: WasmMemory,
    readonly count: number,
    private readonly mainTakesChunks = true,
  ) {
    const address = memory.alloc(SLOT_INTS);
    this.slot = new Int32Array(memory.memory.buffer, address, SLOT_INTS);
    this.workers = Array.from({ length: count }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modules: { gemm: modules.gemm, train: modules.train }, memory: memory.memory, slot: address, spinMs: SPIN_MS } });
      worker.unref(); // an idle worker never keeps the process alive
      return worker;
    });
    const deadline = Date.now() + STARTUP_MS;
    let started: number;
    while ((started = Atomics.load(this.slot, 8)) < count && Date.now() < deadline) Atomics.wait(this.slot, 8, started, deadline - Date.now());
  }

  /** Runs `task` (TASK) over `units` units in chunks of `perChunk` on every thread; returns when all are done. */
  run(k: KernelExports, task: number, params: ArrayLike<number>, units: number, perChunk: number): void {
    const slot = this.slot;
    this.seq = (this.seq % 0x7fff) + 1;
    const chunks = Math.ceil(units / perChunk);
    slot[2] = 0;
    slot[3] = chunks;
    slot[4] = task;
    slot[5] = perChunk;
    slot[6] = units;
    slot.set(params, PARAMS);
    Atomics.store(slot, 1, this.seq << 16);
    Atomics.store(slot, 0, this.seq);
    Atomics.notify(slot, 0);
    if (this.mainTakesChunks) this.chunks.main += claimChunks(slot, this.seq, (chunk) => runChunk(k, slot, chunk, recurrenceForward, recurrenceBackward));
    this.chunks.all += chunks;
    let until = performance.now() + SPIN_MS;
    let done: number;
    while ((done = Atomics.load(slot, 2)) !== chunks) {
      if (Atomics.load(slot, 7)) throw new Error('a worker thread of the portable trainer failed: train with one thread');
      if (performance.now() > until) {
        Atomics.wait(slot, 2, done, 100);
        until = performance.now() + SPIN_MS;
      }
    }
  }

  dispose(): void {
    Atomics.store(this.slot, 0, -1);
    Atomics.notify(this.slot, 0);
    for (const worker of this.workers) void worker.terminate();
  }
}
