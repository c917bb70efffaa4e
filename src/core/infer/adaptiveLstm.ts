// The stack's LSTM input with dynamic evaluation of the output layer (./adaptedHead.ts), as
// text is read in order (the benchmarks' scoring; the editor does the same per document in
// ./stateCache.ts): the next-byte distribution [256] from the adapted head (guarded), which
// then learns the byte that came. A new file is a new document: the network's state and the
// head start again from the trained model.
import type { InferenceModel, InferenceState } from './inferenceModel';
import { AdaptedHead, type DynamicEvalOptions } from './adaptedHead';
import { softmax } from './sampler';
import type { LstmSource } from '../predict/lstmSource';

export class AdaptiveLstm implements LstmSource {
  private readonly state: InferenceState;
  private readonly probs = new Float32Array(256);
  readonly head: AdaptedHead;
  private fresh = false;

  constructor(
    readonly model: InferenceModel,
    options: Readonly<DynamicEvalOptions>,
  ) {
    this.state = model.newState();
    this.head = new AdaptedHead(model, options);
  }

  distribution(): Float32Array {
    if (!this.fresh) {
      this.head.evaluate(this.state);
      softmax(this.head.logits(), this.probs);
      this.fresh = true;
    }
    return this.probs;
  }

  advance(byte: number): void {
    if (!this.fresh) this.head.evaluate(this.state);
    this.head.learn(byte);
    this.model.step(this.state, byte);
    this.fresh = false;
  }

  reset(): void {
    this.model.resetState(this.state);
    this.head.restore();
    this.fresh = false;
  }
}
