// What a predictor is to the stack (predictorStack.ts): a small object that, for each bit of
// the next byte, writes its mixer inputs (logits of P(next bit = 1)) and then learns the bit
// that came. The mixer knows nothing about what its inputs are; it is sized from the inputs
// each predictor declares. A byte is 8 binary decisions, most significant bit first; c0 is
// the bits read so far with a leading 1 (1 at the start of a byte, 2..3 after one bit, ...),
// so the byte's binary tree has the nodes c0 = 1..255 and depth = bits read (0-7).
//
// Per byte, in this order:
//   begin(at, learning)                  once, before any node of the byte
//   predictBit(c0, depth, x, offset)     for each node the stack evaluates: inputs into
//                                        x[offset .. offset + kind.inputs.length)
//   update(bit)                          after predictBit, only while learning (learnByte:
//                                        the nodes of the byte's own path, in order)
// Read-only queries (distribution, topBytes) evaluate nodes in any order (begin with
// learning = false, no update): predictBit must not change anything learned then.
//
// A PredictorKind is the static half (what paq8px declares as MIXERINPUTS): its inputs,
// memory, saved state and how to build one; the stack composes a list of kinds
// (stackComposition.ts).
import type { TensorData } from '../tensorSection';
import type { ByteHistory } from './byteHistory';
import type { Cursor } from './cursor';
import type { StackSizes } from './stackConfig';

/** Families of mixer inputs a user can recognise (the panel's "which predictor carried it"; attribution.ts). */
export const PREDICTOR_FAMILIES = ['network', 'short contexts', 'long contexts', 'code structure', 'workspace copy', 'document copy'] as const;
export type PredictorFamily = (typeof PREDICTOR_FAMILIES)[number];

/** One mixer input a predictor declares. */
export interface PredictorInput {
  name: string;
  /** The family it counts for in attribution; none for a constant such as the bias. */
  family?: PredictorFamily;
  /** The mixer's first weight for it in a new stack (default: mixer.ts INITIAL_WEIGHT); 0 keeps it silent until the mixer learns to use it. */
  initialWeight?: number;
}

/** What learnByte may change. */
export interface LearnOptions {
  /** Context tables (bit histories) and the state maps that read them. */
  contexts: boolean;
  /** The match models' confidences. */
  matches: boolean;
  /** Mixer weights and APMs. */
  mixer: boolean;
}

export const LEARN_ALL: Readonly<LearnOptions> = { contexts: true, matches: true, mixer: true };
/** Adding text to the context tables only (the mixer stays as fitted). */
export const LEARN_CONTEXTS_ONLY: Readonly<LearnOptions> = { contexts: true, matches: false, mixer: false };

/** Where the next byte is predicted from: what begin() is told. */
export interface ByteStart {
  readonly cursor: Cursor;
  /** What cursor.matches[m] follow (MATCH_WORKSPACE, MATCH_DOCUMENT); undefined: that source is off. */
  readonly histories: readonly (ByteHistory | undefined)[];
  /** The LSTM's next-byte distribution [256], or undefined. */
  readonly lstm: Float32Array | undefined;
}

/**
 * A copy of a predictor for another stack:
 *   deep       everything copied (PredictorStack.clone)
 *   weighing   what it learned about weighing its evidence (adaptive maps) copied, what it
 *              learned of a text (tables) empty, at `sizes` (PredictorStack.withEmptyStatistics)
 *   fork       what observe() changes copied, the rest shared, read-only for the fork's user
 *              (PredictorStack.forkContexts)
 */
export type CopyMode = 'deep' | 'weighing' | 'fork';

/** Writes a predictor's learned state into the stack's checkpoint section (stackState.ts). */
export interface StateWriter {
  tensor(name: string, data: TensorData, shape: number[], compress?: boolean): void;
  /** Fields of the section's description (sizes, which models), checked when it is read. */
  describe(fields: Record<string, unknown>): void;
}

/** Reads a predictor's learned state back; tensor() throws, naming the tensor, when one is missing or of another size. */
export interface StateReader {
  readonly meta: Readonly<Record<string, unknown>>;
  tensor<T extends TensorData>(name: string, type: new (n: number) => T, length?: number): T;
}

export interface Predictor {
  readonly kind: PredictorKind;
  /** Bytes of memory its tables hold (what the stack's memory budget counts). */
  readonly memoryBytes: number;
  begin(at: ByteStart, learning: boolean): void;
  predictBit(c0: number, depth: number, x: Float32Array, offset: number): void;
  update(bit: number): void;
  /** Learns `byte` at `cursor` without predicting it (PredictorStack.learnContexts); absent when it learns nothing so. */
  observe?(cursor: Cursor, byte: number): void;
  copy(mode: CopyMode, sizes: StackSizes): Predictor;
  save(out: StateWriter): void;
}

export interface PredictorKind {
  /** A name for reports and errors. */
  readonly name: string;
  /** Its mixer inputs, in the order predictBit writes them. */
  readonly inputs: readonly PredictorInput[];
  /** Which LearnOptions flag lets it learn (update() is called only then); none: it never learns. */
  readonly learnsWith?: keyof LearnOptions;
  /** What a predictor of these sizes holds (the stack's memory before building it). */
  memoryBytes(sizes: StackSizes): number;
  /** A new predictor, or one with the state `saved` holds (its tables keep their saved sizes). */
  create(sizes: StackSizes, saved?: StateReader): Predictor;
  /** Why `saved` cannot be read by this kind (other models, other sizes), or undefined. */
  stateProblem?(saved: StateReader): string | undefined;
}
