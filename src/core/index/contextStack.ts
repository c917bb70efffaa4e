// The prediction stack on the training side: its context statistics are built from the
// training files before the network starts training, and at every evaluation the mix
// (network + context models) is scored on the same validation windows as the network
// alone, with the mixer learning as it reads. The stack that read the windows of the best
// evaluation is the one saved with the best checkpoint: its mixer has learned how far to
// trust the network on text neither had seen. The index job reads a workspace into a base
// model's stack with the same functions (workspaceIndex.ts).
import { FILE_SEPARATOR } from '../corpus/readCorpus';
import type { LstmSource } from '../predict/lstmSource';
import { Cursor } from '../predict/cursor';
import { LEARN_ALL, MATCH_SOURCES, PredictorStack, type StackSizes } from '../predict/predictorStack';
import { sizedForText } from '../predict/stackConfig';
import { bitsPerCharOf, TextScorer } from '../predict/textScorer';
import type { EvalWindows } from '../evaluate/evaluation';

/** The files of a joined corpus side (files separated by FILE_SEPARATOR; empty ones left out). */
export function splitJoinedFiles(bytes: Uint8Array): Uint8Array[] {
  return splitJoinedFilesWithLanguages(bytes).files;
}

/** The same, with the language code of each file kept: languages[i] is the i-th joined file's (readCorpus's trainLanguages), 0 where not given. */
export function splitJoinedFilesWithLanguages(bytes: Uint8Array, languages: readonly number[] = []): { files: Uint8Array[]; languages: number[] } {
  const files: Uint8Array[] = [];
  const kept: number[] = [];
  let start = 0;
  let index = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === FILE_SEPARATOR) {
      if (i > start) {
        files.push(bytes.subarray(start, i));
        kept.push(languages[index] ?? 0);
      }
      index++;
      start = i + 1;
    }
  }
  return { files, languages: kept };
}

/** How long the builder works before it yields to the event loop (so a stop request is heard). */
const SLICE_MS = 50;
/** Bytes read between clock checks. */
const PIECE_BYTES = 4096;

/**
 * The stack after reading the training files once, in order, up to sizes.maxLearnBytes
 * (context models, match history and mixer all learning; no network input), sized for that
 * text within `sizes`' memory (stackConfig.ts sizedForText). With `weighing` (a base
 * model's stack), it starts from that stack's weighing of its predictors (mixer, APMs,
 * state maps) with empty statistics, as the workspace index does; else from a new stack.
 * Undefined when shouldStop() said so midway.
 */
export async function buildContextStack(
  allTrainBytes: Uint8Array,
  sizes: StackSizes,
  shouldStop: () => boolean,
  onProgress?: (fraction: number) => void,
  languages?: readonly number[],
  weighing?: PredictorStack,
): Promise<PredictorStack | undefined> {
  const trainBytes = allTrainBytes.subarray(0, Math.min(allTrainBytes.length, sizes.maxLearnBytes ?? Infinity));
  const fitted = sizedForText(sizes, trainBytes.length);
  const stack = weighing ? weighing.withEmptyStatistics(fitted) : new PredictorStack(fitted);
  stack.languageContexts = languages !== undefined;
  const split = splitJoinedFilesWithLanguages(trainBytes, languages);
  return (await learnFiles(stack, split.files, shouldStop, onProgress, undefined, split.languages)) ? stack : undefined;
}

/**
 * Has the stack read the files, in order, learning from them as it goes (context models,
 * match history and mixer; with `lstm`, the network is one of the mixer's inputs, each file
 * starting from its initial state), yielding to the event loop every SLICE_MS. False when
 * shouldStop() said so midway. `languages` gives each file's language code (used when the
 * stack tells languages apart).
 */
export async function learnFiles(
  stack: PredictorStack,
  files: readonly Uint8Array[],
  shouldStop: () => boolean,
  onProgress?: (fraction: number) => void,
  lstm?: LstmSource,
  languages: readonly number[] = [],
): Promise<boolean> {
  const scorer = new TextScorer(stack, lstm, LEARN_ALL);
  const total = Math.max(
    1,
    files.reduce((n, f) => n + f.length + 1, 0),
  );
  let filesDone = 0; // bytes of the files read whole, separators included
  let sliceStart = Date.now();
  for (const [index, file] of files.entries()) {
    const reading = scorer.openFile(file, { scoreFrom: file.length, language: languages[index] });
    for (let finished = false; !finished;) {
      finished = reading.read(PIECE_BYTES);
      if (Date.now() - sliceStart > SLICE_MS) {
        onProgress?.(Math.min(1, (filesDone + reading.readBytes) / total));
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (shouldStop()) return false;
        sliceStart = Date.now();
      }
    }
    filesDone += file.length + 1;
  }
  onProgress?.(1);
  return true;
}

