// One WebAssembly memory for the portable trainer: every parameter, gradient, moment,
// packed weight and activation lives in it, so the kernels (kernels.ts) work on byte
// addresses with no copies. Shared (a SharedArrayBuffer), so worker threads can run kernels
// on the same data. Allocation is a bump pointer: a region allocated after mark() is given
// back by release(mark). The memory only grows; views are re-made after a grow.
const PAGE_BYTES = 65536;
/** 4 GiB, the most a 32-bit WebAssembly memory can address (reserved, not committed). */
const MAX_PAGES = 65536;
const ALIGN = 64; // a cache line

export class WasmMemory {
  readonly memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
  private top = ALIGN; // address 0 stays unused, so 0 can mean "none"
  private f32View = new Float32Array(this.memory.buffer);
  private i32View = new Int32Array(this.memory.buffer);

  /** Bytes in use. */
  get used(): number {
    return this.top;
  }

  /** Byte address of `count` 4-byte elements, 64-byte aligned, zeroed. */
  alloc(count: number): number {
    const address = this.top;
    this.top += Math.ceil((count * 4) / ALIGN) * ALIGN;
    const needed = Math.ceil(this.top / PAGE_BYTES) - this.memory.buffer.byteLength / PAGE_BYTES;
    if (needed > 0) {
      if (this.top > MAX_PAGES * PAGE_BYTES)
        throw new Error(`the portable trainer needs ${Math.round(this.top / 2 ** 20)} MB, more than a WebAssembly memory holds (4096 MB): use a smaller batch, chunk or model`);
      this.memory.grow(needed);
    }
    this.f32.fill(0, address / 4, address / 4 + count);
    return address;
  }

  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = mark;
  }

  /** The whole memory as floats (index = byte address / 4). */
  get f32(): Float32Array {
    if (this.f32View.buffer.byteLength !== this.memory.buffer.byteLength) this.f32View = new Float32Array(this.memory.buffer);
    return this.f32View;
  }

  get i32(): Int32Array {
    if (this.i32View.buffer.byteLength !== this.memory.buffer.byteLength) this.i32View = new Int32Array(this.memory.buffer);
    return this.i32View;
  }

  /** A copy of `count` floats at byte address `address`. */
  read(address: number, count: number): Float32Array {
    return this.f32.slice(address / 4, address / 4 + count);
  }
}
