// The LSTM as one mixer input: its next-byte distribution [256] (the caller's, per byte)
// turned into the logit of P(next bit = 1 | the bits read so far). begin() sums the
// distribution into its binary tree (node n's mass = the bytes below it), so a node's
// logit is stretch(mass(2 c0 + 1) / mass(c0)), kept within ±STRETCH_LIMIT; 0 where there
// is no distribution or no mass. It learns nothing here (the network is trained apart).
import { STRETCH_LIMIT, stretch } from '../logistic';
import type { ByteStart, Predictor, PredictorKind } from '../predictor';

export class LstmPredictor implements Predictor {
  readonly kind = LSTM_INPUT;
  readonly memoryBytes = 0;
  private readonly tree = new Float64Array(512); // subtree masses of the distribution
  private hasLstm = false;

  begin(at: ByteStart): void {
    const lstm = at.lstm;
    this.hasLstm = lstm !== undefined;
    if (lstm) {
      const tree = this.tree;
      for (let b = 0; b < 256; b++) tree[256 + b] = lstm[b];
      for (let n = 255; n >= 1; n--) tree[n] = tree[2 * n] + tree[2 * n + 1];
    }
  }

  predictBit(c0: number, _depth: number, x: Float32Array, offset: number): void {
    let logit = 0;
    if (this.hasLstm) {
      const mass = this.tree[c0];
      logit = mass > 0 ? stretch(this.tree[2 * c0 + 1] / mass) : 0;
      if (logit > STRETCH_LIMIT) logit = STRETCH_LIMIT;
      else if (logit < -STRETCH_LIMIT) logit = -STRETCH_LIMIT;
    }
    x[offset] = logit;
  }

  update(): void {}

  copy(): LstmPredictor {
    return new LstmPredictor();
  }

  save(): void {}
}

export const LSTM_INPUT: PredictorKind = {
  name: 'network',
  inputs: [{ name: 'network', family: 'network' }],
  memoryBytes: () => 0,
  create: () => new LstmPredictor(),
};
