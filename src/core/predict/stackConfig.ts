// How large the prediction stack's learned state may be: one number for users (megabytes,
// the setting recur.context.memoryMB and the CLI's --context-mb), turned into table sizes
// here, so the memory the editor holds for it is stated and bounded:
//   context table      the largest power of two of 16-byte buckets within half the budget
//                      (at most 2^24 buckets, 256 MB: from 512 MB on, the rest is unused),
//                      and beside it 4 bytes of run information per bucket (an eighth more)
//   workspace text     an eighth of the budget, and its match index (4 bytes a slot, one slot
//                      for every two bytes of text) a quarter
//   APMs and mixer     a fixed part, whatever the budget: about 17.6 MB (three APMs of 33
//                      points a context) and the indirect context's table (128 KB)
// so the stack holds about 1.125 times the budget and 18 MB (54 MB for the default 32).
// (stackMemoryBytes in predictorStack.ts sums what each part of the stack declares.)
// The training text the context models read is capped too, at a quarter of the budget in
// bytes (8 MB of text for the default 32 MB): a table of that size is full by then, and
// reading more would only delay the network's training (about 7 µs a byte).
import { BUCKET_BYTES, MAX_BUCKETS } from './contextTable';

export interface StackSizes {
  /** Buckets of the context table (16 bytes each), a power of two. */
  tableBuckets: number;
  /** Bytes of workspace text the match model keeps. */
  workspaceBytes: number;
  /** Training text the context models read at most (a table of this size gains little from more). */
  maxLearnBytes?: number;
}

export const DEFAULT_CONTEXT_MEMORY_MB = 64;
export const CONTEXT_MEMORY_MB_RANGE = { min: 4, max: 1024 } as const;

const MB = 1024 * 1024;

export function stackSizesFor(memoryMB: number): StackSizes {
  const budget = Math.max(CONTEXT_MEMORY_MB_RANGE.min, Math.min(CONTEXT_MEMORY_MB_RANGE.max, memoryMB)) * MB;
  const tableBuckets = Math.min(MAX_BUCKETS, 2 ** Math.floor(Math.log2(budget / 2 / BUCKET_BYTES)));
  return { tableBuckets, workspaceBytes: Math.floor(budget / 8), maxLearnBytes: Math.floor(budget / 4) };
}

/** Index slots of a workspace history of `capacity` bytes: one per two bytes, a power of two, at least 2^12. */
export function workspaceIndexBits(capacity: number): number {
  return Math.max(12, Math.floor(Math.log2(Math.max(1, capacity / 2))));
}
