// The next-byte model a suggestion is searched with: the network's state and the stack's
// cursor at one point of (possibly hypothetical) text, stepped together. Without context
// statistics (a checkpoint written before they existed) it is the network alone.
//
//   const point = predictor.root(lstmState, logits, documentState, head)   // at the cursor (copies)
//   predictor.top(point, k, minP, bytes, probs)                // k most likely next bytes
//   predictor.advance(point, byte)                             // read one byte
// Nothing here learns: the cursor's histories are read, never appended to, and the
// document's adapted output layer (dynamic evaluation, ../infer/adaptedHead.ts), when there
// is one, is read through logitsAt, which changes nothing it learns with.
import type { InferenceModel, InferenceState } from '../infer/inferenceModel';
import type { AdaptedHead } from '../infer/adaptedHead';
import { softmax } from '../infer/sampler';
import type { ByteHistory } from '../predict/byteHistory';
import type { Cursor } from '../predict/cursor';
import type { PredictorStack } from '../predict/predictorStack';
import type { DocumentState } from './documentStates';

export interface SearchPoint {
  lstm: InferenceState;
  /** P(next byte) under the network [256], valid until advance(). */
  lstmProbs: Float32Array;
  cursor: Cursor | undefined;
  document: ByteHistory | undefined;
  /** The document's adapted output layer (read only), or undefined for the trained one. */
  head: AdaptedHead | undefined;
}

export class SearchPredictor {
  private readonly logits = new Float32Array(256);
  private readonly order = new Int32Array(256);

  constructor(
    readonly model: InferenceModel,
    readonly stack: PredictorStack | undefined,
  ) {}

  /** A point at the cursor from the prepared state and logits (both copied), the document's state and its adapted head (if any). */
  root(state: InferenceState, logits: Float32Array, documentState: DocumentState | undefined, head?: AdaptedHead): SearchPoint {
    return {
      lstm: this.model.cloneState(state),
      lstmProbs: softmax(logits, new Float32Array(256)),
      cursor: this.stack && documentState ? documentState.cursor.clone() : undefined,
      document: documentState?.history,
      head,
    };
  }

  clone(point: SearchPoint): SearchPoint {
    return { lstm: this.model.cloneState(point.lstm), lstmProbs: point.lstmProbs.slice(), cursor: point.cursor?.clone(), document: point.document, head: point.head };
  }

  /** The k most likely next bytes with their probabilities (none below minP); returns how many. */
  top(point: SearchPoint, k: number, minP: number, bytes: Int32Array, probs: Float64Array): number {
    if (this.stack && point.cursor) return this.stack.topBytes(point.cursor, point.document, point.lstmProbs, k, minP, bytes, probs);
    // The network alone: a partial selection sort over its distribution.
    const q = point.lstmProbs;
    const order = this.order;
    for (let i = 0; i < 256; i++) order[i] = i;
    let found = 0;
    for (; found < k; found++) {
      let best = found;
      for (let i = found + 1; i < 256; i++) if (q[order[i]] > q[order[best]]) best = i;
      if (q[order[best]] < minP) break;
      [order[found], order[best]] = [order[best], order[found]];
      bytes[found] = order[found];
      probs[found] = q[order[found]];
    }
    return found;
  }

  advance(point: SearchPoint, byte: number): void {
    this.model.step(point.lstm, byte);
    const logits = point.head ? point.head.logitsAt(point.lstm, this.logits) : this.model.logits(point.lstm, this.logits);
    softmax(logits, point.lstmProbs);
    if (point.cursor && this.stack) point.cursor.push(byte, this.stack.histories(point.document));
  }
}
