// The activations view for the text around the editor's cursor (or the selection):
//   - the text coloured by surprisal (-log2 p per character), or by one unit's activation
//     after a unit is picked (Karpathy, Johnson & Fei-Fei: cells that track quotes,
//     indentation, line length);
//   - a heatmap of units x characters for the most variable units of the chosen layer
//     (h, or c for LSTM); any unit can be picked by clicking a row or typing its number;
//   - gate saturation per unit for that layer.
import type { ActivationsEmptyReason, ActivationsPayload, LayerView, ModelStatus, PanelViewState, StateKind } from '../../src/core/panel/protocol';
import { HEATMAP_ROW_CHOICES } from '../../src/core/panel/protocol';
import { CharacterText } from './characterText';
import { activationColor, css, type Palette, SURPRISAL_MAX_BITS, surprisalColor } from './colorScale';
import { button, h, replaceChildren, segmented, select } from './dom';
import { emptyState } from './emptyState';
import { describeChar, formatInteger, formatNumber, formatPercent } from './format';
import { Heatmap } from './heatmap';
import { SaturationPlots } from './saturationPlots';
import type { ThemeColors } from './theme';
import type { Tooltip } from './tooltip';

export interface ActivationsViewHost {
  state: PanelViewState;
  saveState(): void;
  selectLayer(layer: number, kind: StateKind): void;
  refresh(): void;
  train(): void;
  tooltip: Tooltip;
}

export class ActivationsView {
  readonly el = h('div', { class: 'view activations-view' });
  private readonly emptyEl = h('div');
  private readonly contentEl = h('div', { class: 'activations-content' });
  private readonly infoEl = h('div', { class: 'window-info' });
  private readonly busyEl = h('span', { class: 'busy', text: 'updating…', attrs: { 'aria-live': 'polite' } });
  private readonly controlsEl = h('div', { class: 'controls' });
  private readonly legendEl = h('div', { class: 'legend' });
  private readonly textTitle = h('h3', { class: 'card-title' });
  private readonly heatmapTitle = h('h3', { class: 'card-title' });
  private readonly unitEl = h('div', { class: 'unit-details' });
  private readonly heatmapNote = h('p', { class: 'card-note' });
  private readonly saturationNote = h('p', { class: 'card-note' });
  private readonly text: CharacterText;
  private readonly heatmap: Heatmap;
  private readonly saturation: SaturationPlots;
  private payload: ActivationsPayload | undefined;
  private view: LayerView | undefined;
  private newlines: number[] = [];
  private palette: Palette | undefined;
  private model: ModelStatus = { kind: 'none' };
  private empty: { reason: ActivationsEmptyReason; detail: string | undefined } | undefined = { reason: 'noEditor', detail: undefined };

  constructor(private readonly host: ActivationsViewHost) {
    this.text = new CharacterText({
      onHover: (k, span) => {
        this.heatmap.setHoverChar(k >= 0 ? k : undefined);
        if (k < 0 || !span) return host.tooltip.hide();
        host.tooltip.showAt(this.describe(k), span);
      },
    });
    this.heatmap = new Heatmap({
      onHover: (unit, k, x, y) => {
        this.text.highlight(k);
        host.tooltip.show(this.describe(k, unit), x, y);
      },
      onLeave: () => {
        this.text.highlight(undefined);
        host.tooltip.hide();
      },
      onPick: (unit) => this.pickUnit(unit),
    });
    this.saturation = new SaturationPlots({
      onHover: (lines, x, y) => host.tooltip.show(lines, x, y),
      onLeave: () => host.tooltip.hide(),
      onPick: (unit) => this.pickUnit(unit),
    });
    this.contentEl.append(
      h('div', { class: 'window-bar' }, this.infoEl, this.busyEl, button('Refresh', () => this.host.refresh(), { secondary: true, title: 'Read the text again' })),
      this.controlsEl,
      h('section', { class: 'card' }, h('div', { class: 'card-header' }, this.textTitle, this.legendEl), this.text.el),
      h(
        'section',
        { class: 'card' },
        h('div', { class: 'card-header' }, this.heatmapTitle),
        this.heatmapNote,
        this.heatmap.el,
        this.unitEl,
      ),
      h('section', { class: 'card' }, h('div', { class: 'card-header' }, h('h3', { class: 'card-title', text: 'Gate saturation' })), this.saturationNote, this.saturation.el),
    );
    this.busyEl.hidden = true;
    this.el.append(this.emptyEl, this.contentEl);
    this.render();
  }

