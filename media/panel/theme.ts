// VS Code's theme as the webview sees it: CSS variables (--vscode-*) on <html> and a class on
// <body> (vscode-light, vscode-dark, vscode-high-contrast, vscode-high-contrast-light).
// Canvas drawing needs concrete colours, so they are read here, and re-read when the theme
// changes (the charts and the heatmap redraw then).

export type Rgba = [number, number, number, number];

export interface ThemeColors {
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  border: string;
  blue: string;
  red: string;
  orange: string;
  green: string;
  purple: string;
  yellow: string;
  focus: string;
  fontFamily: string;
  monoFamily: string;
  highContrast: boolean;
}

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim() || getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

export function isHighContrast(): boolean {
  return document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
}

export function isLightTheme(): boolean {
  return document.body.classList.contains('vscode-light') || document.body.classList.contains('vscode-high-contrast-light');
}

export function readTheme(): ThemeColors {
  const light = isLightTheme();
  return {
    foreground: cssVar('--vscode-foreground', light ? '#333333' : '#cccccc'),
    muted: cssVar('--vscode-descriptionForeground', light ? '#717171' : '#9d9d9d'),
    background: cssVar('--vscode-editor-background', light ? '#ffffff' : '#1e1e1e'),
    grid: cssVar('--vscode-charts-lines', light ? 'rgba(0,0,0,0.12)' : 'rgba(255,255,255,0.12)'),
    border: cssVar('--vscode-panel-border', light ? '#e5e5e5' : '#2b2b2b'),
    blue: cssVar('--vscode-charts-blue', '#3794ff'),
    red: cssVar('--vscode-charts-red', '#f14c4c'),
    orange: cssVar('--vscode-charts-orange', '#d18616'),
    green: cssVar('--vscode-charts-green', '#89d185'),
    purple: cssVar('--vscode-charts-purple', '#b180d7'),
    yellow: cssVar('--vscode-charts-yellow', '#cca700'),
    focus: cssVar('--vscode-focusBorder', '#007fd4'),
    fontFamily: cssVar('--vscode-font-family', 'system-ui, sans-serif'),
    monoFamily: cssVar('--vscode-editor-font-family', 'monospace'),
    highContrast: isHighContrast(),
  };
}

/** Calls `listener` after the theme changed (VS Code rewrites the body class and the variables on <html>). */
export function onThemeChange(listener: () => void): void {
  let timer: number | undefined;
  const observer = new MutationObserver(() => {
    clearTimeout(timer);
    timer = window.setTimeout(listener, 50);
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}

const probe = (() => {
  let ctx: CanvasRenderingContext2D | null = null;
  return () => (ctx ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true }));
})();
const parsed = new Map<string, Rgba>();

/** Any CSS colour as [r, g, b, a] with r, g, b in 0..255 and a in 0..1 (drawn on a 1x1 canvas and read back). */
export function toRgba(color: string): Rgba {
  const known = parsed.get(color);
  if (known) return known;
  const ctx = probe();
  let rgba: Rgba = [128, 128, 128, 1];
  if (ctx) {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    rgba = d[3] > 0 ? [Math.round((d[0] * 255) / d[3]), Math.round((d[1] * 255) / d[3]), Math.round((d[2] * 255) / d[3]), d[3] / 255] : [0, 0, 0, 0];
  }
  parsed.set(color, rgba);
  return rgba;
}
