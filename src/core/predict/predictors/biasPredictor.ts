// A constant mixer input (0.5), so each weight set learns a bias of its own.
import type { Predictor, PredictorKind } from '../predictor';

export class BiasPredictor implements Predictor {
  readonly kind = BIAS;
  readonly memoryBytes = 0;

  begin(): void {}

  predictBit(_c0: number, _depth: number, x: Float32Array, offset: number): void {
    x[offset] = 0.5;
  }

  update(): void {}

  copy(): BiasPredictor {
    return new BiasPredictor();
  }

  save(): void {}
}

export const BIAS: PredictorKind = {
  name: 'bias',
  inputs: [{ name: 'bias' }],
  memoryBytes: () => 0,
  create: () => new BiasPredictor(),
};
