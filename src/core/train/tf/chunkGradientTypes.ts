// What a training chunk's forward and backward pass returns, whichever way it is computed
// (chunkGradients.ts under tfjs's tape, lstmChunkGradients.ts on TensorFlow's kernels).
import type { LayerStateTensors } from './recurrentLayer';
import type * as tf from './tf';

export interface ChunkGradients {
  /** Mean nats per position over the chunk's B*T positions. */
  loss: tf.Scalar;
  /** d loss / d parameter, keyed by weight name. */
  grads: Record<string, tf.Tensor>;
  /** The state after the chunk's last step, per layer (no gradient crosses into the next chunk). */
  state: LayerStateTensors[];
}
