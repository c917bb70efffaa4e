// The stack's LSTM input from the pure-TypeScript forward pass, one step per byte as text is
// read in order (recur eval, the index job, benchmarks, the panel): the network's next-byte
// distribution [256] at each position (../predict/lstmSource.ts).
import type { InferenceModel, InferenceState } from './inferenceModel';
import { softmax } from './sampler';
import type { LstmSource } from '../predict/lstmSource';

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
