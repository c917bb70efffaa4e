// Where the stack's LSTM input comes from when text is read in order: the network's
// next-byte distribution [256] at each position. ../infer/steppedLstm.ts runs the
// pure-TypeScript forward pass, one step per byte (recur eval, benchmarks, the panel); the
// trainer reads distributions its tfjs evaluation computed in one batch
// (../index/contextStack.ts).

export interface LstmSource {
  /** P(next byte) [256] at the current position (owned by the source: read it before advance()), or undefined where it has none. */
  distribution(): Float32Array | undefined;
  /** Reads the byte that came. */
  advance(byte: number): void;
  /** A new file starts: the network starts from its zero state. */
  reset(): void;
}
