// Compact counts for the output channel's lines ("12k bytes"). Pure. (What the user reads in
// the status bar, the notifications and the panel is written by src/shared/present/.)

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '?';
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return `${Math.round(n)}`;
}
