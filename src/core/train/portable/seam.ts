// The training-backend seam (notes: backend-seam.md) as the portable backend implements it.
// Structurally the same as src/core/train/backend.ts of the backend-neutral training loop;
// when both are merged this file's types become imports from there.
import type { AdamState } from '../../model/checkpoint';
import type { ModelConfig } from '../../model/config';
import type { Weights } from '../../model/weights';
import type { Evaluation, EvaluateOptions } from '../evaluationWindows';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface StepResult {
  /** Mean cross-entropy over the chunk's B*T positions, nats per byte. */
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  clipped: boolean;
}

export interface TrainableNetwork {
  step(inputs: Int32Array, targets: Int32Array, batch: number, learningRate: number, clipNorm: number): StepResult;
  resetState(): void;
  weights(): Weights;
  optimizerState(): AdamState;
  evaluate(bytes: Uint8Array, options: EvaluateOptions): Evaluation | undefined;
  dispose(): void;
}

export interface TrainingBackend {
  readonly name: BackendName;
  readonly description: string;
  createNetwork(config: ModelConfig, weights: Weights, optimizer?: AdamState): TrainableNetwork;
  dispose?(): void;
}
