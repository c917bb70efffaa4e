// Numbers for people: thousands separators, a few significant digits, durations, rates.
// Pure (no DOM), so the unit tests check it.

export function formatInteger(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';
}

/** About `digits` significant digits, without exponent notation for everyday sizes. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, Math.min(6, digits - 1 - magnitude));
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** 1234 -> "1.2k", 2500000 -> "2.5M". */
export function formatCompact(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${formatNumber(value / 1e9, 2)}G`;
  if (abs >= 1e6) return `${formatNumber(value / 1e6, 2)}M`;
  if (abs >= 1e4) return `${formatNumber(value / 1e3, 2)}k`;
  return formatNumber(value, 3);
}

/** Seconds -> "45 s", "3 min 20 s", "2 h 05 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Axis ticks of training time: "0", "30s", "5m", "1h20". */
export function formatTimeTick(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.round((seconds / 60) * 10) / 10}m`;
  const h = Math.floor(seconds / 3600);
  return `${h}h${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')}`;
}

export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  const percent = fraction * 100;
  return `${percent > 0 && percent < 1 ? percent.toFixed(1) : Math.round(percent)}%`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, 3)} KB`;
  return `${formatNumber(bytes / 1024 / 1024, 3)} MB`;
}

/** A character as shown in a tooltip: visible glyph or a name for whitespace and controls, and its code point. */
export function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const names: Record<number, string> = { 9: 'tab', 10: 'newline', 13: 'carriage return', 32: 'space', 0: 'NUL' };
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const shown = names[code] ?? (code < 32 || code === 127 ? 'control' : `“${char}”`);
  return `${shown} ${hex}`;
}

/** Axis tick labels: no trailing zeros ("2", "2.5", "0.125"), thousands as "12k". */
export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Math.abs(value) >= 10_000) return formatCompact(value);
  return parseFloat(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}
