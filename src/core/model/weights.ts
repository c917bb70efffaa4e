// The names and shapes of every parameter. This layout is the contract between the
// tfjs trainer, the checkpoint file and the pure-TypeScript forward pass.
//
// Row-major float32. Inputs multiply from the left: y = x @ W + b.
//   embedding            [V, E]
//   layer{l}.kernel      [I_l, G*H]   input weights, I_0 = E, I_l = H for l > 0
//   layer{l}.recurrent   [H, G*H]     recurrent weights
//   layer{l}.bias        [G*H]        input-side bias
//   layer{l}.recurrentBias [G*H]      GRU only: bias inside r ⊙ (h W_hn + b_hn)
//   output.kernel        [H, V]
//   output.bias          [V]
// Gate blocks along the last axis (G blocks of H columns each):
//   LSTM (G=4): i, f, g, o    c_t = f⊙c_{t-1} + i⊙g,  h_t = o⊙tanh(c_t)  (σ on i,f,o; tanh on g)
//   GRU  (G=3): r, z, n       n = tanh(x W_n + b_n + r⊙(h W_hn + b_hn)),  h_t = (1-z)⊙n + z⊙h_{t-1}
//   RNN  (G=1):               h_t = tanh(x W + h_{t-1} W_h + b)
import type { CellType, ModelConfig } from './config';

export const GATES_PER_CELL: Readonly<Record<CellType, number>> = { lstm: 4, gru: 3, rnn: 1 };

export const GATE_NAMES: Readonly<Record<CellType, readonly string[]>> = {
  lstm: ['input', 'forget', 'candidate', 'output'],
  gru: ['reset', 'update', 'candidate'],
  rnn: ['candidate'],
};

export type WeightShapes = Record<string, number[]>;

export function layerInputSize(config: ModelConfig, layer: number): number {
  return layer === 0 ? config.embeddingSize : config.hiddenSize;
}

/** Every parameter's name and shape, in a fixed order. */
export function weightShapes(config: ModelConfig): WeightShapes {
  const { vocabSize: V, embeddingSize: E, hiddenSize: H } = config;
  const G = GATES_PER_CELL[config.cell];
  const shapes: WeightShapes = { embedding: [V, E] };
  for (let l = 0; l < config.layers; l++) {
    shapes[`layer${l}.kernel`] = [layerInputSize(config, l), G * H];
    shapes[`layer${l}.recurrent`] = [H, G * H];
    shapes[`layer${l}.bias`] = [G * H];
    if (config.cell === 'gru') shapes[`layer${l}.recurrentBias`] = [G * H];
  }
  shapes['output.kernel'] = [H, V];
  shapes['output.bias'] = [V];
  return shapes;
}

export function parameterCount(config: ModelConfig): number {
  return Object.values(weightShapes(config)).reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
}

/** Named float32 arrays, one per entry of weightShapes(config). */
export type Weights = Record<string, Float32Array>;
