// The activations view for the text around the editor's cursor (or the selection). Its
// first screen: the text, coloured by
//   - surprisal under the whole prediction stack (-log2 p per character; the default when
//     the model has context models), or under the network alone;
//   - which predictor family carried each character (network, short or long contexts, code
//     structure, workspace or document copy), with the share of characters each carried;
//   - one unit's activation, scaled by the unit's own percentiles so every unit is visible;
// and beside it "units that track...": for simple features of the text (inside a string,
// indentation, position in the line...) the units whose activation correlates most with
// them, over every layer and state, one click from colouring the text (Karpathy, Johnson &
// Fei-Fei found such cells by hand). Below: a heatmap of units x characters for the most
// variable units of the chosen layer (h, or c for LSTM), and gate saturation per unit.
import type { ActivationsEmptyReason, ActivationsPayload, LayerView, ModelStatus, StateKind } from '../../src/shared/panelProtocol';
import type { PanelViewState, TextColouring } from '../../src/shared/panelViewState';
import { HEATMAP_ROW_CHOICES } from '../../src/shared/panelViewState';
import { TEXT_FEATURES, type UnitCorrelation } from '../../src/shared/panelProtocol';
import { MEMORY_FAMILIES, memorySentences } from '../../src/shared/present/memoryWords';
import { formatBitsPerChar } from '../../src/shared/present/numbers';
import { CharacterText } from './characterText';
import { activationColor, css, type Palette, SURPRISAL_MAX_BITS, surprisalColor, type UnitScale, unitScale } from './colorScale';
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

const FAMILY_TITLES: Record<string, string> = {
  network: 'the LSTM',
  'short contexts': 'the last 0-2 bytes',
  'long contexts': 'the last 3-12 bytes',
  'code structure': 'the word being typed, the line above, indentation, brackets',
  'workspace copy': 'copying from the workspace’s text',
  'document copy': 'copying from earlier in this document',
};

