// A two-layer gated logistic mixer (as in the PAQ family): it knows nothing about its
// inputs, only that each is a logit (stretch(p)) of some model's P(next bit = 1).
//
//   layer 1   for each selector k: weight set s_k (chosen by a small context the caller
//             computes) gives p_k = squash(Σ_i w_k[s_k, i] · x_i)             x [N]
//   layer 2   p = squash(Σ_k v[f, k] · stretch(p_k)), with weight set f           [K]
//   learning  online gradient descent on log loss: w += rate · (bit - p_k) · x,
//             v += finalRate · (bit - p) · stretch(p_k)
// Different contexts select different weight sets, so the mixer learns how far to trust
// each model *in each situation* (after a long match, inside an identifier, ...).
import { clampLogit, squashFast } from './logistic';

export interface MixerShape {
  /** N: inputs (logits) per prediction. */
  inputs: number;
  /** Weight sets per selector (K selectors). */
  selectorSets: readonly number[];
  /** Weight sets of the final layer. */
  finalSets: number;
  /** The first-layer weight each input starts with [N] (default: INITIAL_WEIGHT for every input). */
  initialWeights?: readonly number[];
}

export interface MixerWeights {
  /** K arrays, [selectorSets[k] * inputs] each. */
  layer1: Float32Array[];
  /** [finalSets * K]. */
  layer2: Float32Array;
}

export const MIXER_RATE = 0.004;
export const MIXER_FINAL_RATE = 0.002;
export const INITIAL_WEIGHT = 0.3;

/** A first-layer weight table of `sets` sets, each set the shape's initial weights. */
function initialLayer(sets: number, shape: MixerShape): Float32Array {
  const table = new Float32Array(sets * shape.inputs);
  if (!shape.initialWeights) return table.fill(INITIAL_WEIGHT);
  if (shape.initialWeights.length !== shape.inputs) throw new Error('mixer: one initial weight per input is expected');
  for (let s = 0; s < sets; s++) table.set(shape.initialWeights, s * shape.inputs);
  return table;
}

export class Mixer {
  readonly weights: MixerWeights;
  private readonly n: number;
  private readonly k: number;
  /**
   * The inputs [N] and weight sets [K] of the next prediction: a caller writes them here and
   * calls mix(), or passes its own to predict(). What the last prediction used, for update()
   * and contributions(), until they are written again.
   */
  readonly x: Float32Array;
  readonly selected: Int32Array;
  private finalSet = 0;
  private readonly pk: Float64Array; // [K]
  private readonly sk: Float64Array; // [K] stretch(p_k)
  private p = 0.5;
  /** The logit of the last prediction (stretch of what predict() returned). */
  logit = 0;

  constructor(
    readonly shape: MixerShape,
    weights?: MixerWeights,
  ) {
    this.n = shape.inputs;
    this.k = shape.selectorSets.length;
    this.weights = weights ?? {
      layer1: shape.selectorSets.map((sets) => initialLayer(sets, shape)),
      layer2: new Float32Array(shape.finalSets * this.k).fill(1 / this.k),
    };
    const { layer1, layer2 } = this.weights;
    if (layer1.length !== this.k || layer1.some((w, k) => w.length !== shape.selectorSets[k] * this.n) || layer2.length !== shape.finalSets * this.k) {
      throw new Error("mixer weights do not fit the mixer's shape");
    }
    this.x = new Float32Array(this.n);
    this.selected = new Int32Array(this.k);
    this.pk = new Float64Array(this.k);
    this.sk = new Float64Array(this.k);
  }

  /** P(bit = 1) for inputs x [N], weight sets selected [K] and final set `finalSet`. */
  predict(x: Float32Array, selected: Int32Array, finalSet: number): number {
    this.x.set(x);
    this.selected.set(selected);
    return this.mix(finalSet);
  }

  /** P(bit = 1) for the inputs in x, the weight sets in selected and final set `finalSet`. */
  mix(finalSet: number): number {
    const n = this.n;
    const x = this.x;
    const selected = this.selected;
    this.finalSet = finalSet;
    const v = this.weights.layer2;
    let dot2 = 0;
    for (let k = 0; k < this.k; k++) {
      const w = this.weights.layer1[k];
      const base = selected[k] * n;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += w[base + i] * x[i];
      const logit = clampLogit(dot); // stretch(squash(dot)), without either
      this.pk[k] = squashFast(logit);
      this.sk[k] = logit;
      dot2 += v[finalSet * this.k + k] * logit;
    }
    this.logit = clampLogit(dot2);
    this.p = squashFast(this.logit);
    return this.p;
  }

  /** Learns from the bit that came, for the last predict(). */
  update(bit: number, rate = MIXER_RATE, finalRate = MIXER_FINAL_RATE): void {
    const n = this.n;
    const x = this.x;
    const v = this.weights.layer2;
    const errFinal = (bit - this.p) * finalRate;
    for (let k = 0; k < this.k; k++) {
      v[this.finalSet * this.k + k] += errFinal * this.sk[k];
      const w = this.weights.layer1[k];
      const base = this.selected[k] * n;
      const err = (bit - this.pk[k]) * rate;
      for (let i = 0; i < n; i++) w[base + i] += err * x[i];
    }
  }

  /**
   * How much each input pushed the last prediction, in logit units: out[i] ≈
   * Σ_k v[f, k] · w_k[s_k, i] · x_i (layer 1 taken as linear). Positive pushes toward 1.
   */
  contributions(out: Float32Array): void {
    out.fill(0);
    const v = this.weights.layer2;
    for (let k = 0; k < this.k; k++) {
      const w = this.weights.layer1[k];
      const base = this.selected[k] * this.n;
      const vk = v[this.finalSet * this.k + k];
      for (let i = 0; i < this.n; i++) out[i] += vk * w[base + i] * this.x[i];
    }
  }
}
