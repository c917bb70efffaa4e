// Units x characters heatmap on a canvas (a 2,000-character window of 128 units is 256,000
// cells: one ImageData, not DOM nodes). Rows are units (the caller's order: most variable
// first), columns are characters; each cell is the unit's value after that character,
// diverging blue (negative) / red (positive) over the editor background, |v| scaled per unit.
// A ruler underneath marks line breaks and the cursor. Hover reports (unit, character); a
// click picks the unit.
import { h } from './dom';
import { type Palette } from './colorScale';
import type { ThemeColors } from './theme';

export interface HeatmapData {
  /** [C*H] row-major: row k = the layer's state after character k. */
  values: Float32Array;
  chars: number; // C
  units: number; // H
  /** Unit ids shown, top to bottom. */
  rows: Int32Array;
  /** [H] the distance from centre drawn at full strength, per unit. */
  scale: Float32Array;
  /** [H] the value drawn with no colour, per unit (0 when absent). */
  centre?: Float32Array;
  /** Character indices of line breaks, for the ruler. */
  newlines: number[];
  cursorChar: number;
}

export interface HeatmapOptions {
  onHover(unit: number, char: number, clientX: number, clientY: number): void;
  onLeave(): void;
  onPick(unit: number): void;
}

const GUTTER = 44; // css px for unit labels
const RULER = 10; // css px under the cells

export class Heatmap {
  readonly el: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly cells = document.createElement('canvas'); // C x (rows * rowHeight in device px)
  private data: HeatmapData | undefined;
  private selected: number | undefined;
  private hoverChar: number | undefined;
  private palette: Palette | undefined;
  private theme: ThemeColors | undefined;
  private rowHeight = 8;
  /** Milliseconds the last cell image and the last draw took. */
  lastCellsMs = 0;
  lastDrawMs = 0;

  constructor(private readonly options: HeatmapOptions) {
    this.canvas = h('canvas', { class: 'heatmap-canvas', attrs: { role: 'img', 'aria-label': 'Heatmap of unit activations per character' } });
    this.el = h('div', { class: 'heatmap' }, this.canvas);
    this.canvas.addEventListener('mousemove', (event) => this.onMove(event));
    this.canvas.addEventListener('mouseleave', () => {
      this.setHoverChar(undefined);
      options.onLeave();
    });
    this.canvas.addEventListener('click', (event) => {
      const hit = this.hit(event);
      if (hit) options.onPick(hit.unit);
    });
    new ResizeObserver(() => this.draw()).observe(this.el);
  }

  setTheme(theme: ThemeColors, palette: Palette): void {
    this.theme = theme;
    this.palette = palette;
    this.renderCells();
    this.draw();
  }

  setData(data: HeatmapData): void {
    this.data = data;
    const rows = data.rows.length;
    this.rowHeight = rows <= 16 ? 16 : rows <= 32 ? 12 : rows <= 64 ? 6 : 4;
    this.renderCells();
    this.draw();
  }

  setSelected(unit: number | undefined): void {
    this.selected = unit;
    this.draw();
  }

  setHoverChar(char: number | undefined): void {
    if (char === this.hoverChar) return;
    this.hoverChar = char;
    this.draw();
  }

  /** Row -> unit and column -> character under a pointer event, or undefined outside the cells. */
  private hit(event: MouseEvent): { unit: number; char: number } | undefined {
    const d = this.data;
    if (!d || d.chars === 0) return undefined;
    const rect = this.canvas.getBoundingClientRect();
    const x = event.clientX - rect.left - GUTTER;
    const y = event.clientY - rect.top;
    const width = rect.width - GUTTER;
    if (x < 0 || x >= width || y < 0 || y >= d.rows.length * this.rowHeight) return undefined;
    return { unit: d.rows[Math.floor(y / this.rowHeight)], char: Math.min(d.chars - 1, Math.floor((x / width) * d.chars)) };
  }

  private onMove(event: MouseEvent): void {
    const hit = this.hit(event);
    this.canvas.style.cursor = hit ? 'pointer' : 'default';
    if (!hit) {
      this.setHoverChar(undefined);
      this.options.onLeave();
      return;
    }
    this.setHoverChar(hit.char);
    this.options.onHover(hit.unit, hit.char, event.clientX, event.clientY);
  }