  setTheme(theme: ThemeColors, palette: Palette): void {
    this.palette = palette;
    this.heatmap.setTheme(theme, palette);
    this.saturation.setTheme(theme);
    this.paintText();
    this.renderLegend();
  }

  setModel(status: ModelStatus): void {
    this.model = status;
    this.render();
  }

  setBusy(): void {
    this.busyEl.hidden = false;
  }

  setEmpty(reason: ActivationsEmptyReason, detail: string | undefined): void {
    this.empty = { reason, detail };
    this.busyEl.hidden = true;
    this.render();
  }

  setPayload(payload: ActivationsPayload): void {
    const started = performance.now();
    this.payload = payload;
    this.view = payload.view;
    this.empty = undefined;
    this.busyEl.hidden = true;
    const chars = Array.from(payload.text);
    this.newlines = chars.flatMap((c, k) => (c === '\n' ? [k] : []));
    // The host answers with the layer it has; keep the choice in step with it.
    this.host.state.layer = payload.view.layer;
    this.host.state.kind = payload.view.kind;
    if (this.host.state.unit !== undefined && this.host.state.unit >= payload.hiddenSize) this.host.state.unit = undefined;
    this.host.saveState();
    this.text.setText(payload.text, payload.cursorChar);
    this.render();
    // How long building the view took (text spans, colours, heatmap, plots), for tests and measurements.
    this.el.dataset.renderMs = (performance.now() - started).toFixed(1);
    this.el.dataset.chars = String(payload.chars);
  }

  setLayerView(id: number, view: LayerView): void {
    if (!this.payload || id !== this.payload.id) return;
    this.view = view;
    this.render();
  }

  private pickUnit(unit: number | undefined): void {
    this.host.state.unit = unit;
    this.host.saveState();
    this.heatmap.setSelected(unit);
    this.saturation.setSelected(unit);
    this.renderControls();
    this.renderUnit();
    this.paintText();
    this.renderLegend();
  }

  /** Tooltip lines for character k (and a unit's value there). */
  private describe(k: number, unit = this.host.state.unit): string[] {
    const p = this.payload;
    const v = this.view;
    if (!p) return [];
    const bits = p.surprisal[k];
    const lines = [describeChar(this.text.charAt(k)), `surprisal ${formatNumber(bits, 3)} bits · p ≈ ${formatNumber(Math.pow(2, -bits), 2)}`];
    if (v && unit !== undefined && unit < v.units) lines.push(`unit ${unit} (${v.kind}, layer ${v.layer + 1}) = ${formatNumber(v.values[k * v.units + unit], 3)}`);
    lines.push(`character ${formatInteger(k + 1)} of ${formatInteger(p.chars)}`);
    return lines;
  }

  private render(): void {
    const showContent = this.model.kind === 'ready' && !this.empty && this.payload !== undefined;
    this.contentEl.hidden = !showContent;
    replaceChildren(this.emptyEl, showContent ? null : this.emptyContent());
    if (!showContent) return;
    const p = this.payload!;
    const where = `${p.fromSelection ? 'selection in ' : ''}${p.file}`;
    const lines = p.firstLine === p.lastLine ? `line ${formatInteger(p.firstLine)}` : `lines ${formatInteger(p.firstLine)}–${formatInteger(p.lastLine)}`;
    let sum = 0;
    for (const s of p.surprisal) sum += s;
    replaceChildren(
      this.infoEl,
      h('span', { class: 'window-file', text: where, title: where }),
      h('span', { class: 'window-meta', text: ` · ${lines} · ${formatInteger(p.chars)} characters · ${formatNumber(p.chars ? sum / p.chars : NaN, 3)} bits/char${p.truncated ? ' · selection cut' : ''}` }),
    );
    this.renderControls();
    this.renderHeatmap();
    this.renderUnit();
    this.renderSaturation();
    this.paintText();
    this.renderLegend();
  }

