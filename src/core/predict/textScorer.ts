// Reading text in order with the stack, the way an adaptive compressor does: every byte is
// predicted before anything learns from it, so the bits counted are an honest figure for
// text the models had not seen (bits = Σ −log2 P(byte); bits per character divides by the
// characters, see ../vocabulary.ts).
//
// Files are read one at a time, as the editor reads a document: each starts with a fresh
// cursor and an empty document history (the match model's copy of "the document being
// typed"), its bytes join the context tables as they are read (in the editor too:
// ../complete/documentStates.ts), and, once read, the file joins the workspace history.
// A file can be read in pieces (openFile, then read() until it returns true), so long work
// can yield in between.
import { ByteHistory } from './byteHistory';
import { Cursor } from './cursor';
import type { LstmSource } from './lstmSource';
import { LEARN_ALL, type LearnOptions, MATCH_SOURCES, type PredictorStack } from './predictorStack';
import { startsCharacter } from '../vocabulary';

export interface ScoreTotals {
  bytes: number;
  chars: number;
  /** Σ −log2 P(byte) under the stack (with the LSTM as one input when there is one). */
  bits: number;
  /** Σ −log2 P(byte) under the LSTM alone (0 without an LSTM). */
  lstmBits: number;
}

export function emptyTotals(): ScoreTotals {
  return { bytes: 0, chars: 0, bits: 0, lstmBits: 0 };
}

/** Bits per character of some totals (NaN with no characters). */
export function bitsPerCharOf(bits: number, totals: ScoreTotals): number {
  return totals.chars > 0 ? bits / totals.chars : NaN;
}

const SEPARATOR = 0x00;

export interface ReadOptions {
  /** Bytes before this index are context: read and learned, not counted. */
  scoreFrom?: number;
  /** When given, only the bytes (at or after scoreFrom) for which it is true are counted. */
  scored?: (index: number) => boolean;
  /** Replaces the scorer's LSTM source for this file. */
  lstm?: LstmSource;
  /** Hears each byte's probability under the stack and under the LSTM (NaN where there is none). */
  onByte?: (index: number, p: number, pLstm: number) => void;
  /** The file's language code (../languages.ts), used when the stack tells languages apart. */
  language?: number;
}

/** One file being read (see TextScorer.openFile). */
export class FileReading {
  private readonly cursor = new Cursor(MATCH_SOURCES);
  private readonly document: ByteHistory;
  private readonly histories;
  private position = 0;

  constructor(
    private readonly scorer: TextScorer,
    readonly bytes: Uint8Array,
    private readonly options: ReadOptions,
  ) {
    this.document = new ByteHistory(Math.max(64, bytes.length + 1), ByteHistory.indexBitsFor(bytes.length));
    this.histories = scorer.stack.histories(this.document);
    this.cursor.language = scorer.stack.languageContexts ? (options.language ?? 0) : 0;
    (options.lstm ?? scorer.lstm)?.reset();
  }

  /** Bytes read so far. */
  get readBytes(): number {
    return this.position;
  }

  /** Reads up to `maxBytes` more bytes; true when the file is done (and has joined the workspace history). */
  read(maxBytes = Infinity): boolean {
    const { stack, totals, learn } = this.scorer;
    const { scoreFrom = 0, scored, onByte } = this.options;
    const lstm = this.options.lstm ?? this.scorer.lstm;
    const bytes = this.bytes;
    const end = Math.min(bytes.length, this.position + maxBytes);
    for (let i = this.position; i < end; i++) {
      const byte = bytes[i];
      const q = lstm?.distribution();
      const p = stack.learnByte(this.cursor, this.document, q, byte, learn);
      const pLstm = q ? Math.max(q[byte], 1e-30) : NaN;
      if (i >= scoreFrom && (!scored || scored(i))) {
        totals.bytes++;
        if (startsCharacter(byte)) totals.chars++;
        totals.bits -= Math.log2(p);
        if (q) totals.lstmBits -= Math.log2(pLstm);
      }
      onByte?.(i, p, pLstm);
      this.cursor.push(byte, this.histories);
      this.document.append(byte);
      lstm?.advance(byte);
    }
    this.position = end;
    if (end < bytes.length) return false;
    if (learn.contexts) {
      stack.workspace.appendAll(bytes);
      stack.workspace.append(SEPARATOR);
    }
    return true;
  }
}

export class TextScorer {
  readonly totals: ScoreTotals = emptyTotals();

  constructor(
    readonly stack: PredictorStack,
    readonly lstm: LstmSource | undefined,
    readonly learn: LearnOptions = LEARN_ALL,
  ) {}

  /** Starts reading a file; call read() on the result until it returns true. */
  openFile(bytes: Uint8Array, options: ReadOptions = {}): FileReading {
    return new FileReading(this, bytes, options);
  }

  /** Reads a whole file at once. */
  readFile(bytes: Uint8Array, options: ReadOptions = {}): void {
    this.openFile(bytes, options).read();
  }
}