export class ActivationsView {
  readonly el = h('div', { class: 'view activations-view' });
  private readonly emptyEl = h('div');
  private readonly contentEl = h('div', { class: 'activations-content' });
  private readonly infoEl = h('div', { class: 'window-info' });
  private readonly busyEl = h('span', { class: 'busy', text: 'updating…', attrs: { 'aria-live': 'polite' } });
  private readonly controlsEl = h('div', { class: 'controls' });
  private readonly legendEl = h('div', { class: 'legend' });
  private readonly textTitle = h('h3', { class: 'card-title' });
  private readonly textNote = h('p', { class: 'card-note text-note' });
  /** Said first when the model has read the file: memory, not prediction. */
  private readonly memoryNote = h('p', { class: 'card-note memory-note' });
  private readonly tracksEl = h('div', { class: 'tracks' });
  private readonly tracksNote = h('p', { class: 'card-note' });
  private readonly heatmapTitle = h('h3', { class: 'card-title' });
  private readonly unitEl = h('div', { class: 'unit-details' });
  private readonly heatmapNote = h('p', { class: 'card-note' });
  private readonly saturationNote = h('p', { class: 'card-note' });
  private readonly text: CharacterText;
  private readonly heatmap: Heatmap;
  private readonly saturation: SaturationPlots;
  private payload: ActivationsPayload | undefined;
  private view: LayerView | undefined;
  /** Per unit of the current view: its robust colour scale (computed when first needed). */
  private scales: (UnitScale | undefined)[] = [];
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
      h(
        'div',
        { class: 'window-bar' },
        this.infoEl,
        this.busyEl,
        button('Refresh', () => this.host.refresh(), { secondary: true, title: 'Read the text again' }),
      ),
      this.controlsEl,
      h(
        'div',
        { class: 'first-screen' },
        h('section', { class: 'card text-card' }, h('div', { class: 'card-header' }, this.textTitle, this.legendEl), this.memoryNote, this.textNote, this.text.el),
        h('section', { class: 'card tracks-card' }, h('div', { class: 'card-header' }, h('h3', { class: 'card-title', text: 'Units that track…' })), this.tracksNote, this.tracksEl, this.unitEl),
      ),
      h('section', { class: 'card' }, h('div', { class: 'card-header' }, this.heatmapTitle), this.heatmapNote, this.heatmap.el),
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
    this.setView(payload.view);
    this.empty = undefined;
    this.busyEl.hidden = true;
    const chars = Array.from(payload.text);
    this.newlines = chars.flatMap((c, k) => (c === '\n' ? [k] : []));
    // The host answers with the layer it has; keep the choice in step with it.
    this.host.state.layer = payload.view.layer;
    this.host.state.kind = payload.view.kind;
    if (this.host.state.unit !== undefined && this.host.state.unit >= payload.hiddenSize) this.host.state.unit = undefined;
    if (this.host.state.colour === 'unit' && this.host.state.unit === undefined) this.host.state.colour = 'stack';
    this.host.saveState();
    this.text.setText(payload.text, payload.cursorChar);
    this.render();
    // How long building the view took (text spans, colours, heatmap, plots), for tests and measurements.
    this.el.dataset.renderMs = (performance.now() - started).toFixed(1);
    this.el.dataset.chars = String(payload.chars);
  }

  setLayerView(id: number, view: LayerView): void {
    if (!this.payload || id !== this.payload.id) return;
    this.setView(view);
    this.render();
  }

  private setView(view: LayerView): void {
    this.view = view;
    this.scales = new Array(view.units).fill(undefined);
  }

  /** The robust colour scale of a unit of the current view. */
  private scaleOf(unit: number): UnitScale {
    const v = this.view!;
    return (this.scales[unit] ??= unitScale(v.values, v.chars, v.units, unit));
  }

  /** The colouring in effect: the stack's surprisal falls back to the network's without a stack. */
  private colouring(): TextColouring {
    const c = this.host.state.colour;
    if ((c === 'stack' || c === 'predictor') && !this.payload?.stack) return 'network';
    if (c === 'unit' && this.host.state.unit === undefined) return this.payload?.stack ? 'stack' : 'network';
    return c;
  }

  private setColouring(colour: TextColouring): void {
    this.host.state.colour = colour;
    this.host.saveState();
    this.renderControls();
    this.paintText();
    this.renderLegend();
  }

  private pickUnit(unit: number | undefined): void {
    this.host.state.unit = unit;
    this.host.state.colour = unit === undefined ? (this.payload?.stack ? 'stack' : 'network') : 'unit';
    this.host.saveState();
    this.heatmap.setSelected(unit);
    this.saturation.setSelected(unit);
    this.renderControls();
    this.renderTracks();
    this.renderUnit();
    this.paintText();
    this.renderLegend();
  }

  /** Picks a unit of any layer and state: the host answers with that layer's view. */
  private pickTrackedUnit(u: UnitCorrelation): void {
    const v = this.view;
    this.host.state.unit = u.unit;
    this.host.state.colour = 'unit';
    this.host.saveState();
    if (v && v.layer === u.layer && v.kind === u.kind) this.pickUnit(u.unit);
    else this.host.selectLayer(u.layer, u.kind);
  }

  /** Tooltip lines for character k (and a unit's value there). */
  private describe(k: number, unit = this.host.state.unit): string[] {
    const p = this.payload;
    const v = this.view;
    if (!p) return [];
    const lines = [describeChar(this.text.charAt(k))];
    const bits = (b: number) => `${formatNumber(b, 3)} bits · p ≈ ${formatNumber(Math.pow(2, -b), 2)}`;
    if (p.stack) {
      lines.push(`surprisal ${bits(p.stack.surprisal[k])} (whole stack)`, `network alone ${bits(p.surprisal[k])}`);
      const f = p.stack.carriedBy[k];
      lines.push(f >= 0 ? `carried by ${p.stack.families[f]}` : 'no predictor pushed toward it');
    } else lines.push(`surprisal ${bits(p.surprisal[k])}`);
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
    const mean = (values: Float32Array) => {
      let sum = 0;
      for (const x of values) sum += x;
      return p.chars ? sum / p.chars : NaN;
    };
    const figures = p.stack
      ? `${formatBitsPerChar(mean(p.stack.surprisal))} bits/char here with the context models (network alone ${formatBitsPerChar(mean(p.surprisal))})${p.memory ? ', on text the model has read' : ''}`
      : `${formatBitsPerChar(mean(p.surprisal))} bits/char here`;
    replaceChildren(
      this.infoEl,
      h('span', { class: 'window-file', text: where, title: where }),
      h('span', { class: 'window-meta', text: ` · ${lines} · ${formatInteger(p.chars)} characters · ${figures}${p.truncated ? ' · selection cut' : ''}` }),
    );
    this.renderControls();
    this.renderTracks();
    this.renderHeatmap();
    this.renderUnit();
    this.renderSaturation();
    this.paintText();
    this.renderLegend();
  }

  private emptyContent(): HTMLElement {
    if (this.model.kind === 'problem') return emptyState('problem', 'The saved model cannot be used', [this.model.message], [{ label: 'Train on Workspace', run: () => this.host.train() }]);
    if (this.model.kind === 'none') {
      return emptyState(
        'welcome',
        'No model yet',
        [
          'Once a model is trained, this view shows how it reads the text around your cursor: how surprised it is by each character, which predictor carried it, and which units track strings, indentation or the position in the line.',
        ],
        [{ label: 'Train on Workspace', run: () => this.host.train() }],
      );
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
        ? segmented<StateKind>(
            'State',
            [
              { value: 'h', label: 'h', title: 'Hidden state h = o ⊙ tanh(c): what the layer passes on' },
              { value: 'c', label: 'c', title: 'Cell state c: the LSTM’s memory' },
            ],
            v.kind,
            (k) => this.host.selectLayer(v.layer, k),
          ).el
        : null;
    const unit = this.host.state.unit;
    const options: { value: TextColouring; label: string; title?: string }[] = [];
    if (p.stack) {
      options.push(
        { value: 'stack', label: 'Surprisal', title: 'Surprisal under the whole prediction stack (network and context models, mixed): what suggestions use' },
        { value: 'network', label: 'Network alone', title: 'Surprisal under the LSTM alone' },
        { value: 'predictor', label: 'Predictor', title: 'Which predictor family pushed hardest toward each character' },
      );
    } else options.push({ value: 'network', label: 'Surprisal', title: 'Surprisal under the network (this model has no context models)' });
    options.push({ value: 'unit', label: unit !== undefined ? `Unit ${unit}` : 'Unit…', title: 'Pick a unit in “Units that track…”, the heatmap, or by number' });
    const colour = segmented<TextColouring>('Colour the text by', options, this.colouring(), (value) => {
      if (value === 'unit') this.pickUnit(this.host.state.unit ?? this.payload?.tracks[0]?.units[0]?.unit ?? v.ranking[0]);
      else this.setColouring(value);
    });
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
    const label = (text: string, control: HTMLElement | null) => (control ? h('label', { class: 'control' }, h('span', { class: 'control-label', text }), control) : null);
    replaceChildren(this.controlsEl, label('Colour text by', colour.el), label('Layer', layer), label('State', kind), label('Heatmap', rows));
  }

  private renderTracks(): void {
    const p = this.payload;
    if (!p) return;
    const selected = this.host.state.colour === 'unit' ? this.host.state.unit : undefined;
    const v = this.view;
    const rows = TEXT_FEATURES.map((feature) => {
      const track = p.tracks.find((t) => t.feature === feature.id);
      const units = track?.units ?? [];
      const chips = units.length
        ? units.map((u) => {
            const isSelected = selected === u.unit && v?.layer === u.layer && v?.kind === u.kind;
            const chip = h('button', {
              class: `unit-chip${isSelected ? ' selected' : ''}${Math.abs(u.r) >= 0.5 ? ' strong' : ''}`,
              attrs: { type: 'button', 'aria-pressed': String(isSelected), 'data-layer': String(u.layer), 'data-kind': u.kind, 'data-unit': String(u.unit) },
              title: `Layer ${u.layer + 1} ${u.kind === 'c' ? 'cell state c' : 'hidden state h'}, unit ${u.unit}: correlation ${formatNumber(u.r, 2)} with ${feature.label} over this text. Click to colour the text by it.`,
              on: { click: () => this.pickTrackedUnit(u) },
            });
            chip.append(
              h('span', { class: 'chip-unit', text: `L${u.layer + 1} ${u.kind}${u.unit}` }),
              h('span', { class: 'chip-r', text: `r ${u.r >= 0 ? '+' : '−'}${formatNumber(Math.abs(u.r), 2)}` }),
            );
            return chip;
          })
        : [h('span', { class: 'track-none', text: 'constant in this text' })];
      return h(
        'div',
        { class: 'track', attrs: { 'data-feature': feature.id } },
        h('span', { class: 'track-label', text: feature.label, title: feature.description }),
        h('span', { class: 'track-units' }, ...chips),
      );
    });
    replaceChildren(this.tracksEl, ...rows);
    this.tracksNote.textContent = `The units (of every layer, h and c) whose activation follows each feature of the text most closely: Pearson r over these ${formatInteger(p.chars)} characters. A longer window or a selection makes them surer.`;
  }

  private renderHeatmap(): void {
    const p = this.payload;
    const v = this.view;
    if (!p || !v) return;
    const count = Math.min(this.host.state.heatmapRows, v.units);
    const rows = v.ranking.slice(0, count);
    this.heatmapTitle.textContent = `Top ${count} of ${v.units} units by variance · layer ${v.layer + 1} · ${v.kind === 'c' ? 'cell state c' : 'hidden state h'}`;
    this.heatmapNote.textContent =
      'Each row is a unit, each column a character of the text above (the ruler marks line breaks and the cursor). Each unit is coloured on its own scale: no colour at its median, full blue or red at its 2nd or 98th percentile. Click a row to colour the text by that unit.';
    const centre = new Float32Array(v.units);
    const scale = new Float32Array(v.units).fill(1);
    for (const unit of rows) {
      const s = this.scaleOf(unit);
      centre[unit] = s.centre;
      scale[unit] = s.spread;
    }
    const selected = this.host.state.unit;
    if (selected !== undefined && selected < v.units) {
      const s = this.scaleOf(selected);
      centre[selected] = s.centre;
      scale[selected] = s.spread;
    }
    this.heatmap.setSelected(this.host.state.colour === 'unit' ? selected : undefined);
    this.heatmap.setData({ values: v.values, chars: v.chars, units: v.units, rows, scale, centre, newlines: this.newlines, cursorChar: p.cursorChar });
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
      const s = this.scaleOf(unit);
      details.push(
        `layer ${v.layer + 1} ${v.kind}`,
        `rank ${rank + 1} of ${v.units} by variance`,
        `median ${formatNumber(s.centre, 3)}, 2nd-98th percentile ${formatNumber(s.low, 3)} to ${formatNumber(s.high, 3)}`,
      );
      const sat = p.saturation[v.layer] ?? [];
      for (const s2 of sat) details.push(`${s2.gate}: ${formatPercent(s2.low[unit])} ${s2.lowLabel}, ${formatPercent(s2.high[unit])} ${s2.highLabel}`);
    }
    replaceChildren(
      this.unitEl,
      h(
        'div',
        { class: 'unit-picker' },
        h('span', { class: 'control-label', text: `Any unit of layer ${v.layer + 1} ${v.kind}` }),
        input,
        button('◀', () => step(-1), { secondary: true, title: 'Previous unit by variance' }),
        button('▶', () => step(1), { secondary: true, title: 'Next unit by variance' }),
        unit !== undefined && this.host.state.colour === 'unit' ? button('Clear', () => this.pickUnit(undefined), { secondary: true, title: 'Colour the text by surprisal again' }) : null,
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
    const colouring = this.colouring();
    let note = '';
    if (colouring === 'unit' && unit !== undefined && unit < v.units) {
      const s = this.scaleOf(unit);
      this.textTitle.textContent = `Text coloured by unit ${unit} (layer ${v.layer + 1} ${v.kind})`;
      this.text.paint((k) => css(activationColor(v.values[k * v.units + unit] - s.centre, s.spread, palette)));
      note = 'Blue below the unit’s median, red above, full colour at its 2nd or 98th percentile in this text.';
    } else if (colouring === 'predictor' && p.stack) {
      const stack = p.stack;
      this.textTitle.textContent = 'Text coloured by the predictor that carried it';
      this.text.paint((k) => {
        const f = stack.carriedBy[k];
        if (f < 0) return 'transparent';
        const [r, g, b] = palette.families[f % palette.families.length];
        return css([r, g, b, palette.maxAlpha * 0.75]);
      });
      note = 'For each character, the family of predictors that pushed hardest toward it in the mixer.';
    } else if (colouring === 'stack' && p.stack) {
      const stack = p.stack;
      this.textTitle.textContent = 'Text coloured by surprisal (whole stack)';
      this.text.paint((k) => css(surprisalColor(stack.surprisal[k], palette)));
      note =
        'Under the network and the context models together, as suggestions see it. Text before the cursor has already been read into the context models by the editor, so its surprisal is given everything the stack knows now.';
    } else {
      this.textTitle.textContent = p.stack ? 'Text coloured by surprisal (network alone)' : 'Text coloured by surprisal';
      this.text.paint((k) => css(surprisalColor(p.surprisal[k], palette)));
      note = p.stack ? 'Under the LSTM alone, without the context models.' : (p.stackMissing ?? '');
    }
    if (!p.stack && colouring !== 'network' && p.stackMissing) note = `${note} ${p.stackMissing}`.trim();
    const memory = p.memory && colouring !== 'unit' ? memorySentences(p.memory, new Date(p.memory.readAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })) : '';
    this.memoryNote.textContent = memory;
    this.memoryNote.hidden = memory === '';
    this.textNote.textContent = note;
    this.textNote.hidden = note === '';
    this.text.el.dataset.mode = colouring === 'stack' || colouring === 'network' ? 'surprisal' : colouring;
    this.text.el.dataset.colouring = colouring;
  }

  private renderLegend(): void {
    const palette = this.palette;
    const v = this.view;
    const p = this.payload;
    if (!palette) return;
    const unit = this.host.state.unit;
    const colouring = this.colouring();
    const bar = h('span', { class: 'legend-bar', attrs: { 'aria-hidden': 'true' } });
    if (colouring === 'unit' && unit !== undefined && v && unit < v.units) {
      const s = this.scaleOf(unit);
      bar.style.background = `linear-gradient(to right, ${css(activationColor(-1, 1, palette))}, ${css(activationColor(0, 1, palette))}, ${css(activationColor(1, 1, palette))})`;
      replaceChildren(this.legendEl, h('span', { text: formatNumber(s.centre - s.spread, 2) }), bar, h('span', { text: formatNumber(s.centre + s.spread, 2) }));
    } else if (colouring === 'predictor' && p?.stack) {
      const stack = p.stack;
      const items = stack.families.map((name, f) => {
        const [r, g, b] = palette.families[f % palette.families.length];
        const swatch = h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } });
        swatch.style.background = css([r, g, b, palette.maxAlpha * 0.75]);
        const memory = p.memory !== undefined && MEMORY_FAMILIES.includes(name);
        const title = `${name}: ${FAMILY_TITLES[name] ?? ''}. Carried ${formatPercent(stack.shares[f])} of the characters here${memory ? ': the model read this file, so this is recall of it' : ''}.`;
        return h('span', { class: 'family', title }, swatch, h('span', { text: `${name} ${formatPercent(stack.shares[f])}${memory ? ' (memory)' : ''}` }));
      });
      replaceChildren(this.legendEl, h('span', { class: 'families' }, ...items));
    } else {
      const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => css(surprisalColor(t * SURPRISAL_MAX_BITS, palette)));
      bar.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
      replaceChildren(this.legendEl, h('span', { text: '0' }), bar, h('span', { text: `${SURPRISAL_MAX_BITS}+ bits` }));
    }
  }
}