  /** Fills the cell image: one column per character, rowHeight device pixels per unit. */
  private renderCells(): void {
    const d = this.data;
    const p = this.palette;
    if (!d || !p || d.chars === 0) return;
    const started = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const rowPx = Math.max(1, Math.round(this.rowHeight * dpr));
    const C = d.chars;
    const H = d.units;
    this.cells.width = C;
    this.cells.height = d.rows.length * rowPx;
    const ctx = this.cells.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(C, this.cells.height);
    const px = new Uint32Array(image.data.buffer); // little-endian RGBA: 0xAABBGGRR
    const [br, bg, bb] = p.background;
    for (let r = 0; r < d.rows.length; r++) {
      const unit = d.rows[r];
      const scale = d.scale[unit] > 0 ? d.scale[unit] : 1;
      const centre = d.centre ? d.centre[unit] : 0;
      const rowStart = r * rowPx * C;
      for (let k = 0; k < C; k++) {
        const v = d.values[k * H + unit] - centre;
        const t = Math.min(1, Math.abs(v) / scale);
        const hue = v < 0 ? p.negative : p.positive;
        const red = br + (hue[0] - br) * t;
        const green = bg + (hue[1] - bg) * t;
        const blue = bb + (hue[2] - bb) * t;
        px[rowStart + k] = (255 << 24) | (Math.round(blue) << 16) | (Math.round(green) << 8) | Math.round(red);
      }
      for (let y = 1; y < rowPx; y++) px.copyWithin(rowStart + y * C, rowStart, rowStart + C);
    }
    ctx.putImageData(image, 0, 0);
    this.lastCellsMs = performance.now() - started;
  }

  draw(): void {
    const d = this.data;
    const theme = this.theme;
    const width = this.el.clientWidth;
    if (!d || !theme || width === 0) return;
    const started = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const height = d.rows.length * this.rowHeight + RULER;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const plotWidth = width - GUTTER;
    const cellsHeight = d.rows.length * this.rowHeight;
    // Shrinking many characters into few pixels averages them; widening keeps sharp edges.
    ctx.imageSmoothingEnabled = d.chars > plotWidth * dpr;
    ctx.drawImage(this.cells, 0, 0, this.cells.width, this.cells.height, GUTTER * dpr, 0, plotWidth * dpr, this.cells.height);
    ctx.scale(dpr, dpr);
    const xOf = (char: number) => GUTTER + (char / Math.max(1, d.chars)) * plotWidth;
    this.drawUnitLabels(ctx, d, theme);
    this.drawSelectedUnit(ctx, d, theme, plotWidth);
    this.drawRuler(ctx, d, theme, xOf, cellsHeight);
    this.lastDrawMs = performance.now() - started;
    this.el.dataset.drawMs = this.lastDrawMs.toFixed(1);
    this.el.dataset.cellsMs = this.lastCellsMs.toFixed(1);
    this.el.dataset.rows = String(d.rows.length);
    this.el.dataset.chars = String(d.chars);
  }

  /** Unit numbers in the gutter, every row when rows are tall enough to read, else every 2nd or 4th. */
  private drawUnitLabels(ctx: CanvasRenderingContext2D, d: HeatmapData, theme: ThemeColors): void {
    ctx.font = `${this.rowHeight >= 12 ? 12 : 11}px ${theme.monoFamily}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    const labelEvery = this.rowHeight >= 12 ? 1 : this.rowHeight >= 6 ? 2 : 4;
    for (let r = 0; r < d.rows.length; r++) {
      const unit = d.rows[r];
      if (r % labelEvery !== 0 && unit !== this.selected) continue;
      ctx.fillStyle = unit === this.selected ? theme.foreground : theme.muted;
      ctx.fillText(String(unit), GUTTER - 6, r * this.rowHeight + this.rowHeight / 2 + 0.5);
    }
  }

  /** A frame around the selected unit's row. */
  private drawSelectedUnit(ctx: CanvasRenderingContext2D, d: HeatmapData, theme: ThemeColors, plotWidth: number): void {
    const selectedRow = this.selected === undefined ? -1 : d.rows.indexOf(this.selected);
    if (selectedRow < 0) return;
    ctx.strokeStyle = theme.focus;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(GUTTER + 0.75, selectedRow * this.rowHeight + 0.75, plotWidth - 1.5, this.rowHeight - 1.5);
  }

  /** The ruler under the cells (line breaks, the cursor) and the hovered character's column. */
  private drawRuler(ctx: CanvasRenderingContext2D, d: HeatmapData, theme: ThemeColors, xOf: (char: number) => number, cellsHeight: number): void {
    ctx.fillStyle = theme.muted;
    ctx.globalAlpha = 0.6;
    for (const k of d.newlines) ctx.fillRect(Math.round(xOf(k + 0.5)), cellsHeight + 3, 1, 4);
    ctx.globalAlpha = 1;
    if (d.cursorChar >= 0) {
      const x = xOf(d.cursorChar);
      ctx.fillStyle = theme.foreground;
      ctx.beginPath();
      ctx.moveTo(x, cellsHeight + 1);
      ctx.lineTo(x - 4, cellsHeight + RULER);
      ctx.lineTo(x + 4, cellsHeight + RULER);
      ctx.closePath();
      ctx.fill();
    }
    if (this.hoverChar !== undefined) {
      const x0 = xOf(this.hoverChar);
      const w = Math.max(1, xOf(this.hoverChar + 1) - x0);
      ctx.strokeStyle = theme.foreground;
      ctx.lineWidth = 1;
      ctx.strokeRect(Math.round(x0) + 0.5, 0.5, Math.max(1, Math.round(w) - 1), cellsHeight - 1);
    }
  }
}
