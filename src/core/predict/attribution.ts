// Which predictor carried each character: the mixer's inputs grouped into families a user
// can recognise (each predictor declares the family of each of its inputs: predictor.ts),
// and for every byte of a text the family that pushed hardest toward the byte that really
// came (PredictorStack.explainByte, summed over the byte's bits). With the default stack:
//
//   network          the LSTM
//   short contexts   the last 0-2 bytes
//   long contexts    the last 3-12 bytes
//   code structure   the identifier being typed, the line above, indentation, brackets
//   workspace copy   the match model over the workspace's text
//   document copy    the match model over the document itself
//
// TextExplainer reads a text as the editor reads a document (its bytes join the context
// tables as they are read, so a byte is predicted from the text before it) on a private
// copy of the tables (PredictorStack.forkContexts): nothing the given stack has learned
// changes. Bytes before `from` are context; each byte from `from` on gets its probability
// under the stack and under the network alone, and its family. It can run in slices
// (read(maxBytes) until done).
import { ByteHistory } from './byteHistory';
import { Cursor } from './cursor';
import type { LstmSource } from './lstmSource';
import { MATCH_SOURCES } from './matchModel';
import { PREDICTOR_FAMILIES, type PredictorInput } from './predictor';
import type { PredictorStack } from './predictorStack';

export { PREDICTOR_FAMILIES, type PredictorFamily } from './predictor';

/** The family of each mixer input, as an index into PREDICTOR_FAMILIES (-1 for none, e.g. the bias). */
export function inputFamilies(inputs: readonly PredictorInput[]): Int8Array {
  return Int8Array.from(inputs, (input) => (input.family ? PREDICTOR_FAMILIES.indexOf(input.family) : -1));
}

/** Per explained byte: probabilities, the carrying family, and every family's push (logit units). */
export interface ExplainedText {
  /** P(byte) under the whole stack [T]. */
  prob: Float32Array;
  /** P(byte) under the network alone [T] (NaN without one). */
  networkProb: Float32Array;
  /** Index into PREDICTOR_FAMILIES of the family that pushed hardest toward the byte, or -1 when none pushed toward it [T]. */
  carriedBy: Int8Array;
  /** [T * families]: each family's summed push toward the byte's bits. */
  push: Float32Array;
}

export class TextExplainer {
  readonly result: ExplainedText;
  private readonly cursor = new Cursor(MATCH_SOURCES);
  private readonly document: ByteHistory;
  private readonly contributions: Float32Array; // [inputs]
  private readonly family: Int8Array; // [inputs]
  private position = 0;

  private readonly stack: PredictorStack;

  /** Explains bytes[from..] after reading bytes[0..from) as context; `language` is the text's language code (../languages.ts). */
  constructor(
    stack: PredictorStack,
    private readonly lstm: LstmSource | undefined,
    private readonly bytes: Uint8Array,
    private readonly from: number,
    language = 0,
  ) {
    this.stack = stack.forkContexts();
    this.contributions = new Float32Array(stack.inputs.length);
    this.family = inputFamilies(stack.inputs);
    this.cursor.language = stack.languageContexts ? language : 0;
    const T = bytes.length - from;
    const families = PREDICTOR_FAMILIES.length;
    this.result = { prob: new Float32Array(T), networkProb: new Float32Array(T), carriedBy: new Int8Array(T), push: new Float32Array(T * families) };
    this.document = new ByteHistory(Math.max(64, bytes.length + 1), ByteHistory.indexBitsFor(bytes.length));
    lstm?.reset();
  }

  get done(): boolean {
    return this.position >= this.bytes.length;
  }

  /** Reads up to maxBytes more bytes; true when the text is done. */
  read(maxBytes = Infinity): boolean {
    const { stack, bytes, from, result } = this;
    const families = PREDICTOR_FAMILIES.length;
    const histories = stack.histories(this.document);
    const end = Math.min(bytes.length, this.position + maxBytes);
    for (let i = this.position; i < end; i++) {
      const byte = bytes[i];
      const q = this.lstm?.distribution();
      if (i >= from) {
        const t = i - from;
        result.prob[t] = stack.explainByte(this.cursor, this.document, q, byte, this.contributions);
        result.networkProb[t] = q ? q[byte] : NaN;
        let best = -1;
        let bestPush = 0;
        for (let k = 0; k < this.family.length; k++) {
          const family = this.family[k];
          if (family >= 0) result.push[t * families + family] += this.contributions[k];
        }
        for (let f = 0; f < families; f++) {
          if (result.push[t * families + f] > bestPush) {
            bestPush = result.push[t * families + f];
            best = f;
          }
        }
        result.carriedBy[t] = best;
      }
      stack.learnContexts(this.cursor, byte);
      this.cursor.push(byte, histories);
      this.document.append(byte);
      this.lstm?.advance(byte);
    }
    this.position = end;
    return this.done;
  }
}