  private emptyContent(): HTMLElement {
    if (this.model.kind === 'problem') return emptyState('problem', 'The saved model cannot be used', [this.model.message], [{ label: 'Train on Workspace', run: () => this.host.train() }]);
    if (this.model.kind === 'none') {
      return emptyState('welcome', 'No model yet', ['Once a model is trained, this view shows how it reads the text around your cursor: how surprised it is by each character, and what its units do.'], [{ label: 'Train on Workspace', run: () => this.host.train() }]);
    }
    if (this.empty?.reason === 'noEditor') return emptyState('info', 'No editor to follow', ['Open a file (or click into one): this view follows the text around the cursor, or the selection.']);
    if (this.empty?.reason === 'emptyText') return emptyState('info', 'The file is empty', [`${this.empty.detail ?? 'This file'} has no text to read yet.`]);
    return emptyState('info', 'Reading the text around the cursor…', []);
  }

  private renderControls(): void {
    const p = this.payload;
    const v = this.view;
    if (!p || !v) return;
    const layer =
      p.layers > 1
        ? select(
            'Layer',
            Array.from({ length: p.layers }, (_, l) => ({ value: l, label: `Layer ${l + 1}` })),
            v.layer,
            (l) => this.host.selectLayer(l, v.kind),
          )
        : null;
    const kind =
      p.cell === 'lstm'
        ? segmented<StateKind>('State', [
            { value: 'h', label: 'h', title: 'Hidden state h = o ⊙ tanh(c): what the layer passes on' },
            { value: 'c', label: 'c', title: 'Cell state c: the LSTM’s memory' },
          ], v.kind, (k) => this.host.selectLayer(v.layer, k)).el
        : null;
    const rows = select(
      'Units shown',
      HEATMAP_ROW_CHOICES.filter((n, i) => n <= p.hiddenSize || i === 0).map((n) => ({ value: n, label: `Top ${Math.min(n, p.hiddenSize)}` })),
      this.host.state.heatmapRows,
      (n) => {
        this.host.state.heatmapRows = n;
        this.host.saveState();
        this.renderHeatmap();
      },
    );
    const colour = segmented<'surprisal' | 'unit'>('Colour the text by', [
      { value: 'surprisal', label: 'Surprisal' },
      { value: 'unit', label: this.host.state.unit !== undefined ? `Unit ${this.host.state.unit}` : 'Unit…', title: 'Pick a unit in the heatmap or below' },
    ], this.host.state.unit !== undefined ? 'unit' : 'surprisal', (value) => {
      if (value === 'surprisal') this.pickUnit(undefined);
      else this.pickUnit(this.host.state.unit ?? v.ranking[0]);
    });
    const label = (text: string, control: HTMLElement | null) => (control ? h('label', { class: 'control' }, h('span', { class: 'control-label', text }), control) : null);
    replaceChildren(
      this.controlsEl,
      label('Layer', layer),
      label('State', kind),
      label('Heatmap', rows),
      label('Colour text by', colour.el),
    );
  }

  /**
   * The |value| drawn at full strength: h lives in (-1, 1) (it is o ⊙ tanh(c)), so it is shown
   * on that fixed range; c is unbounded, so it is scaled to the largest |c| of the layer in
   * this window (the same for every unit, so units stay comparable).
   */
  private scale(): number {
    const v = this.view;
    if (!v || v.kind === 'h') return 1;
    let max = 0;
    for (const m of v.maxAbs) if (m > max) max = m;
    return max > 0 ? max : 1;
  }

  private renderHeatmap(): void {
    const p = this.payload;
    const v = this.view;
    if (!p || !v) return;
    const count = Math.min(this.host.state.heatmapRows, v.units);
    this.heatmapTitle.textContent = `Top ${count} of ${v.units} units by variance · layer ${v.layer + 1} · ${v.kind === 'c' ? 'cell state c' : 'hidden state h'}`;
    this.heatmapNote.textContent = `Each row is a unit, each column a character of the text above (the ruler marks line breaks and the cursor). Blue is negative, red positive, full colour at ${v.kind === 'h' ? '±1' : `±${formatNumber(this.scale(), 2)}, the largest |c| in this layer here`}. Click a row to colour the text by that unit.`;
    this.heatmap.setSelected(this.host.state.unit);
    this.heatmap.setData({ values: v.values, chars: v.chars, units: v.units, rows: v.ranking.slice(0, count), scale: new Float32Array(v.units).fill(this.scale()), newlines: this.newlines, cursorChar: p.cursorChar });
  }

