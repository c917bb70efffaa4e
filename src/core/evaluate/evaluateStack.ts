// Evaluating a checkpoint's whole prediction stack on some text (`recur eval`): the network
// alone, the context models alone (the same stack with no network input) and the full stack,
// on the same bytes, each byte predicted before anything learns from it.
//
// The text (files joined by FILE_SEPARATOR) is read in blocks of BLOCK_BYTES: the network's
// distributions for a block come from one batched evaluation over contiguous windows
// (evaluation.ts, as the trainer's validation), so memory stays bounded (a block's
// distributions: BLOCK_BYTES × 256 floats) whatever the size of the text. The bytes scored
// are those the network scored: all but the first of each window. Both stacks read the files
// one after the other, as the editor reads documents (../predict/textScorer.ts).
import { FILE_SEPARATOR } from '../corpus/readCorpus';
import type { LstmSource } from '../predict/lstmSource';
import type { PredictorStack } from '../predict/predictorStack';
import { bitsPerCharOf, type FileReading, TextScorer } from '../predict/textScorer';
import type { NetworkEvaluator } from './evaluation';

export const BLOCK_BYTES = 64 * 1024;
/** Windows of 1 KB: the network's state is warm for most of each. */
const WINDOW_STREAMS = 64;

export interface StackEvaluation {
  chars: number;
  bytes: number;
  networkBpc: number;
  contextsBpc: number;
  stackBpc: number;
}

/** A block's windowed distributions, by position in the block (none at a window's first byte). */
class BlockLstm implements LstmSource {
  position = 0;
  probs: Float32Array | undefined;
  windowLength = 1;

  /** True where the network has a distribution: the bytes that are scored. */
  get scored(): boolean {
    return this.position % this.windowLength !== 0;
  }

  distribution(): Float32Array | undefined {
    if (!this.probs || !this.scored) return undefined;
    const L = this.windowLength;
    const row = Math.floor(this.position / L) * (L - 1) + (this.position % L) - 1;
    return this.probs.subarray(row * 256, (row + 1) * 256);
  }

  advance(): void {
    this.position++;
  }

  reset(): void {
    // Files continue one another in the block: the position goes on.
  }
}

/** Reads joined files piece by piece with one scorer, keeping a file open across pieces. */
class FileStream {
  private reading: FileReading | undefined;
  private fileStart = 0;
  private fileIndex = 0;

  constructor(
    private readonly scorer: TextScorer,
    private readonly source: BlockLstm,
    private readonly withNetwork: boolean,
    private readonly languages: readonly number[],
  ) {}

  /** Reads bytes[from..to) of the whole text, whose block starts at blockStart. */
  read(bytes: Uint8Array, from: number, to: number): void {
    let i = from;
    while (i < to) {
      if (bytes[i] === FILE_SEPARATOR) {
        this.reading?.read(0); // closes it (it joins the workspace history)
        this.reading = undefined;
        this.fileStart = i + 1;
        this.fileIndex++;
        this.source.position++;
        i++;
        continue;
      }
      if (!this.reading) {
        let end = this.fileStart;
        while (end < bytes.length && bytes[end] !== FILE_SEPARATOR) end++;
        const source = this.source;
        this.reading = this.scorer.openFile(bytes.subarray(this.fileStart, end), {
          lstm: this.withNetwork ? source : trackOnly(source),
          scored: () => source.scored,
          language: this.languages[this.fileIndex],
        });
      }
      let next = i;
      while (next < to && bytes[next] !== FILE_SEPARATOR) next++;
      if (this.reading.read(next - i)) this.reading = undefined;
      i = next;
    }
  }
}

/** Moves the block source along without giving the scorer its distributions. */
function trackOnly(source: BlockLstm): LstmSource {
  return { distribution: () => undefined, advance: () => source.advance(), reset: () => {} };
}

/**
 * Evaluates `network` with `stack` (which learns from the text: pass a copy to keep it) on
 * `bytes`. onProgress hears the share read. The network stays the caller's. `languages`
 * gives each joined file's language code (../languages.ts).
 */
export async function evaluateStack(
  network: NetworkEvaluator,
  stack: PredictorStack,
  bytes: Uint8Array,
  onProgress?: (fraction: number) => void,
  languages: readonly number[] = [],
): Promise<StackEvaluation> {
  const full = new TextScorer(stack, undefined);
  const alone = new TextScorer(stack.clone(), undefined);
  const fullSource = new BlockLstm();
  const aloneSource = new BlockLstm();
  const fullStream = new FileStream(full, fullSource, true, languages);
  const aloneStream = new FileStream(alone, aloneSource, false, languages);
  for (let start = 0; start < bytes.length; start += BLOCK_BYTES) {
    const block = bytes.subarray(start, Math.min(bytes.length, start + BLOCK_BYTES));
    const result = network.evaluate(block, { collectProbs: true, contiguous: true, streams: WINDOW_STREAMS });
    const windowLength = result?.windows.length ?? 0;
    const covered = windowLength > 1 ? result!.windows.starts.length * windowLength : 0;
    for (const [source, probs] of [
      [fullSource, result?.probs],
      [aloneSource, undefined],
    ] as const) {
      source.position = 0;
      source.probs = probs;
      source.windowLength = Math.max(1, windowLength);
    }
    // The block's tail past the last window has no network distributions: read, not scored.
    const end = start + block.length;
    fullStream.read(bytes, start, start + covered);
    aloneStream.read(bytes, start, start + covered);
    for (const source of [fullSource, aloneSource]) {
      source.probs = undefined;
      source.windowLength = 1; // position % 1 === 0: nothing scored
    }
    fullStream.read(bytes, start + covered, end);
    aloneStream.read(bytes, start + covered, end);
    onProgress?.(end / bytes.length);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const t = full.totals;
  return { chars: t.chars, bytes: t.bytes, networkBpc: bitsPerCharOf(t.lstmBits, t), contextsBpc: bitsPerCharOf(alone.totals.bits, alone.totals), stackBpc: bitsPerCharOf(t.bits, t) };
}
