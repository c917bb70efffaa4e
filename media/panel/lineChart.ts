// A time-series chart (uPlot: canvas, built for many points; 10,000 points redraw in a few
// milliseconds) in the theme's colours, with two overlays drawn on its canvas:
//   guides    horizontal dashed reference lines (baselines, the clip threshold), named with
//             their value in a key under the chart (labels on the plot would hide the data)
//   markers   vertical lines with a small label (where a training run began), the labels
//             placed so that none overlaps another (markerLabels.ts)
// The charts of one view share a cursor (hovering one shows the same x on the others).
// Drag to zoom into x, double-click to zoom out; a zoomed chart keeps its zoom while live
// points arrive. The container's data-points, data-run-labels and data-render-ms say what was
// drawn and how long it took (from setData to the end of the draw).
import uPlot from 'uplot';
import type { Aligned } from './chartData';
import { maxFinite, minFinite } from '../../src/shared/metrics';
import { h } from './dom';
import { placeLabels } from './markerLabels';
import type { ThemeColors } from './theme';

/** Rows of run labels at the top of a chart. */
const LABEL_ROWS = 2;

export interface ChartSeries {
  label: string;
  color: keyof Pick<ThemeColors, 'blue' | 'red' | 'orange' | 'green' | 'purple' | 'yellow' | 'foreground' | 'muted'>;
  width?: number;
  dash?: number[];
  /** Draw only dots (e.g. clipped steps), no line. */
  dotsOnly?: boolean;
  /** Join the line across x values where this series has no point. */
  spanGaps?: boolean;
  /** Hidden series still count for the legend (the user can switch them back on). */
  show?: boolean;
}

export interface Guide {
  value: number;
  label: string;
  color: ChartSeries['color'];
}

export interface Marker {
  x: number;
  label: string;
}

export interface ChartOptions {
  /** Accessible name of the chart. */
  name: string;
  height: number;
  series: ChartSeries[];
  xLabel: string;
  yLabel: string;
  xTick(value: number): string;
  yTick(value: number): string;
  /** Logarithmic y (base 2, for perplexity and gradient norms). */
  yLog: boolean;
  /** Linear y that starts at 0 (rates). */
  yFromZero?: boolean;
  syncKey: string;
}

export class LineChart {
  readonly el: HTMLElement;
  private readonly plotEl = h('div', { class: 'chart-plot' });
  private readonly guideKey = h('div', { class: 'chart-guides' });
  private plot: uPlot | undefined;
  private theme: ThemeColors | undefined;
  private data: Aligned = { x: [], columns: [] };
  private guides: Guide[] = [];
  private markers: Marker[] = [];
  private zoomed = false;
  private renderStart = 0;

  constructor(private options: ChartOptions) {
    this.el = h('div', { class: 'chart', attrs: { role: 'img', 'aria-label': options.name } }, this.plotEl, this.guideKey);
    new ResizeObserver(() => this.resize()).observe(this.el);
  }

  /** Rebuilds with new options (e.g. other units or another log setting). */
  setOptions(options: ChartOptions): void {
    this.options = options;
    this.rebuild();
  }

  setTheme(theme: ThemeColors): void {
    this.theme = theme;
    this.rebuild();
  }

  setData(data: Aligned, guides: Guide[] = [], markers: Marker[] = []): void {
    const shapeChanged = data.columns.length !== this.data.columns.length;
    this.data = data;
    this.guides = guides;
    this.markers = markers;
    this.renderGuideKey();
    if (!this.plot || shapeChanged) return this.rebuild();
    this.renderStart = performance.now();
    this.plot.setData(this.aligned(), !this.zoomed);
  }

  /** The names and values of the reference lines, each with a dashed swatch in its colour. */
  private renderGuideKey(): void {
    const theme = this.theme;
    this.guideKey.replaceChildren(
      ...this.guides.map((g) => {
        const swatch = h('span', { class: 'guide-swatch', attrs: { 'aria-hidden': 'true' } });
        if (theme) swatch.style.borderTopColor = theme[g.color];
        return h('span', { class: 'guide' }, swatch, g.label);
      }),
    );
    this.guideKey.hidden = this.guides.length === 0;
  }

  private aligned(): uPlot.AlignedData {
    return [this.data.x, ...this.data.columns] as uPlot.AlignedData;
  }

  private width(): number {
    return Math.max(200, Math.floor(this.el.clientWidth));
  }

  private resize(): void {
    if (this.plot && this.el.clientWidth > 0 && Math.abs(this.plot.width - this.width()) > 1) this.plot.setSize({ width: this.width(), height: this.options.height });
  }

  private rebuild(): void {
    const theme = this.theme;
    if (!theme) return;
    this.plot?.destroy();
    this.zoomed = false;
    const o = this.options;
    const series = this.uplotSeries(theme);
    const axis = (label: string, tick: (v: number) => string, size: number) => chartAxis(theme, label, tick, size);
    const opts: uPlot.Options = {
      width: this.width(),
      height: o.height,
      series,
      scales: {
        x: { time: false },
        y: {
          distr: o.yLog ? 3 : 1,
          log: 2,
          range: (_u, min, max) => this.yRange(min, max),
        },
      },
      axes: [axis('', o.xTick, 34), axis(o.yLabel, o.yTick, 52)],
      legend: { live: true },
      cursor: { sync: { key: o.syncKey }, drag: { x: true, y: false }, points: { size: 6 } },
      hooks: {
        drawAxes: [(u) => this.drawOverlays(u)], // after the grid, before the series: data stays on top
        draw: [() => this.drawn()],
        setSelect: [
          (u) => {
            if (u.select.width > 0) this.zoomed = true;
          },
        ],
      },
    };
    this.renderStart = performance.now();
    this.plot = new uPlot(opts, this.aligned(), this.plotEl);
    this.renderGuideKey();
    this.plot.over.addEventListener('dblclick', () => {
      this.zoomed = false;
    });
  }

