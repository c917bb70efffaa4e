// Gate saturation per unit, as in Karpathy, Johnson & Fei-Fei, "Visualizing and
// Understanding Recurrent Networks": for each unit, the fraction of time steps its gate is
// left-saturated (< 0.1) and right-saturated (> 0.9). A forget gate right-saturated most of
// the time is a unit that remembers; one left-saturated most of the time forgets at once.
//
//   LSTM  input, forget, output gates (sigmoid)       low: < 0.1   high: > 0.9
//   GRU   reset, update gates (sigmoid)               low: < 0.1   high: > 0.9
//   RNN   no gates: the tanh output h itself          low: < -0.9  high: > 0.9
//         (low + high = the share of steps with |h| > 0.9, i.e. a saturated tanh)
//
// Input: gates [T*G*H] from ../infer/trace.ts (row t = step t's G blocks of H, after the
// nonlinearity, in weights.ts order: LSTM i,f,g,o; GRU r,z,n; RNN h). Time steps are bytes.
import type { CellType } from '../model/config';
import type { SaturationSeries } from '../../shared/panelProtocol';

export const GATE_LOW = 0.1;
export const GATE_HIGH = 0.9;
export const TANH_SATURATION = 0.9;

interface GateSpec {
  gate: string;
  block: number;
  low: number;
  high: number;
}

/** Which gate blocks are reported for each cell, and their thresholds. */
export const SATURATION_GATES: Readonly<Record<CellType, readonly GateSpec[]>> = {
  lstm: [
    { gate: 'input', block: 0, low: GATE_LOW, high: GATE_HIGH },
    { gate: 'forget', block: 1, low: GATE_LOW, high: GATE_HIGH },
    { gate: 'output', block: 3, low: GATE_LOW, high: GATE_HIGH },
  ],
  gru: [
    { gate: 'reset', block: 0, low: GATE_LOW, high: GATE_HIGH },
    { gate: 'update', block: 1, low: GATE_LOW, high: GATE_HIGH },
  ],
  rnn: [{ gate: 'tanh h', block: 0, low: -TANH_SATURATION, high: TANH_SATURATION }],
};

/** Saturation of each reported gate over T steps. gates [T*G*H]. */
export function gateSaturation(cell: CellType, gates: Float32Array, T: number, G: number, H: number): SaturationSeries[] {
  return SATURATION_GATES[cell].map((spec) => {
    const low = new Float32Array(H);
    const high = new Float32Array(H);
    for (let t = 0; t < T; t++) {
      const row = t * G * H + spec.block * H;
      for (let j = 0; j < H; j++) {
        const v = gates[row + j];
        if (v < spec.low) low[j]++;
        else if (v > spec.high) high[j]++;
      }
    }
    if (T > 0) {
      for (let j = 0; j < H; j++) {
        low[j] /= T;
        high[j] /= T;
      }
    }
    return { gate: spec.gate, lowLabel: `< ${spec.low}`, highLabel: `> ${spec.high}`, low, high };
  });
}
