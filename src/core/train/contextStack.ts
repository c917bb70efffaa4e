// The prediction stack on the training side: its context statistics are built from the
// training files before the network starts training, and at every evaluation the mix
// (network + context models) is scored on the same validation windows as the network
// alone, with the mixer learning as it reads. The stack that read the windows of the best
// evaluation is the one saved with the best checkpoint: its mixer has learned how far to
// trust the network on text neither had seen.
import { FILE_SEPARATOR } from '../corpus/readCorpus';
import { PrecomputedLstm } from '../predict/lstmSource';
import { Cursor } from '../predict/cursor';
import { LEARN_ALL, MATCH_SOURCES, PredictorStack, type StackSizes } from '../predict/predictorStack';
import { bitsPerCharacter, TextScorer } from '../predict/textScorer';
import type { EvalWindows } from './evaluate';

/** The files of a joined corpus side (files separated by FILE_SEPARATOR). */
export function splitJoinedFiles(bytes: Uint8Array): Uint8Array[] {
  const files: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === FILE_SEPARATOR) {
      if (i > start) files.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  return files;
}

/** How long the builder works before it yields to the event loop (so a stop request is heard). */
const SLICE_MS = 50;
/** Bytes read between clock checks. */
const PIECE_BYTES = 4096;

/**
 * The stack after reading every training file once (context models, match history and mixer
 * all learning; no network input). Undefined when shouldStop() said so midway.
 */
export async function buildContextStack(trainBytes: Uint8Array, sizes: StackSizes, shouldStop: () => boolean, onProgress?: (fraction: number) => void): Promise<PredictorStack | undefined> {
  const stack = new PredictorStack(sizes);
  const scorer = new TextScorer(stack, undefined, LEARN_ALL);
  let filesDone = 0; // bytes of the files read whole, separators included
  let sliceStart = Date.now();
  for (const file of splitJoinedFiles(trainBytes)) {
    const reading = scorer.openFile(file, { scoreFrom: file.length });
    for (let finished = false; !finished; ) {
      finished = reading.read(PIECE_BYTES);
      if (Date.now() - sliceStart > SLICE_MS) {
        onProgress?.(Math.min(1, (filesDone + reading.readBytes) / Math.max(1, trainBytes.length)));
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (shouldStop()) return undefined;
        sliceStart = Date.now();
      }
    }
    filesDone += file.length + 1;
  }
  onProgress?.(1);
  return stack;
}

export interface MixScore {
  /** The copy of the stack that read the windows (its mixer fitted on them). */
  stack: PredictorStack;
  /** Bits per character of the stack on the windows' scored bytes. */
  bpc: number;
  /** Bytes scored (what the mixer was fitted on). */
  bytes: number;
}

/**
 * Scores the stack on an evaluation's windows (position 0 of each is context), on a copy.
 * With `probs` (the network's distributions, as evaluateParams returns them) the network is
 * one of the mixer's inputs; without, the context models are scored alone.
 */
export function scoreWindows(base: PredictorStack, bytes: Uint8Array, windows: EvalWindows, probs?: Float32Array): MixScore {
  const stack = base.clone();
  const scorer = new TextScorer(stack, undefined, LEARN_ALL);
  const L = windows.length;
  windows.starts.forEach((start, s) => {
    const lstm = probs ? new PrecomputedLstm(probs.subarray(s * (L - 1) * 256, (s + 1) * (L - 1) * 256), 1) : undefined;
    scorer.readFile(bytes.subarray(start, start + L), { scoreFrom: 1, lstm });
  });
  return { stack, bpc: bitsPerCharacter(scorer.totals.bits, scorer.totals), bytes: scorer.totals.bytes };
}

/** Learns files into the context models and the workspace history (the mixer stays as fitted). */
export function learnContexts(stack: PredictorStack, files: readonly Uint8Array[]): void {
  for (const file of files) {
    const cursor = new Cursor(MATCH_SOURCES);
    for (let i = 0; i < file.length; i++) {
      stack.learnContexts(cursor, file[i]);
      cursor.pushContextOnly(file[i]);
    }
    stack.workspace.appendAll(file);
    stack.workspace.append(FILE_SEPARATOR);
  }
}
