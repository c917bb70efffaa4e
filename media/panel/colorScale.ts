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
