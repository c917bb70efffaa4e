// Where the stack's LSTM input comes from when text is read in order: the network's
// next-byte distribution [256] at each position. SteppedLstm runs the pure-TypeScript
// forward pass, one step per byte (recur eval, benchmarks, the panel); the trainer reads
// distributions its tfjs evaluation computed in one batch (../index/contextStack.ts).
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
