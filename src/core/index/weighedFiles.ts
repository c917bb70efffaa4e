// Which of the edited project's files the index reads with the whole stack learning, and which
// give their statistics and history alone. Reading a byte with the whole stack (learnByte:
// predicting it, then the context models, the mixer, the APMs and the match and run confidences
// learning) costs about five times reading it for its statistics (learnContexts), and the
// statistics are the same either way (what a file adds to the context tables and the match
// history does not depend on how it was read); what the extra cost buys is the weighing: the
// mixer and the APMs learning how far to trust each predictor on this workspace's text.
// So the weighing learns from a share of the files: the most relevant one, and every
// `stride`-th file before it, as long as they fit in `maxBytes`. The files stay in their
// order (least relevant first): only how each one is read changes.

/** How much of the project's text the whole stack reads (the rest: statistics and history alone). */
export interface WeighingShare {
  /** The most relevant file and every stride-th one before it (1: every file). */
  stride: number;
  /** At most this many bytes in all; files past it are read for their statistics. */
  maxBytes: number;
}

/** The index's share (docs/decisions.md, "The index job learns the weighing from a share of the text"). */
export const WEIGHING_SHARE: Readonly<WeighingShare> = { stride: 2, maxBytes: 2 * 1024 * 1024 };

/** Every file read with the whole stack (the index job before the share: for benchmarks' baselines). */
export const WHOLE_STACK: Readonly<WeighingShare> = { stride: 1, maxBytes: Infinity };

/**
 * For files of these lengths, least relevant first: whether each is read with the whole stack.
 * The last (most relevant) is, when it fits; counting back from it, every stride-th file that
 * still fits in the budget is (a file too large for what is left is skipped, not cut).
 */
export function weighedFiles(lengths: readonly number[], share: WeighingShare): boolean[] {
  if (!(Number.isInteger(share.stride) && share.stride >= 1)) throw new Error(`weighing share: the stride must be a whole number from 1, not ${share.stride}`);
  const weighed = new Array<boolean>(lengths.length).fill(false);
  let left = share.maxBytes;
  for (let j = lengths.length - 1; j >= 0; j -= share.stride) {
    if (lengths[j] > left) continue;
    weighed[j] = true;
    left -= lengths[j];
  }
  return weighed;
}

/** Consecutive runs of files with the same answer, in order: [start, end) and whether they are weighed. */
export function weighedRuns(weighed: readonly boolean[]): { start: number; end: number; weighed: boolean }[] {
  const runs: { start: number; end: number; weighed: boolean }[] = [];
  for (let start = 0; start < weighed.length;) {
    let end = start + 1;
    while (end < weighed.length && weighed[end] === weighed[start]) end++;
    runs.push({ start, end, weighed: weighed[start] });
    start = end;
  }
  return runs;
}