  private renderUnit(): void {
    const v = this.view;
    const p = this.payload;
    if (!v || !p) return;
    const unit = this.host.state.unit;
    const input = h('input', { class: 'unit-input', attrs: { type: 'number', min: '0', max: String(v.units - 1), step: '1', 'aria-label': 'Unit number' } });
    input.value = unit === undefined ? '' : String(unit);
    input.placeholder = 'unit';
    input.addEventListener('change', () => {
      const n = Number(input.value);
      if (Number.isInteger(n) && n >= 0 && n < v.units) this.pickUnit(n);
    });
    const rank = unit === undefined ? -1 : Array.prototype.indexOf.call(v.ranking, unit);
    const step = (delta: number) => {
      const next = rank < 0 ? 0 : Math.max(0, Math.min(v.units - 1, rank + delta));
      this.pickUnit(v.ranking[next]);
    };
    const details: string[] = [];
    if (unit !== undefined && unit < v.units) {
      details.push(`rank ${rank + 1} of ${v.units} by variance (${formatNumber(v.variance[unit], 3)})`, `range ±${formatNumber(v.maxAbs[unit], 3)}`);
      const sat = p.saturation[v.layer] ?? [];
      for (const s of sat) details.push(`${s.gate}: ${formatPercent(s.low[unit])} ${s.lowLabel}, ${formatPercent(s.high[unit])} ${s.highLabel}`);
    }
    replaceChildren(
      this.unitEl,
      h(
        'div',
        { class: 'unit-picker' },
        h('span', { class: 'control-label', text: 'Unit' }),
        input,
        button('◀', () => step(-1), { secondary: true, title: 'Previous unit by variance' }),
        button('▶', () => step(1), { secondary: true, title: 'Next unit by variance' }),
        unit !== undefined ? button('Clear', () => this.pickUnit(undefined), { secondary: true, title: 'Colour the text by surprisal again' }) : null,
      ),
      h('div', { class: 'unit-stats', text: details.length ? details.join(' · ') : 'Pick a unit to colour the text by its activation and see its statistics.' }),
    );
  }

  private renderSaturation(): void {
    const p = this.payload;
    const v = this.view;
    if (!p || !v) return;
    const series = p.saturation[v.layer] ?? [];
    this.saturationNote.textContent =
      p.cell === 'rnn'
        ? `A vanilla RNN has no gates: each dot is a unit of layer ${v.layer + 1}, placed by how often its tanh output is saturated (below −0.9, above 0.9) over this window.`
        : `Each dot is a unit of layer ${v.layer + 1}: how often its gate is nearly closed (< 0.1, right) or nearly open (> 0.9, up) over this window. A forget gate near the top keeps its memory; one near the right forgets at once. Click a dot to pick the unit.`;
    this.saturation.setSeries(series);
    this.saturation.setSelected(this.host.state.unit);
  }

  private paintText(): void {
    const p = this.payload;
    const v = this.view;
    const palette = this.palette;
    if (!p || !v || !palette || this.text.length !== p.chars) return;
    const unit = this.host.state.unit;
    if (unit !== undefined && unit < v.units) {
      const scale = this.scale();
      this.textTitle.textContent = `Text coloured by unit ${unit} (${v.kind}, layer ${v.layer + 1})`;
      this.text.paint((k) => css(activationColor(v.values[k * v.units + unit], scale, palette)));
    } else {
      this.textTitle.textContent = 'Text coloured by surprisal';
      this.text.paint((k) => css(surprisalColor(p.surprisal[k], palette)));
    }
    this.text.el.dataset.mode = unit !== undefined ? 'unit' : 'surprisal';
  }

  private renderLegend(): void {
    const palette = this.palette;
    const v = this.view;
    if (!palette) return;
    const unit = this.host.state.unit;
    const bar = h('span', { class: 'legend-bar', attrs: { 'aria-hidden': 'true' } });
    if (unit !== undefined && v && unit < v.units) {
      const scale = this.scale();
      bar.style.background = `linear-gradient(to right, ${css(activationColor(-scale, scale, palette))}, ${css(activationColor(0, scale, palette))}, ${css(activationColor(scale, scale, palette))})`;
      replaceChildren(this.legendEl, h('span', { text: `−${formatNumber(scale, 2)}` }), bar, h('span', { text: `+${formatNumber(scale, 2)}` }));
    } else {
      const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => css(surprisalColor(t * SURPRISAL_MAX_BITS, palette)));
      bar.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
      replaceChildren(this.legendEl, h('span', { text: '0' }), bar, h('span', { text: `${SURPRISAL_MAX_BITS}+ bits` }));
    }
  }
}
