// Stateful truncated-BPTT batching. The training bytes are cut into B equal streams laid
// side by side; step k takes the next T bytes of every stream (inputs) and the T bytes one
// further on (targets), so each row continues exactly where the same row of step k-1 ended
// and the recurrent state can be carried from one step to the next. When the streams run
// out, an epoch ends: the next step starts again at the beginning with a zero state.
//
//   stream b = bytes[b*L, (b+1)*L),  L = floor(N / B)
//   chunk k:  inputs[b, t] = stream_b[k*T + t],  targets[b, t] = stream_b[k*T + t + 1]
import { countChars } from '../vocabulary';

export interface Chunk {
  inputs: Int32Array; // [B, T] row-major
  targets: Int32Array; // [B, T]
  /** Characters (code points) among the targets: the per-character denominator. */
  chars: number;
  /** True at the start of an epoch: the carried state must be reset to zeros. */
  resetState: boolean;
}

export class StreamBatcher {
  /** The batch size and chunk length actually used (smaller than asked on tiny corpora). */
  readonly batch: number;
  readonly seqLength: number;
  readonly streamLength: number;
  readonly chunksPerEpoch: number;

  constructor(
    private readonly bytes: Uint8Array,
    batch: number,
    seqLength: number,
  ) {
    if (bytes.length < 2) throw new Error(`need at least 2 bytes of training text, got ${bytes.length}`);
    let T = Math.max(1, Math.min(seqLength, bytes.length - 1));
    const B = Math.max(1, Math.min(batch, Math.floor(bytes.length / (T + 1))));
    this.streamLength = Math.floor(bytes.length / B);
    T = Math.min(T, this.streamLength - 1);
    this.batch = B;
    this.seqLength = T;
    this.chunksPerEpoch = Math.floor((this.streamLength - 1) / T);
  }

  /** The chunk for global step `step` (deterministic, so a resumed run picks up in place). */
  chunk(step: number): Chunk {
    const { batch: B, seqLength: T, streamLength: L } = this;
    const k = step % this.chunksPerEpoch;
    const inputs = new Int32Array(B * T);
    const targets = new Int32Array(B * T);
    let chars = 0;
    for (let b = 0; b < B; b++) {
      const start = b * L + k * T;
      for (let t = 0; t < T; t++) {
        inputs[b * T + t] = this.bytes[start + t];
        targets[b * T + t] = this.bytes[start + t + 1];
      }
      chars += countChars(this.bytes, start + 1, start + T + 1);
    }
    return { inputs, targets, chars, resetState: k === 0 };
  }
}
