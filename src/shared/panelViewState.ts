// The model panel's view state: what the webview keeps with setState (small: only what the
// user picked, no data), restored after hide/show and after a window reload, and checked with
// parsePanelViewState (a stored state may come from an older version). Pure: no vscode, no
// DOM, no Node.
import { isFiniteNumber, isObject, LIMITS, type StateKind } from './panelProtocol';

export type PanelTab = 'training' | 'activations' | 'playground';
export type LossMetric = 'perplexity' | 'bpc';
export type XAxis = 'step' | 'time';

/** The webview's choices, kept with setState (small: no data, only what the user picked). */
export interface PanelViewState {
  tab: PanelTab;
  metric: LossMetric;
  xAxis: XAxis;
  /** The charts show the base model's own runs too (a model fine-tuned from it); default: this workspace's runs only. */
  baseHistory: boolean;
  layer: number;
  kind: StateKind;
  /** What colours the text: surprisal under the whole stack or the network alone, the predictor that carried each character, or a unit. */
  colour: TextColouring;
  /** The unit picked (colours the text when colour is 'unit'). */
  unit: number | undefined;
  /** Units shown in the heatmap. */
  heatmapRows: number;
  /** followCursor: the prime is the text before the editor's cursor (until the user edits it). */
  playground: { prime: string; followCursor: boolean; temperature: number; seed: number; length: number; repetitionPenalty: number };
}

export type TextColouring = 'stack' | 'network' | 'predictor' | 'unit';

export const HEATMAP_ROW_CHOICES = [16, 32, 64, 128] as const;

export const DEFAULT_VIEW_STATE: Readonly<PanelViewState> = {
  tab: 'training',
  metric: 'perplexity',
  xAxis: 'step',
  baseHistory: false,
  layer: 0,
  kind: 'h',
  colour: 'stack',
  unit: undefined,
  heatmapRows: 16,
  playground: { prime: '', followCursor: true, temperature: 0.7, seed: 1, length: 300, repetitionPenalty: 1.3 },
};

/** The stored state with every missing or invalid field replaced by its default. */
export function parsePanelViewState(value: unknown): PanelViewState {
  const d = DEFAULT_VIEW_STATE;
  const s = isObject(value) ? value : {};
  const p = isObject(s.playground) ? s.playground : {};
  const pick = <T>(v: unknown, allowed: readonly T[], fallback: T): T => (allowed.includes(v as T) ? (v as T) : fallback);
  const int = (v: unknown, min: number, max: number, fallback: number) => (Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? (v as number) : fallback);
  return {
    tab: pick(s.tab, ['training', 'activations', 'playground'] as const, d.tab),
    metric: pick(s.metric, ['perplexity', 'bpc'] as const, d.metric),
    xAxis: pick(s.xAxis, ['step', 'time'] as const, d.xAxis),
    baseHistory: typeof s.baseHistory === 'boolean' ? s.baseHistory : d.baseHistory,
    layer: int(s.layer, 0, LIMITS.layerMax, d.layer),
    kind: pick(s.kind, ['h', 'c'] as const, d.kind),
    colour: pick(s.colour, ['stack', 'network', 'predictor', 'unit'] as const, Number.isInteger(s.unit) && s.colour === undefined ? 'unit' : d.colour),
    unit: Number.isInteger(s.unit) && (s.unit as number) >= 0 ? (s.unit as number) : undefined,
    heatmapRows: pick(s.heatmapRows, HEATMAP_ROW_CHOICES, d.heatmapRows as (typeof HEATMAP_ROW_CHOICES)[number]),
    playground: {
      prime: typeof p.prime === 'string' && p.prime.length <= LIMITS.primeMaxLength ? p.prime : d.playground.prime,
      followCursor: typeof p.followCursor === 'boolean' ? p.followCursor : typeof p.prime === 'string' && p.prime !== '' ? false : d.playground.followCursor,
      temperature: isFiniteNumber(p.temperature) && p.temperature >= 0 && p.temperature <= LIMITS.temperatureMax ? p.temperature : d.playground.temperature,
      seed: int(p.seed, 0, LIMITS.seedMax, d.playground.seed),
      length: int(p.length, 1, LIMITS.sampleMaxLength, d.playground.length),
      repetitionPenalty: isFiniteNumber(p.repetitionPenalty) && p.repetitionPenalty >= 1 && p.repetitionPenalty <= LIMITS.repetitionPenaltyMax ? p.repetitionPenalty : d.playground.repetitionPenalty,
    },
  };
}
