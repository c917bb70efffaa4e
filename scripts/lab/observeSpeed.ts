// Lab: CPU per byte of the context models' observe() (what learnContexts runs) against a frozen
// copy of an earlier version of it (referenceObserve below), alternated in one run on the files
// of a folder, and whether both leave the same statistics. Not the product: a measurement tool.
//   node scripts/run-bundled.mjs scripts/lab/observeSpeed.ts --checkpoint C --workspace DIR [--rounds N] [--mb MB]
import { learnContexts } from '../../src/core/index/contextStack';
import { ContextPredictor } from '../../src/core/predict/predictors/contextPredictor';
import { BIT_HISTORY } from '../../src/core/predict/bitHistory';
import { hashPair } from '../../src/core/predict/contextTable';
import type { Cursor } from '../../src/core/predict/cursor';
import type { PredictorStack } from '../../src/core/predict/predictorStack';
import { cpuSeconds } from '../bench/lib/indexSpeed';
import { labWorkspace } from './labWorkspace';

const C = 16;

/** What referenceObserve uses of a ContextPredictor (private members included). */
interface ObserverInternals {
  hashContexts(cursor: Cursor): void;
  learnByteEnd(byte: number): void;
  table: { bytes: Uint8Array; bucketCount: number };
  slots: Int32Array;
  hashes: Int32Array;
  runs: { locate(slots: Int32Array, first: number, table: Uint8Array): void };
  maps: { p: Float32Array; n: Uint16Array; limit: number }[];
  loadedRows: number;
}

/**
 * observe() as it was at c5c65b1 (with the table's bucket() and the maps' update() as they
 * were). It reads each state just before writing it, where learnByte reads all first: where
 * two contexts of a byte share a bucket, the tables differ from the current one's in a few bytes.
 */
function referenceObserve(this: ObserverInternals, cursor: Cursor, byte: number): void {
  this.hashContexts(cursor);
  const table = this.table;
  const bytes = table.bytes;
  const slots = this.slots;
  let c0 = 1;
  for (let depth = 0; depth < 8; depth++) {
    if (depth === 0 || depth === 4) {
      for (let i = 0; i < C; i++) slots[i] = referenceBucket(table, depth === 0 ? this.hashes[i] : hashPair(this.hashes[i], c0));
      if (depth === 0) this.runs.locate(slots, 0, bytes);
    }
    const bit = (byte >> (7 - depth)) & 1;
    const nibbleNode = depth < 4 ? c0 : (1 << (depth - 4)) | (c0 & ((1 << (depth - 4)) - 1));
    for (let i = 0; i < C; i++) {
      const at = slots[i] + nibbleNode;
      const state = bytes[at];
      referenceUpdate(this.maps[i], state, bit);
      bytes[at] = BIT_HISTORY.next[2 * state + bit];
    }
    c0 = 2 * c0 + bit;
  }
  this.learnByteEnd(byte);
  this.loadedRows = 0;
}

const RECIPROCALS: Float32Array = Float32Array.from({ length: 1024 }, (_, n) => 1 / (n + 1.5));

function referenceUpdate(map: { p: Float32Array; n: Uint16Array; limit: number }, state: number, bit: number): void {
  const n = map.n[state];
  map.p[state] += (bit - map.p[state]) * (n < 1024 ? RECIPROCALS[n] : 1 / (n + 1.5));
  if (n < map.limit) map.n[state] = n + 1;
}

function referenceBucket(table: { bytes: Uint8Array; bucketCount: number }, hash: number): number {
  const check = hash >>> 24 || 1;
  const t = table.bytes;
  const mask = table.bucketCount - 1;
  const home = hash & mask;
  let victim = -1;
  let victimSeen = 256;
  for (let k = 0; k < 3; k++) {
    const offset = ((home ^ k) & mask) * 16;
    if (t[offset] === check) return offset;
    const seen = t[offset] === 0 ? -1 : BIT_HISTORY.total[t[offset + 1]];
    if (seen < victimSeen) {
      victimSeen = seen;
      victim = offset;
    }
  }
  t.fill(0, victim, victim + 16);
  t[victim] = check;
  return victim;
}

function contextsOf(stack: PredictorStack): ContextPredictor {
  return stack.predictors.find((p): p is ContextPredictor => p instanceof ContextPredictor)!;
}

function sameStatistics(a: PredictorStack, b: PredictorStack): string {
  const x = contextsOf(a);
  const y = contextsOf(b);
  const differ = (u: ArrayLike<number>, v: ArrayLike<number>) => u.length !== v.length || Array.prototype.some.call(u, (value: number, i: number) => value !== v[i]);
  let tableBytes = 0;
  for (let i = 0; i < x.table.bytes.length; i++) if (x.table.bytes[i] !== y.table.bytes[i]) tableBytes++;
  if (tableBytes > 0) return `tables differ in ${tableBytes} of ${x.table.bytes.length} bytes`;
  if (differ(x.runs.runs, y.runs.runs)) return 'runs differ';
  if (differ(x.followers.followers, y.followers.followers)) return 'followers differ';
  for (let i = 0; i < x.maps.length; i++) if (differ(x.maps[i].p, y.maps[i].p) || differ(x.maps[i].n, y.maps[i].n)) return `map ${i} differs`;
  if (differ(a.workspace.bytes, b.workspace.bytes)) return 'workspace differs';
  return 'same statistics';
}

async function main(): Promise<void> {
  const lab = labWorkspace();
  const { texts, languages, bytes, rounds } = lab;
  const fresh = () => {
    const stack = lab.fresh();
    contextsOf(stack).table.bytes.fill(0); // touch the pages before the clock starts
    return stack;
  };
  const proto = ContextPredictor.prototype as unknown as { observe: unknown };
  const current = proto.observe;
  const time = (observe: unknown): [number, PredictorStack] => {
    proto.observe = observe;
    const stack = fresh();
    const t = cpuSeconds();
    learnContexts(stack, texts, languages);
    return [((cpuSeconds() - t) * 1e6) / bytes, stack];
  };
  const totals = { ref: 0, now: 0 };
  for (let r = 0; r < rounds; r++) {
    const [ref, a] = time(referenceObserve);
    const [now, b] = time(current);
    totals.ref += ref;
    totals.now += now;
    console.log(`round ${r}: reference ${ref.toFixed(2)} µs/byte, current ${now.toFixed(2)} µs/byte (${bytes} bytes): ${sameStatistics(a, b)}`);
  }
  console.log(`mean: reference ${(totals.ref / rounds).toFixed(2)}, current ${(totals.now / rounds).toFixed(2)} µs/byte: ${(totals.ref / totals.now).toFixed(2)}x`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
