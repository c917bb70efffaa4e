// The tfjs-node backend's network (TrainableNetwork, ../backend.ts): parameters as
// tf.Variables, the Adam state, and the recurrent state carried from one chunk to the next
// (stateful truncated BPTT). One call of step() runs forward and backward over one chunk,
// clips, updates, and reads back two numbers. Adam's variables are made at the first step
// (or optimizerState()), so a network that only evaluates holds its parameters alone.
import type { AdamState } from '../../model/checkpoint';
import type { ModelConfig } from '../../model/config';
import type { EvaluateOptions, Evaluation } from '../../evaluate/evaluation';
import type { StepResult, TrainableNetwork } from '../backend';
import { chunkGradients } from './chunkGradients';
import { evaluateParams } from './evaluate';
import { type LayerStateTensors, zeroState } from './network';
import * as tf from './tf';
import { type Weights, weightShapes } from '../../model/weights';
import { Adam } from './adam';

export class TrainableModel implements TrainableNetwork {
  readonly params: Record<string, tf.Variable>;
  private adam: Adam | undefined;
  private state: LayerStateTensors[] | undefined;

  constructor(
    readonly config: ModelConfig,
    weights: Weights,
    private readonly restored?: AdamState,
  ) {
    this.params = {};
    for (const [name, shape] of Object.entries(weightShapes(config))) {
      const initial = tf.tensor(weights[name].slice(), shape, 'float32'); // a copy: tfjs-node would read the caller's array at first use
      this.params[name] = tf.variable(initial, true, `recur.${name}.${uniqueId++}`);
      initial.dispose(); // the variable holds its own reference to the data
    }
  }

  get optimizer(): Adam {
    this.adam ??= new Adam(this.params, this.restored);
    return this.adam;
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

  optimizerState(): AdamState {
    return this.optimizer.exportState();
  }

  evaluate(bytes: Uint8Array, options: EvaluateOptions): Evaluation | undefined {
    return evaluateParams(this.params, this.config, bytes, options);
  }

  dispose(): void {
    this.disposeState();
    this.adam?.dispose();
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
