// What the activations view needs from a trace of a window of text, per character:
// surprisal, each layer's hidden (and LSTM cell) state after every character, and gate
// saturation per layer. layerView() then ranks one layer's units by variance.
import type { ModelTrace } from '../infer/trace';
import type { CellType } from '../model/config';
import { rankUnits, rowsAt, unitMaxAbs, unitVariance } from './activationStats';
import type { LayerView, SaturationSeries, StateKind } from '../../shared/panelProtocol';
import { gateSaturation } from './saturation';
import { type CharacterBytes, characterBytes, charSurprisal } from './surprisal';

export interface WindowAnalysis {
  cell: CellType;
  layers: number;
  hiddenSize: number; // H
  chars: number; // C
  charBytes: CharacterBytes;
  surprisal: Float32Array; // [C] bits
  /** Per layer: h [C*H] (and c [C*H] for LSTM), row k = the state after character k. */
  states: { h: Float32Array; c: Float32Array | undefined }[];
  /** Per layer, per reported gate (saturation.ts), over the window's bytes. */
  saturation: SaturationSeries[][];
}

/** Condenses a trace of `bytes` (trace.length === bytes.length) to per-character views. */
export function analyseTrace(cell: CellType, trace: ModelTrace, bytes: Uint8Array): WindowAnalysis {
  const H = trace.hiddenSize;
  const chars = characterBytes(bytes);
  const lastByte = chars.end.map((end) => end - 1);
  return {
    cell,
    layers: trace.layers,
    hiddenSize: H,
    chars: chars.start.length,
    charBytes: chars,
    surprisal: charSurprisal(trace.prob, chars),
    states: trace.h.map((h, l) => ({ h: rowsAt(h, H, lastByte), c: trace.c.length ? rowsAt(trace.c[l], H, lastByte) : undefined })),
    saturation: trace.gates.map((gates) => gateSaturation(cell, gates, trace.length, trace.gatesPerCell, H)),
  };
}

/** The kinds of state a cell has: h always, c for LSTM. */
export function stateKinds(cell: CellType): StateKind[] {
  return cell === 'lstm' ? ['h', 'c'] : ['h'];
}

/** One layer's state (h or c) over the window with its units ranked by variance. Out-of-range choices fall back to layer 0 / h. */
export function layerView(analysis: WindowAnalysis, layer: number, kind: StateKind): LayerView {
  const l = Number.isInteger(layer) && layer >= 0 && layer < analysis.layers ? layer : 0;
  const state = analysis.states[l];
  const k: StateKind = kind === 'c' && state.c ? 'c' : 'h';
  const values = k === 'c' ? state.c! : state.h;
  const C = analysis.chars;
  const H = analysis.hiddenSize;
  const variance = unitVariance(values, C, H);
  return { layer: l, kind: k, units: H, chars: C, values, variance, ranking: rankUnits(variance), maxAbs: unitMaxAbs(values, C, H) };
}