export interface MixScore {
  /** The copy of the stack that read the validation files (its mixer fitted on them). */
  stack: PredictorStack;
  /** Bits per character of the stack on the scored bytes. */
  bpc: number;
  /** Bytes scored (what the mixer was fitted on). */
  bytes: number;
}

/** The network's distributions from contiguous evaluation windows, by position in the text (none at a window's first byte). */
class WindowedLstm implements LstmSource {
  position = 0;

  constructor(
    private readonly probs: Float32Array,
    private readonly windowLength: number,
  ) {}

  distribution(): Float32Array | undefined {
    const L = this.windowLength;
    const t = this.position % L;
    if (t === 0) return undefined;
    const row = Math.floor(this.position / L) * (L - 1) + t - 1;
    return this.probs.subarray(row * 256, (row + 1) * 256);
  }

  advance(): void {
    this.position++;
  }

  reset(): void {
    // Files continue one another in the text: the position goes on.
  }
}

/**
 * Scores the stack, on a copy, on the validation text the windows cover (they must tile its
 * start: evaluationWindows with contiguous), reading it file by file as the editor reads a
 * document. With `probs` (the network's distributions, as evaluateParams returns them) the
 * network is one of the mixer's inputs; without, the context models are scored alone. The
 * bytes counted are those the network scored too: all but each window's first.
 */
export function scoreValidation(base: PredictorStack, bytes: Uint8Array, windows: EvalWindows, probs?: Float32Array, languages: readonly number[] = []): MixScore {
  const stack = base.clone();
  const scorer = new TextScorer(stack, undefined, LEARN_ALL);
  const L = windows.length;
  const end = windows.starts.length * L;
  if (windows.starts.some((start, s) => start !== s * L)) throw new Error('scoreValidation needs contiguous windows');
  const lstm = probs ? new WindowedLstm(probs, L) : undefined;
  let fileStart = 0;
  let fileIndex = 0;
  for (let i = 0; i <= end; i++) {
    if (i < end && bytes[i] !== FILE_SEPARATOR) continue;
    const from = fileStart;
    if (i > from) scorer.readFile(bytes.subarray(from, i), { lstm, scored: (k) => (from + k) % L !== 0, language: languages[fileIndex] });
    fileIndex++;
    if (lstm) lstm.position = i + 1; // past the separator
    fileStart = i + 1;
  }
  return { stack, bpc: bitsPerCharOf(scorer.totals.bits, scorer.totals), bytes: scorer.totals.bytes };
}

/** Learns files into the context models and the workspace history (the mixer stays as fitted). */
export function learnContexts(stack: PredictorStack, files: readonly Uint8Array[], languages: readonly number[] = []): void {
  for (const [index, file] of files.entries()) {
    const cursor = contextCursor(stack, languages[index]);
    for (let i = 0; i < file.length; i++) {
      stack.learnContexts(cursor, file[i]);
      cursor.pushContextOnly(file[i]);
    }
    stack.workspace.appendAll(file);
    stack.workspace.append(FILE_SEPARATOR);
  }
}

/**
 * learnContexts, yielding to the event loop every SLICE_MS (so a stop request is heard):
 * the files' statistics and history without predicting a byte (about six times faster than
 * learnFiles; the mixer keeps its weighing). False when shouldStop() said so midway.
 */
export async function learnContextsInSlices(
  stack: PredictorStack,
  files: readonly Uint8Array[],
  shouldStop: () => boolean,
  onProgress?: (fraction: number) => void,
  languages: readonly number[] = [],
): Promise<boolean> {
  const total = Math.max(
    1,
    files.reduce((n, f) => n + f.length + 1, 0),
  );
  let done = 0;
  let sliceStart = Date.now();
  /** After SLICE_MS of work: progress, a yield, and false when told to stop. */
  const pause = async (position: number): Promise<boolean> => {
    if (Date.now() - sliceStart <= SLICE_MS) return true;
    onProgress?.(Math.min(1, position / total));
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (shouldStop()) return false;
    sliceStart = Date.now();
    return true;
  };
  for (const [index, file] of files.entries()) {
    const cursor = contextCursor(stack, languages[index]);
    for (let i = 0; i < file.length; i++) {
      stack.learnContexts(cursor, file[i]);
      cursor.pushContextOnly(file[i]);
      if ((i & (PIECE_BYTES - 1)) === PIECE_BYTES - 1 && !(await pause(done + i))) return false;
    }
    stack.workspace.appendAll(file);
    stack.workspace.append(FILE_SEPARATOR);
    done += file.length + 1;
    // Between files too: most source files are shorter than a piece.
    if (!(await pause(done))) return false;
  }
  onProgress?.(1);
  return true;
}

function contextCursor(stack: PredictorStack, language: number | undefined): Cursor {
  const cursor = new Cursor(MATCH_SOURCES);
  if (stack.languageContexts) cursor.language = language ?? 0;
  return cursor;
}
