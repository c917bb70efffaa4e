// The training backend: all the training program (trainer.ts) asks of what computes a step.
// The program imports no backend; an entry point (the training process, the CLI) chooses
// one with chooseBackend.ts and hands it in. The tfjs-node backend is tf/tfjsBackend.ts.
//
// Contract, the same for every backend, so that a checkpoint written by one resumes on any
// other and the figures agree to float rounding:
//   Weights    Float32Arrays named and laid out as weightShapes(config) says
//              (../model/weights.ts: row-major; gate blocks LSTM i, f, g, o; GRU r, z, n).
//   Optimizer  Adam with AdamState (../model/checkpoint.ts): its step t and the moments m, v
//              in the weights' layout; β1 0.9, β2 0.999, ε 1e-8 (adamMath.ts, DEFAULT_ADAM):
//                m <- β1 m + (1-β1) g;  v <- β2 v + (1-β2) g²;  t <- t + 1
//                p <- p - lr · (m / (1-β1^t)) / (√(v / (1-β2^t)) + ε)
//              which adamMath.ts (adamStepScalars) computes as p <- p - lr·√(1-β2^t)/(1-β1^t) · m / (√v + ε̂),
//              ε̂ = ε·√(1-β2^t): the same value, ε folded into the bias correction.
//   Clipping   g is every parameter's gradient together: ‖g‖ = √(Σ g²) over all of them; when
//              ‖g‖ > clipNorm, g <- g · clipNorm/‖g‖ before Adam sees it (m and v take the
//              clipped g). StepResult.gradNorm is ‖g‖ before clipping.
//   Loss       mean cross-entropy in nats over the chunk's B·T positions of
//              softmax(logits [256]) against the target byte.
//   State      stateful truncated BPTT: each layer's h (and an LSTM's c), [B, H], carried from
//              the end of one step to the start of the next as a constant (no gradient crosses
//              it); zeros at creation and after resetState(). B stays the same between resets.
//   Evaluate   forward only, from zeros, never touching the carried training state; the
//              windows are evaluationWindows(bytes.length, options) (../evaluate/evaluation.ts),
//              read in chunks of options.chunkLength (64) with each window's state carried;
//              scores every byte of a window but its first; bpc = Σ nats / ln 2 / characters
//              (../vocabulary.ts countChars of the scored bytes).
// A network is used from one thread at a time, synchronously; dispose() frees what it holds.
import type { AdamState } from '../model/checkpoint';
import type { ModelConfig } from '../model/config';
import type { Weights } from '../model/weights';
import type { NetworkEvaluator } from '../evaluate/evaluation';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface TrainingBackend {
  readonly name: BackendName;
  /** One line for the UI and the CLI: a short name, then the details in parentheses, e.g. "tfjs-node (TensorFlow 2.21.0, 1 thread)". */
  readonly description: string;
  /** A network with these parameters (copied), Adam's state from `optimizer` (absent: fresh, t = 0). */
  createNetwork(config: ModelConfig, weights: Weights, optimizer?: AdamState): TrainableNetwork;
  /** Frees what the backend itself holds (its networks are disposed one by one). */
  dispose?(): void;
}

export interface StepResult {
  /** Mean cross-entropy over the chunk's B*T positions, nats per byte. */
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  clipped: boolean;
}

export interface TrainableNetwork extends NetworkEvaluator {
  /**
   * One step on inputs/targets [B, T] (row-major byte ids, targets[i] the byte after
   * inputs[i]): forward from the carried state, the loss at every position, backprop
   * through this chunk only, global-norm clipping to clipNorm, one Adam update at
   * learningRate; the final state is carried to the next step. Reads back two numbers.
   */
  step(inputs: Int32Array, targets: Int32Array, batch: number, learningRate: number, clipNorm: number): StepResult;
  /** The next step starts from zeros. */
  resetState(): void;
  /** The current parameters, as arrays the caller owns, in weightShapes(config) order and layout. */
  weights(): Weights;
  /** Adam's t, m and v now, as arrays the caller owns (AdamState: the checkpoint's layout). */
  optimizerState(): AdamState;
  dispose(): void;
}
