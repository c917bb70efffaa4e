// How every figure a user sees is written, in one place: the status bar, its tooltip, the
// notifications and the panel format a perplexity, a bits-per-character figure, a percentage
// or a time left with these functions, so the same value always reads the same. Pure.

/** Three significant digits: 2.31, 10.7, 142; 0.815 bits/char. "?" when not finite. */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return '?';
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, Math.min(4, 2 - magnitude));
  return value.toFixed(decimals);
}

/** Perplexity per character (2^bpc), written from bits per character. */
export function formatPerplexity(bpc: number): string {
  return formatFigure(Math.pow(2, bpc));
}

export function formatBitsPerChar(bpc: number): string {
  return formatFigure(bpc);
}

/** 1234 -> "1,234". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '?';
}

/** 0.437 -> "43%": rounded down, so 100% means done. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '?';
  return `${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}

/** The size of a relative change, one decimal: 0.0083 -> "0.8%", -0.183 -> "18.3%". */
export function formatChangeSize(change: number): string {
  return Number.isFinite(change) ? `${(Math.abs(change) * 100).toFixed(1)}%` : '?';
}

/** A relative change with its sign: -0.0083 -> "−0.8%", 0.021 -> "+2.1%", "0.0%" when it rounds to nothing. */
export function formatSignedChange(change: number): string {
  const size = formatChangeSize(change);
  if (!Number.isFinite(change) || size === '0.0%') return size;
  return `${change < 0 ? '\u2212' : '+'}${size}`;
}

/** A duration in words: "45 s", "3 min", "1 h 05 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
