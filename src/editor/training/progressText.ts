// Short human-readable progress lines for the notification and the status bar. Pure.

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '?';
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return `${Math.round(n)}`;
}

export function formatDuration(seconds: number | undefined): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds)) return undefined;
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  return `${Math.floor(seconds / 3600)}h${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')}`;
}

export function formatPerplexity(ppl: number | undefined): string | undefined {
  if (ppl === undefined || !Number.isFinite(ppl)) return undefined;
  return ppl >= 100 ? ppl.toFixed(0) : ppl.toFixed(1);
}

export interface ProgressFigures {
  step: number;
  trainBpc: number;
  valPerplexity: number | undefined;
  charsPerSec: number;
  etaSec: number | undefined;
}

/** "step 120 · 2.31 bpc · ppl 4.9 · 1.2k chars/s · 3m left" */
export function progressLine(f: ProgressFigures): string {
  const parts = [`step ${f.step}`];
  if (Number.isFinite(f.trainBpc)) parts.push(`${f.trainBpc.toFixed(2)} bpc`);
  const ppl = formatPerplexity(f.valPerplexity);
  if (ppl) parts.push(`ppl ${ppl}`);
  parts.push(`${formatCount(f.charsPerSec)} chars/s`);
  const eta = formatDuration(f.etaSec);
  if (eta) parts.push(`${eta} left`);
  return parts.join(' · ');
}
