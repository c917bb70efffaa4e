// How large the prediction stack's learned state may be: one number for users (megabytes,
// the setting recur.context.memoryMB and the CLI's --context-mb), turned into table sizes
// here, so the memory the editor holds for it is stated and bounded. Of a budget of B bytes:
//   workspace text     B/8 (stackSizesFor); when the text the index job reads is known, only
//                      the room it needs (sizedForText): that text (each file and a separator)
//                      and a margin for what joins it later (files saved or changed on disk
//                      while the editor runs, the index job's updates) of half of it, at least
//                      WORKSPACE_MARGIN_MIN_BYTES, within B/8
//   its match index    4 bytes a slot, one slot for every two bytes of room rounded down to a
//                      power of two (at most twice the text's room: B/4)
//   context table      the rest, in buckets of 20 bytes (16 of bit histories, 4 of run
//                      information), a multiple of 4 (one cache line), at most 2^24 (320 MB:
//                      from 512 MB on, more is unused unless the workspace text is small)
//   APMs and mixer     a fixed part, whatever the budget: about 17.6 MB (three APMs of 33
//                      points a context) and the indirect context's table (128 KB)
// so the stack holds at most the budget and 18 MB (81 MB for the default 64), whatever the
// text. A power of two of megabytes with the text unknown gives the table 2^k buckets (2^21 at
// 64); with a small workspace's text the table takes most of the budget (at 64 MB and 710 KB
// of text: 3,162,624 buckets beside a history of 1.7 MB, instead of 2^21 beside 8 MB).
// (stackMemoryBytes in predictorStack.ts sums what each part of the stack declares.)
// The training text the context models read is capped too, at a quarter of the budget in
// bytes (16 MB of text for the default 64 MB): a table of that size is full by then, and
// reading more would only delay the network's training (about 7 µs a byte).
import { BUCKET_BYTES, MAX_BUCKETS } from './contextTable';
import { RUN_BYTES } from './predictors/runInfo';

export interface StackSizes {
  /** Buckets of the context table (16 bytes each, and 4 of run information), a multiple of 4. */
  tableBuckets: number;
  /** Bytes of workspace text the match model keeps. */
  workspaceBytes: number;
  /** Training text the context models read at most (a table of this size gains little from more). */
  maxLearnBytes?: number;
}

export const DEFAULT_CONTEXT_MEMORY_MB = 64;
export const CONTEXT_MEMORY_MB_RANGE = { min: 4, max: 1024 } as const;

const MB = 1024 * 1024;

/** The workspace history's room beyond the text the index job read: half that text, at least this. */
export const WORKSPACE_MARGIN_MIN_BYTES = MB;
const WORKSPACE_MARGIN_SHARE = 0.5;

export function stackSizesFor(memoryMB: number): StackSizes {
  const budget = Math.max(CONTEXT_MEMORY_MB_RANGE.min, Math.min(CONTEXT_MEMORY_MB_RANGE.max, memoryMB)) * MB;
  const workspaceBytes = Math.floor(budget / 8);
  return { tableBuckets: tableBucketsWithin(budget - historyBytes(workspaceBytes)), workspaceBytes, maxLearnBytes: Math.floor(budget / 4) };
}

/**
 * `sizes` for a workspace whose text is `textBytes` (its files and a separator each): the
 * workspace history cut to that text and its margin (never above sizes.workspaceBytes), the
 * memory that frees given to the context table. Never more memory than `sizes`.
 */
export function sizedForText(sizes: StackSizes, textBytes: number): StackSizes {
  const room = Math.ceil(textBytes + Math.max(WORKSPACE_MARGIN_MIN_BYTES, WORKSPACE_MARGIN_SHARE * textBytes));
  return withWorkspaceRoom(sizes, Math.min(sizes.workspaceBytes, room));
}

/** `sizes` with a workspace history of `workspaceBytes` (at most sizes.workspaceBytes) and the context table in the rest of their memory. */
export function withWorkspaceRoom(sizes: StackSizes, workspaceBytes: number): StackSizes {
  if (workspaceBytes > sizes.workspaceBytes) throw new Error(`stack sizes: a workspace history of ${workspaceBytes} bytes, more than the ${sizes.workspaceBytes} these sizes have room for`);
  const rest = partsBytes(sizes) - historyBytes(workspaceBytes);
  return { ...sizes, tableBuckets: Math.max(sizes.tableBuckets, tableBucketsWithin(rest)), workspaceBytes };
}

/** Index slots of a workspace history of `capacity` bytes: one per two bytes, a power of two, at least 2^12. */
export function workspaceIndexBits(capacity: number): number {
  return Math.max(12, Math.floor(Math.log2(Math.max(1, capacity / 2))));
}

/** Bytes a workspace history of `capacity` holds: its text and its index. */
function historyBytes(capacity: number): number {
  return capacity + 4 * 2 ** workspaceIndexBits(capacity);
}

/** Bytes the parts that `sizes` size hold: the context table with its run information, the workspace history and its index. */
function partsBytes(sizes: StackSizes): number {
  return sizes.tableBuckets * (BUCKET_BYTES + RUN_BYTES) + historyBytes(sizes.workspaceBytes);
}

/** The most buckets (a multiple of 4, at least 4, at most MAX_BUCKETS) within `bytes`. */
function tableBucketsWithin(bytes: number): number {
  return Math.max(4, Math.min(MAX_BUCKETS, 4 * Math.floor(bytes / (BUCKET_BYTES + RUN_BYTES) / 4)));
}
