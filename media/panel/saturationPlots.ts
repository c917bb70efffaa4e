// Gate saturation scatter plots (Karpathy, Johnson & Fei-Fei, fig. 3): one per gate, one dot
// per unit at (fraction of steps left-saturated, fraction right-saturated). Dots near the top
// are gates almost always open (a forget gate there remembers), near the right almost always
// closed; the diagonal x + y = 1 is the limit. Canvas, a few hundred dots each. Hover names
// the unit; a click picks it.
import { h } from './dom';
import { formatPercent } from './format';
import type { ThemeColors } from './theme';
import type { SaturationSeries } from '../../src/shared/panelProtocol';

export interface SaturationOptions {
  onHover(lines: string[], clientX: number, clientY: number): void;
  onLeave(): void;
  onPick(unit: number): void;
}

const MIN_SIZE = 130; // css px of a plot square: as large as fits all plots in one row, within these bounds
const MAX_SIZE = 210;
const GAP = 20; // matches .saturation-plots column gap
const PAD = { left: 30, right: 8, top: 8, bottom: 26 };

interface Plot {
  series: SaturationSeries;
  canvas: HTMLCanvasElement;
}

export class SaturationPlots {
  readonly el = h('div', { class: 'saturation-plots' });
  private plots: Plot[] = [];
  private selected: number | undefined;
  private theme: ThemeColors | undefined;
  private size = MIN_SIZE;

  constructor(private readonly options: SaturationOptions) {
    new ResizeObserver(() => this.drawAll()).observe(this.el);
  }

  setTheme(theme: ThemeColors): void {
    this.theme = theme;
    this.drawAll();
  }

  setSeries(series: SaturationSeries[]): void {
    this.plots = series.map((s) => {
      const canvas = h('canvas', { class: 'saturation-canvas', attrs: { role: 'img', 'aria-label': `${s.gate} saturation per unit` } });
      canvas.addEventListener('mousemove', (event) => this.onMove(s, canvas, event));
      canvas.addEventListener('mouseleave', () => this.options.onLeave());
      canvas.addEventListener('click', (event) => {
        const unit = this.nearest(s, canvas, event);
        if (unit !== undefined) this.options.onPick(unit);
      });
      return { series: s, canvas };
    });
    this.el.replaceChildren(
      ...this.plots.map((p) => h('figure', { class: 'saturation-plot' }, h('figcaption', { text: p.series.gate === 'tanh h' ? 'tanh output h' : `${p.series.gate} gate` }), p.canvas)),
    );
    this.drawAll();
  }

  setSelected(unit: number | undefined): void {
    this.selected = unit;
    this.drawAll();
  }

  private toCanvas(low: number, high: number): [number, number] {
    const w = this.size - PAD.left - PAD.right;
    const hgt = this.size - PAD.top - PAD.bottom;
    return [PAD.left + low * w, PAD.top + (1 - high) * hgt];
  }

  private nearest(series: SaturationSeries, canvas: HTMLCanvasElement, event: MouseEvent): number | undefined {
    const rect = canvas.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / rect.width) * this.size;
    const y = ((event.clientY - rect.top) / rect.height) * this.size;
    let best: number | undefined;
    let bestDistance = 8 * 8;
    for (let j = 0; j < series.low.length; j++) {
      const [px, py] = this.toCanvas(series.low[j], series.high[j]);
      const d = (px - x) ** 2 + (py - y) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = j;
      }
    }
    return best;
  }

  private onMove(series: SaturationSeries, canvas: HTMLCanvasElement, event: MouseEvent): void {
    const unit = this.nearest(series, canvas, event);
    canvas.style.cursor = unit === undefined ? 'default' : 'pointer';
    if (unit === undefined) return this.options.onLeave();
    this.options.onHover(
      [
        `unit ${unit} · ${series.gate === 'tanh h' ? 'tanh output' : `${series.gate} gate`}`,
        `${formatPercent(series.low[unit])} of steps ${series.lowLabel}`,
        `${formatPercent(series.high[unit])} of steps ${series.highLabel}`,
      ],
      event.clientX,
      event.clientY,
    );
  }

  private drawAll(): void {
    const n = Math.max(1, this.plots.length);
    const width = this.el.clientWidth;
    if (width > 0) this.size = Math.max(MIN_SIZE, Math.min(MAX_SIZE, Math.floor((width - (n - 1) * GAP) / n)));
    for (const plot of this.plots) this.draw(plot);
  }

  private draw({ series, canvas }: Plot): void {
    const theme = this.theme;
    if (!theme) return;
    const dpr = window.devicePixelRatio || 1;
    const size = this.size;
    canvas.width = size * dpr;
    canvas.height = size * dpr;
    canvas.style.width = `${size}px`;
    canvas.style.height = `${size}px`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.scale(dpr, dpr);
    this.drawFrame(ctx, theme, series);
    // One dot per unit; the selected one on top, ringed.
    ctx.fillStyle = theme.blue;
    ctx.globalAlpha = 0.65;
    for (let j = 0; j < series.low.length; j++) {
      if (j === this.selected) continue;
      const [px, py] = this.toCanvas(series.low[j], series.high[j]);
      ctx.beginPath();
      ctx.arc(px, py, 2.2, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    if (this.selected !== undefined && this.selected < series.low.length) {
      const [px, py] = this.toCanvas(series.low[this.selected], series.high[this.selected]);
      ctx.fillStyle = theme.red;
      ctx.beginPath();
      ctx.arc(px, py, 3.5, 0, Math.PI * 2);
      ctx.fill();
      ctx.strokeStyle = theme.foreground;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(px, py, 6, 0, Math.PI * 2);
      ctx.stroke();
    }
  }

  /** The frame, the quarter grid, the x + y = 1 limit and the axis labels. */
  private drawFrame(ctx: CanvasRenderingContext2D, theme: ThemeColors, series: Plot['series']): void {
    const [x0, y0] = this.toCanvas(0, 0);
    const [x1, y1] = this.toCanvas(1, 1);
    ctx.strokeStyle = theme.grid;
    ctx.lineWidth = 1;
    for (const f of [0.25, 0.5, 0.75]) {
      const [gx] = this.toCanvas(f, 0);
      const [, gy] = this.toCanvas(0, f);
      ctx.beginPath();
      ctx.moveTo(Math.round(gx) + 0.5, y1);
      ctx.lineTo(Math.round(gx) + 0.5, y0);
      ctx.moveTo(x0, Math.round(gy) + 0.5);
      ctx.lineTo(x1, Math.round(gy) + 0.5);
      ctx.stroke();
    }
    ctx.strokeStyle = theme.muted;
    ctx.strokeRect(x0 + 0.5, y1 + 0.5, x1 - x0 - 1, y0 - y1 - 1);
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(x0, y1);
    ctx.lineTo(x1, y0);
    ctx.stroke();
    ctx.setLineDash([]);
    // Axis labels.
    ctx.fillStyle = theme.muted;
    ctx.font = `10px ${theme.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(`${series.lowLabel} (share of steps)`, (x0 + x1) / 2, y0 + 12);
    ctx.textAlign = 'left';
    ctx.fillText('0', x0 - 3, y0 + 2);
    ctx.textAlign = 'right';
    ctx.fillText('1', x1 + 3, y0 + 2);
    ctx.save();
    ctx.translate(PAD.left - 16, (y0 + y1) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText(series.highLabel, 0, 0);
    ctx.restore();
    ctx.textBaseline = 'middle';
    ctx.fillText('1', x0 - 4, y1 + 4);
  }
}
