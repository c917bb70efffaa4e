// Where every parameter lives in the portable trainer's flat vectors (parameters, gradients,
// Adam's m and v share this layout), and the conversion to and from the checkpoint layout
// (../../model/weights.ts). Inside, every width is padded to a multiple of 8 so that the
// kernels run whole v128s and 8-column panels: the hidden size H to Hp (each of the G gate
// blocks separately), the embedding size E to Ep. The padding holds zeros and stays zero
// through training (zero weights give zero activations and zero gradients there; Adam moves
// nothing with a zero gradient).
//   embedding            [V, Ep]
//   layer{l}.kernel      [Ip, G*Hp]     Ip = Ep for l = 0, Hp above
//   layer{l}.recurrent   [Hp, G*Hp]
//   layer{l}.bias        [G*Hp]
//   layer{l}.recurrentBias [G*Hp]       GRU only
//   output.kernel        [Hp, V]
//   output.bias          [V]
import type { ModelConfig } from '../../model/config';
import { GATES_PER_CELL, type Weights, weightShapes } from '../../model/weights';

export const PAD = 8;

export function padded(n: number): number {
  return Math.ceil(n / PAD) * PAD;
}

/** The model's sizes, checkpoint (H, E) and padded (Hp, Ep). */
export interface Dims {
  cell: ModelConfig['cell'];
  G: number;
  H: number;
  Hp: number;
  E: number;
  Ep: number;
  V: number;
  L: number;
}

export function dimsOf(config: ModelConfig): Dims {
  return {
    cell: config.cell,
    G: GATES_PER_CELL[config.cell],
    H: config.hiddenSize,
    Hp: padded(config.hiddenSize),
    E: config.embeddingSize,
    Ep: padded(config.embeddingSize),
    V: config.vocabSize,
    L: config.layers,
  };
}

/** One parameter: rows x (blocks x block) in the checkpoint, paddedRows x (blocks x paddedBlock) here. */
export interface Slot {
  rows: number;
  paddedRows: number;
  blocks: number;
  block: number;
  paddedBlock: number;
  /** Offset in floats into the flat vector. */
  offset: number;
  /** Floats here: paddedRows * blocks * paddedBlock. */
  size: number;
}

export class ParamLayout {
  readonly slots: Record<string, Slot> = {};
  /** Floats in a flat vector (a multiple of 8). */
  readonly size: number;

  constructor(
    readonly config: ModelConfig,
    readonly dims: Dims = dimsOf(config),
  ) {
    const { G, H, Hp, E, Ep, V } = dims;
    const shapes = weightShapes(config);
    let offset = 0;
    for (const name of Object.keys(shapes)) {
      const [rows, blocks, block, paddedRows, paddedBlock] = slotShape(name, { G, H, Hp, E, Ep, V });
      const size = paddedRows * blocks * paddedBlock;
      this.slots[name] = { rows, paddedRows, blocks, block, paddedBlock, offset, size };
      offset += size;
    }
    this.size = offset;
  }

  /** Checkpoint-layout weights (or Adam moments) into `flat` (padding zeroed). */
  pack(weights: Weights, flat: Float32Array): void {
    flat.fill(0, 0, this.size);
    for (const [name, s] of Object.entries(this.slots)) {
      const w = weights[name];
      if (!w || w.length !== s.rows * s.blocks * s.block) throw new Error(`weights.${name} must hold ${s.rows * s.blocks * s.block} floats, not ${w?.length ?? 'none'}`);
      for (let r = 0; r < s.rows; r++)
        for (let k = 0; k < s.blocks; k++) {
          const from = (r * s.blocks + k) * s.block;
          flat.set(w.subarray(from, from + s.block), s.offset + (r * s.blocks + k) * s.paddedBlock);
        }
    }
  }

  /** The checkpoint layout from `flat`. */
  unpack(flat: Float32Array): Weights {
    const out: Weights = {};
    for (const [name, s] of Object.entries(this.slots)) {
      const w = new Float32Array(s.rows * s.blocks * s.block);
      for (let r = 0; r < s.rows; r++)
        for (let k = 0; k < s.blocks; k++) {
          const from = s.offset + (r * s.blocks + k) * s.paddedBlock;
          w.set(flat.subarray(from, from + s.block), (r * s.blocks + k) * s.block);
        }
      out[name] = w;
    }
    return out;
  }
}

/** [rows, blocks, block, paddedRows, paddedBlock] of a parameter, by its name. */
function slotShape(name: string, d: Omit<Dims, 'cell' | 'L'>): [number, number, number, number, number] {
  if (name === 'embedding') return [d.V, 1, d.E, d.V, d.Ep];
  if (name === 'output.kernel') return [d.H, 1, d.V, d.Hp, d.V];
  if (name === 'output.bias') return [1, 1, d.V, 1, d.V];
  const [layer, part] = name.split('.');
  const inputs = layer === 'layer0' ? [d.E, d.Ep] : [d.H, d.Hp];
  if (part === 'kernel') return [inputs[0], d.G, d.H, inputs[1], d.Hp];
  if (part === 'recurrent') return [d.H, d.G, d.H, d.Hp, d.Hp];
  return [1, d.G, d.H, 1, d.Hp]; // bias, recurrentBias
}
