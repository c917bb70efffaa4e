// An order-k byte n-gram model with interpolated Witten-Bell smoothing:
//   P_k(c | ctx) = (n(ctx, c) + u(ctx) * P_{k-1}(c | shorter ctx)) / (n(ctx) + u(ctx))
// where n counts occurrences and u(ctx) is the number of distinct bytes seen after ctx,
// down to the uniform distribution over 256 bytes. A cheap, honest reference for the LSTM.
import { countChars } from '../vocabulary';

export class ByteNgramModel {
  /** For each order j (context length j): counts keyed by context*256 + byte, totals and distinct followers keyed by context. */
  private readonly pairs: Map<number, number>[] = [];
  private readonly totals: Map<number, number>[] = [];
  private readonly distinct: Map<number, number>[] = [];

  constructor(readonly order: number) {
    if (!Number.isInteger(order) || order < 0 || order > 3) throw new Error(`n-gram order must be 0..3, not ${order}`);
    for (let j = 0; j <= order; j++) {
      this.pairs.push(new Map());
      this.totals.push(new Map());
      this.distinct.push(new Map());
    }
  }

  train(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i];
      let ctx = 0;
      for (let j = 0; j <= this.order && j <= i; j++) {
        if (j > 0) ctx = ctx + bytes[i - j] * 256 ** (j - 1); // context: the j previous bytes
        const key = ctx * 256 + c;
        const seen = this.pairs[j].get(key) ?? 0;
        this.pairs[j].set(key, seen + 1);
        this.totals[j].set(ctx, (this.totals[j].get(ctx) ?? 0) + 1);
        if (seen === 0) this.distinct[j].set(ctx, (this.distinct[j].get(ctx) ?? 0) + 1);
      }
    }
  }

  /** Probability of byte c after the bytes before position i of `bytes`. */
  probability(bytes: Uint8Array, i: number, c: number): number {
    let p = 1 / 256;
    let ctx = 0;
    for (let j = 0; j <= this.order && j <= i; j++) {
      if (j > 0) ctx = ctx + bytes[i - j] * 256 ** (j - 1);
      const total = this.totals[j].get(ctx) ?? 0;
      if (total === 0) break; // longer contexts were never seen either
      const u = this.distinct[j].get(ctx) ?? 0;
      p = ((this.pairs[j].get(ctx * 256 + c) ?? 0) + u * p) / (total + u);
    }
    return p;
  }

  /** Bits per character predicting bytes[1..] from what precedes each (like the LSTM's scores). */
  bitsPerChar(bytes: Uint8Array): number {
    let bits = 0;
    for (let i = 1; i < bytes.length; i++) bits -= Math.log2(this.probability(bytes, i, bytes[i]));
    const chars = countChars(bytes, 1);
    return chars > 0 ? bits / chars : NaN;
  }
}