  /** uPlot's series: the x values, then each of the options' series in its theme colour. */
  private uplotSeries(theme: ThemeColors): uPlot.Series[] {
    const o = this.options;
    return [
      { label: o.xLabel, value: (_u, v) => (v === null || v === undefined ? '' : o.xTick(v)) },
      ...o.series.map((s): uPlot.Series => ({
        label: s.label,
        show: s.show ?? true,
        stroke: theme[s.color],
        width: s.width ?? 1.5,
        dash: s.dash,
        spanGaps: s.spanGaps ?? false,
        value: (_u, v) => (v === null || v === undefined ? '' : o.yTick(v)),
        ...(s.dotsOnly ? { paths: () => null, points: { show: true, size: 5, width: 1, stroke: theme[s.color], fill: theme[s.color] } } : { points: { show: false } }),
      })),
    ];
  }

  /** The y range covers the data and every guide, so reference lines are always in view. */
  private yRange(min: number | null, max: number | null): uPlot.Range.MinMax {
    const values = [min, max, ...this.guides.map((g) => g.value)].filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && (!this.options.yLog || v > 0));
    let lo = values.length ? minFinite(values) : this.options.yLog ? 1 : 0;
    let hi = values.length ? maxFinite(values) : lo + 1;
    if (this.options.yLog) return uPlot.rangeLog(lo, hi, 2, true) as uPlot.Range.MinMax; // whole powers of 2: ticks at 2, 4, 8...
    if (this.options.yFromZero && lo >= 0) lo = 0;
    if (hi - lo < 1e-9 * Math.max(1, Math.abs(hi))) {
      // A flat series: a band around it, not ticks at 9,000 / 9,000 / 9,001.
      const half = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 0.5;
      lo -= half;
      hi += half;
    }
    const pad = (hi - lo) * 0.08;
    return [lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad];
  }

  private drawOverlays(u: uPlot): void {
    const theme = this.theme;
    if (!theme) return;
    const ctx = u.ctx;
    const ratio = uPlot.pxRatio;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.font = `${10 * ratio}px ${theme.fontFamily}`;
    ctx.lineWidth = ratio;
    // Run boundaries: every line, and the labels that fit without overlapping (markerLabels.ts).
    const xs = this.markers.map((m) => Math.round(u.valToPos(m.x, 'x', true)));
    const labels = placeLabels(
      this.markers.map((m, i) => ({ x: xs[i], width: m.label ? ctx.measureText(m.label).width : 0 })),
      { left, right: left + width, rows: LABEL_ROWS, pad: 4 * ratio },
    );
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    let shown = 0;
    for (const [i, m] of this.markers.entries()) {
      const x = xs[i];
      if (x < left || x > left + width) continue;
      ctx.strokeStyle = theme.muted;
      ctx.setLineDash([2 * ratio, 3 * ratio]);
      ctx.beginPath();
      ctx.moveTo(x + 0.5, top);
      ctx.lineTo(x + 0.5, top + height);
      ctx.stroke();
      ctx.setLineDash([]);
      const place = labels[i];
      if (place.row < 0) continue;
      shown++;
      const y = top + 3 * ratio + place.row * 13 * ratio;
      ctx.strokeStyle = theme.background;
      ctx.lineWidth = 3 * ratio;
      ctx.strokeText(m.label, place.left, y);
      ctx.lineWidth = ratio;
      ctx.fillStyle = theme.muted;
      ctx.fillText(m.label, place.left, y);
    }
    this.el.dataset.runLabels = String(shown);
    // Reference lines (named in the key under the chart).
    for (const g of this.guides) {
      if (!Number.isFinite(g.value) || (this.options.yLog && g.value <= 0)) continue;
      const y = Math.round(u.valToPos(g.value, 'y', true));
      ctx.strokeStyle = theme[g.color];
      ctx.setLineDash([6 * ratio, 4 * ratio]);
      ctx.beginPath();
      ctx.moveTo(left, y + 0.5);
      ctx.lineTo(left + width, y + 0.5);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.restore();
  }

  /** Records what was drawn and how long it took since setData (for tests and measurements). */
  private drawn(): void {
    this.el.dataset.points = String(this.data.x.length);
    if (this.renderStart > 0) this.el.dataset.renderMs = (performance.now() - this.renderStart).toFixed(1);
    this.renderStart = 0;
  }

  destroy(): void {
    this.plot?.destroy();
    this.plot = undefined;
  }
}

/** An axis in the theme's muted colour and 11 px font, its ticks written by `tick`. */
function chartAxis(theme: ThemeColors, label: string, tick: (v: number) => string, size: number): uPlot.Axis {
  const font = `11px ${theme.fontFamily}`;
  return {
    label,
    labelFont: font,
    labelSize: 16,
    font,
    size,
    stroke: theme.muted,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 4 },
    values: (_u, splits) => splits.map((v) => (v === null || v === undefined ? '' : tick(v))),
  };
}
