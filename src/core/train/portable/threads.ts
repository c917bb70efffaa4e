// Worker threads that run kernels on the shared WebAssembly memory, for products split
// between threads (engine.ts). Each worker instantiates the same compiled modules on the
// same memory and waits on its control slot in that memory:
//   slot (Int32, SLOT_INTS): [seq, done, calls, then per call: function index, argc, args...]
// The main thread writes the calls, bumps seq and notifies; the worker runs them, stores
// done = seq and notifies; the main thread runs its own share meanwhile, then waits for
// done. Waits spin briefly before sleeping (Atomics.wait), as the tasks are short (tenths
// of a millisecond). Integer arguments only (byte addresses, sizes).
import { Worker } from 'node:worker_threads';
import type { CompiledKernels, KernelExports } from './kernels';
import type { WasmMemory } from './memory';

/** The kernels a worker can run, by index. */
const FUNCTIONS: readonly (keyof KernelExports)[] = ['gemm', 'lstmForward', 'lstmBackward', 'gruForward', 'gruBackward', 'rnnForward', 'rnnBackward', 'transpose', 'packB', 'packBT'];
const SLOT_INTS = 64;
const SPINS = 20000;

/** A kernel call: the function's name and its integer arguments. */
export type Call = [keyof KernelExports, ...number[]];

// The worker: plain JavaScript evaluated from a string, so it needs no bundled file.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { modules, memory, slot, functions, spins } = workerData;
const imports = { env: { memory } };
const k = { ...new WebAssembly.Instance(modules.train, imports).exports, ...new WebAssembly.Instance(modules.gemm, imports).exports };
const fns = functions.map((name) => k[name]);
const i32 = new Int32Array(memory.buffer, slot, ${SLOT_INTS});
let seen = 0;
for (;;) {
  let seq, n = 0;
  while ((seq = Atomics.load(i32, 0)) === seen) if (++n > spins) { Atomics.wait(i32, 0, seen); n = 0; }
  if (seq < 0) break;
  seen = seq;
  for (let c = 0, p = 3; c < i32[2]; c++) {
    const argc = i32[p + 1];
    fns[i32[p]](...i32.subarray(p + 2, p + 2 + argc));
    p += 2 + argc;
  }
  Atomics.store(i32, 1, seq);
  Atomics.notify(i32, 1);
}
`;

export class KernelThreads {
  private readonly workers: Worker[];
  private readonly slots: Int32Array[];
  private seq = 0;

  /** `count` worker threads (the main thread is one more). */
  constructor(
    modules: CompiledKernels,
    memory: WasmMemory,
    readonly count: number,
  ) {
    const addresses = Array.from({ length: count }, () => memory.alloc(SLOT_INTS));
    this.slots = addresses.map((a) => new Int32Array(memory.memory.buffer, a, SLOT_INTS));
    this.workers = addresses.map((slot) => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modules: { gemm: modules.gemm, train: modules.train }, memory: memory.memory, slot, functions: FUNCTIONS, spins: SPINS } });
      worker.unref(); // an idle worker never keeps the process alive
      return worker;
    });
  }

  /** Runs calls[w] on worker w and `own` on this thread; returns when all are done. */
  run(calls: Call[][], own: () => void): void {
    this.seq += 1;
    calls.forEach((list, w) => this.post(w, list));
    own();
    calls.forEach((_, w) => this.await(w));
  }

  dispose(): void {
    for (const slot of this.slots) {
      Atomics.store(slot, 0, -1);
      Atomics.notify(slot, 0);
    }
    for (const worker of this.workers) void worker.terminate();
  }

  private post(w: number, list: Call[]): void {
    const slot = this.slots[w];
    let p = 3;
    for (const [name, ...args] of list) {
      if (p + 2 + args.length > SLOT_INTS) throw new Error('too many kernel calls for one worker task');
      slot[p] = FUNCTIONS.indexOf(name);
      slot[p + 1] = args.length;
      slot.set(args, p + 2);
      p += 2 + args.length;
    }
    slot[2] = list.length;
    Atomics.store(slot, 0, this.seq);
    Atomics.notify(slot, 0);
  }

  private await(w: number): void {
    const slot = this.slots[w];
    let n = 0;
    let done: number;
    while ((done = Atomics.load(slot, 1)) !== this.seq)
      if (++n > SPINS) {
        Atomics.wait(slot, 1, done);
        n = 0;
      }
  }
}
