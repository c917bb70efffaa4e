// The model being trained: parameters as tf.Variables, the Adam state, and the recurrent
// state carried from one chunk to the next (stateful truncated BPTT). One call of step()
// runs forward and backward over one chunk, clips, updates, and reads back two numbers.
import type { AdamState } from '../../model/checkpoint';
import type { ModelConfig } from '../../model/config';
import { chunkGradients } from './chunkGradients';
import { type LayerStateTensors, zeroState } from './network';
import * as tf from './tf';
import { type Weights, weightShapes } from '../../model/weights';
import { Adam } from './adam';

export interface StepResult {
  /** Mean cross-entropy over the chunk's B*T positions, nats per byte. */
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  clipped: boolean;
}

export class TrainableModel {
  readonly params: Record<string, tf.Variable>;
  readonly optimizer: Adam;
  private state: LayerStateTensors[] | undefined;

  constructor(
    readonly config: ModelConfig,
    weights: Weights,
    optimizerState?: AdamState,
  ) {
    this.params = {};
    for (const [name, shape] of Object.entries(weightShapes(config))) {
      const initial = tf.tensor(weights[name], shape, 'float32');
      this.params[name] = tf.variable(initial, true, `recur.${name}.${uniqueId++}`);
      initial.dispose(); // the variable holds its own reference to the data
    }
    this.optimizer = new Adam(this.params, optimizerState);
  }

  /** The state the next step starts from (undefined: zeros). Tensors are owned by the model. */
  get carriedState(): readonly LayerStateTensors[] | undefined {
    return this.state;
  }

  resetState(): void {
    this.disposeState();
  }

  /**
   * One training step on inputs/targets [B, T]: loss at every position, gradients by
   * backprop through this chunk only (the carried initial state is a constant), global-norm
   * clipping to `clipNorm`, one Adam update at `learningRate`. The final state is kept for
   * the next step.
   */
  step(inputs: Int32Array, targets: Int32Array, batch: number, learningRate: number, clipNorm: number): StepResult {
    const start = this.state ?? zeroState(this.config, batch);
    let next: LayerStateTensors[] = [];
    const readBack = tf.tidy(() => {
      const result = chunkGradients(this.params, this.config, inputs, targets, batch, start);
      next = result.state.map((s) => ({ h: tf.keep(s.h), c: s.c ? tf.keep(s.c) : undefined }));
      const norm = this.optimizer.applyClipped(result.grads, learningRate, clipNorm); // global-norm clipping and Adam (clipping.ts, adam.ts)
      return tf.stack([result.loss, norm]); // [2]: the only values read back
    });
    const [loss, gradNorm] = readBack.dataSync();
    readBack.dispose();
    if (this.state) this.disposeState();
    else for (const s of start) disposeLayerState(s);
    // The carried state is data for the next step: no gradient crosses the chunk boundary.
    this.state = next;
    return { loss, gradNorm, clipped: gradNorm > clipNorm };
  }

  weights(): Weights {
    return Object.fromEntries(Object.entries(this.params).map(([name, p]) => [name, p.dataSync() as Float32Array]));
  }

  dispose(): void {
    this.disposeState();
    this.optimizer.dispose();
    for (const p of Object.values(this.params)) p.dispose();
  }

  private disposeState(): void {
    for (const s of this.state ?? []) disposeLayerState(s);
    this.state = undefined;
  }
}

let uniqueId = 0;

function disposeLayerState(s: LayerStateTensors): void {
  s.h.dispose();
  s.c?.dispose();
}
