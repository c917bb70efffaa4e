// Colour scales for the text and the heatmap, from theme colours:
//   surprisal     0 bits = no colour, rising through the theme's yellow to red at SURPRISAL_MAX_BITS
//   activation    diverging: negative = blue, 0 = no colour, positive = red, |v| scaled to [0, 1]
// Text backgrounds are translucent (the theme's text stays readable on top); heatmap cells are
// opaque blends over the editor background. Pure functions of numbers and RGBA triples.
import type { Rgba } from './theme';

/** Surprisal at which the colour saturates (bits): a character the model gave about 1/256. */
export const SURPRISAL_MAX_BITS = 8;

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : Number.isFinite(x) ? x : 0;
}

export function mix(a: Rgba, b: Rgba, t: number): Rgba {
  const u = clamp01(t);
  return [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u, a[3] + (b[3] - a[3]) * u];
}

export function css([r, g, b, a]: Rgba): string {
  return `rgba(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)}, ${Math.round(a * 1000) / 1000})`;
}

export interface Palette {
  background: Rgba;
  negative: Rgba;
  positive: Rgba;
  low: Rgba; // surprisal ramp start hue
  high: Rgba; // surprisal ramp end hue
  /** Strongest alpha of a text background (higher in high-contrast themes). */
  maxAlpha: number;
  /** One hue per predictor family: network, short contexts, long contexts, code structure, workspace copy, document copy. */
  families: Rgba[];
}

/** Translucent background for a character with `bits` of surprisal. */
export function surprisalColor(bits: number, p: Palette): Rgba {
  const t = clamp01(bits / SURPRISAL_MAX_BITS);
  const hue = mix(p.low, p.high, t);
  return [hue[0], hue[1], hue[2], p.maxAlpha * Math.sqrt(t)];
}

/** Translucent background for an activation v scaled by `scale` (|v| = scale is full strength). */
export function activationColor(v: number, scale: number, p: Palette): Rgba {
  const t = clamp01(Math.abs(v) / (scale > 0 ? scale : 1));
  const hue = v < 0 ? p.negative : p.positive;
  return [hue[0], hue[1], hue[2], p.maxAlpha * t];
}

/** Opaque version of a translucent colour over the palette's background (for canvas cells). */
export function overBackground(c: Rgba, p: Palette): Rgba {
  const out = mix(p.background, [c[0], c[1], c[2], 1], c[3]);
  out[3] = 1;
  return out;
}

/** A unit's colouring, robust to outliers: centred on its median, full strength at its 2nd or 98th percentile (whichever is further). */
export interface UnitScale {
  centre: number;
  spread: number;
  low: number; // 2nd percentile
  high: number; // 98th percentile
}

/** The robust scale of column `unit` of values [C*H]. */
export function unitScale(values: Float32Array, C: number, H: number, unit: number): UnitScale {
  if (C === 0) return { centre: 0, spread: 1, low: 0, high: 0 };
  const column = new Float32Array(C);
  for (let k = 0; k < C; k++) column[k] = values[k * H + unit];
  column.sort();
  const at = (q: number) => column[Math.min(C - 1, Math.max(0, Math.round(q * (C - 1))))];
  const low = at(0.02);
  const centre = at(0.5);
  const high = at(0.98);
  const spread = Math.max(high - centre, centre - low);
  return { centre, spread: spread > 1e-6 ? spread : Math.max(1e-6, Math.abs(column[C - 1] - column[0]) / 2), low, high };
}

/** Colours of the predictor families (PREDICTOR_FAMILIES order) from the palette's hues. */
export function familyColors(p: Palette): Rgba[] {
  return p.families;
}
