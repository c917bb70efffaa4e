// Where the stack's LSTM input comes from when text is read in order: the network's
// next-byte distribution [256] at each position.
//   SteppedLstm      the pure-TypeScript forward pass, one step per byte (recur eval,
//                    benchmarks, the panel)
//   PrecomputedLstm  distributions computed elsewhere in one batch (the trainer's
//                    validation, with tfjs), read back in order
import type { InferenceModel, InferenceState } from '../infer/inferenceModel';
import { softmax } from '../infer/sampler';

export interface LstmSource {
  /** P(next byte) [256] at the current position (owned by the source: read it before advance()), or undefined where it has none. */
  distribution(): Float32Array | undefined;
  /** Reads the byte that came. */
  advance(byte: number): void;
  /** A new file starts: the network starts from its zero state. */
  reset(): void;
}

export class SteppedLstm implements LstmSource {
  private readonly state: InferenceState;
  private readonly logits = new Float32Array(256);
  private readonly probs = new Float32Array(256);
  private fresh = false;

  constructor(readonly model: InferenceModel) {
    this.state = model.newState();
  }

  distribution(): Float32Array {
    if (!this.fresh) {
      softmax(this.model.logits(this.state, this.logits), this.probs);
      this.fresh = true;
    }
    return this.probs;
  }

  advance(byte: number): void {
    this.model.step(this.state, byte);
    this.fresh = false;
  }

  reset(): void {
    this.model.resetState(this.state);
    this.fresh = false;
  }
}

export class PrecomputedLstm implements LstmSource {
  private position = 0;

  /**
   * probs: [rows * 256], row r = P(byte first + r | what came before, as the batch
   * computed it); positions before `first` have no distribution.
   */
  constructor(private readonly probs: Float32Array, private readonly first = 0) {}

  distribution(): Float32Array | undefined {
    const row = this.position - this.first;
    return row >= 0 && row * 256 < this.probs.length ? this.probs.subarray(row * 256, (row + 1) * 256) : undefined;
  }

  advance(): void {
    this.position++;
  }

  reset(): void {
    // The batch decided where its states started; nothing to do.
  }
}
