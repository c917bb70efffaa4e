// The sampling playground: a prime, a temperature, a seed and a length; the host samples
// from the current model (in slices, with progress) and the text appears as it is drawn,
// each character coloured by how surprising it was to the untempered model.
import type { ModelStatus, SampleRequestMessage, SampleUpdate } from '../../src/shared/panelProtocol';
import type { PanelViewState } from '../../src/shared/panelViewState';
import { LIMITS } from '../../src/shared/panelProtocol';
import { CharacterText } from './characterText';
import { css, type Palette, surprisalColor } from './colorScale';
import { button, h, replaceChildren } from './dom';
import { emptyState } from './emptyState';
import { describeChar, formatDuration, formatInteger, formatNumber } from './format';
import type { Tooltip } from './tooltip';

export interface PlaygroundHost {
  state: PanelViewState;
  saveState(): void;
  sample(request: Omit<SampleRequestMessage, 'type'>): void;
  cancel(id: number): void;
  train(): void;
  tooltip: Tooltip;
}

const STOP_TEXT: Record<NonNullable<SampleUpdate['stop']>, string> = {
  length: 'reached the length',
  endOfFile: 'the model ended the file',
  repetition: 'stopped at a repetition (the model was going round in a loop)',
  cancelled: 'stopped',
  noModel: 'no model',
  error: 'failed',
};

export class PlaygroundView {
  readonly el = h('div', { class: 'view playground-view' });
  private readonly emptyEl = h('div');
  private readonly formEl = h('section', { class: 'card playground-form' });
  private readonly primeEl = h('span', { class: 'prime' });
  private readonly statusEl = h('div', { class: 'sample-status', attrs: { 'aria-live': 'polite' } });
  private readonly output: CharacterText;
  private readonly runButton: HTMLButtonElement;
  private readonly temperatureValue = h('output', { class: 'range-value' });
  private readonly penaltyValue = h('output', { class: 'range-value' });
  private readonly primeSourceEl = h('span', { class: 'card-note prime-source-text' });
  private readonly primeInput: HTMLTextAreaElement;
  /** The text before the editor's cursor, as the host last sent it. */
  private cursorText: string | undefined;
  private cursorFile = '';
  private model: ModelStatus = { kind: 'none' };
  private palette: Palette | undefined;
  private running: number | undefined;
  private nextId = 1;
  private surprisal: Float32Array = new Float32Array(0);

  constructor(private readonly host: PlaygroundHost) {
    const s = host.state.playground;
    this.output = this.sampleText();
    const prime = h('textarea', {
      class: 'prime-input',
      attrs: { rows: '3', spellcheck: 'false', maxlength: String(LIMITS.primeMaxLength), placeholder: 'Start of the text (empty: the start of a new file)', 'aria-label': 'Prime text' },
    });
    this.primeInput = prime;
    prime.value = s.prime;
    prime.addEventListener('input', () => {
      s.prime = prime.value;
      s.followCursor = false;
      this.renderPrimeSource();
      host.saveState();
    });
    const atCursor = button(
      'Text at the cursor',
      () => {
        s.followCursor = true;
        if (this.cursorText !== undefined) this.setPrime(this.cursorText);
        this.renderPrimeSource();
        host.saveState();
      },
      { secondary: true, title: 'Prime with the lines before the editor’s cursor (and keep following it)' },
    );
    this.runButton = button('Sample', () => (this.running !== undefined ? this.host.cancel(this.running) : this.start()));
    this.formEl.append(
      field('Prime', prime),
      h('div', { class: 'prime-source' }, this.primeSourceEl, atCursor),
      this.samplingFields(),
      h(
        'div',
        { class: 'form-actions' },
        this.runButton,
        h('span', {
          class: 'card-note',
          text: 'Temperature 0 always takes the most likely character; higher values take more risks. The repetition penalty divides the odds of continuing a repeating pattern by its value for each repeat, and sampling stops when the text goes round in a loop. The same inputs give the same text.',
        }),
      ),
    );
    this.renderPrimeSource();
    this.el.append(
      this.emptyEl,
      this.formEl,
      h(
        'section',
        { class: 'card sample-card' },
        h('div', { class: 'card-header' }, h('h3', { class: 'card-title', text: 'Sample' }), this.statusEl),
        h('div', { class: 'sample-output' }, this.primeEl, this.output.el),
      ),
    );
    this.render();
  }

  /** The sampled text, each character's surprisal shown on hover. */
  private sampleText(): CharacterText {
    const host = this.host;
    return new CharacterText(
      {
        onHover: (k, span) => {
          if (k < 0 || !span) return host.tooltip.hide();
          const bits = this.surprisal[k];
          host.tooltip.showAt([describeChar(this.output.charAt(k)), `surprisal ${formatNumber(bits, 3)} bits · p ≈ ${formatNumber(Math.pow(2, -bits), 2)}`], span);
        },
      },
      'char-text sample-text',
    );
  }

  /** The temperature, seed, length and repetition-penalty controls, each saved in the panel's state as it changes. */
  private samplingFields(): HTMLElement {
    const host = this.host;
    const s = host.state.playground;
    const penalty = h('input', { attrs: { type: 'range', min: '1', max: String(LIMITS.repetitionPenaltyMax), step: '0.1', 'aria-label': 'Repetition penalty' } });
    penalty.value = String(s.repetitionPenalty);
    this.penaltyValue.textContent = s.repetitionPenalty === 1 ? 'off' : `÷${s.repetitionPenalty.toFixed(1)}`;
    penalty.addEventListener('input', () => {
      s.repetitionPenalty = Number(penalty.value);
      this.penaltyValue.textContent = s.repetitionPenalty === 1 ? 'off' : `÷${s.repetitionPenalty.toFixed(1)}`;
      host.saveState();
    });
    const temperature = h('input', { attrs: { type: 'range', min: '0', max: String(LIMITS.temperatureMax), step: '0.05', 'aria-label': 'Temperature' } });
    temperature.value = String(s.temperature);
    this.temperatureValue.textContent = s.temperature.toFixed(2);
    temperature.addEventListener('input', () => {
      s.temperature = Number(temperature.value);
      this.temperatureValue.textContent = s.temperature.toFixed(2);
      host.saveState();
    });
    const seed = h('input', { class: 'number-input', attrs: { type: 'number', min: '0', max: String(LIMITS.seedMax), step: '1', 'aria-label': 'Seed' } });
    seed.value = String(s.seed);
    seed.addEventListener('change', () => {
      const n = Math.round(Number(seed.value));
      if (Number.isFinite(n) && n >= 0 && n <= LIMITS.seedMax) s.seed = n;
      seed.value = String(s.seed);
      host.saveState();
    });
    const length = h('input', { class: 'number-input', attrs: { type: 'number', min: '1', max: String(LIMITS.sampleMaxLength), step: '50', 'aria-label': 'Length in characters' } });
    length.value = String(s.length);
    length.addEventListener('change', () => {
      const n = Math.round(Number(length.value));
      if (Number.isFinite(n)) s.length = Math.max(1, Math.min(LIMITS.sampleMaxLength, n));
      length.value = String(s.length);
      host.saveState();
    });
    const newSeed = button(
      'New seed',
      () => {
        s.seed = Math.floor(Math.random() * 100000);
        seed.value = String(s.seed);
        host.saveState();
      },
      { secondary: true, title: 'Pick a random seed' },
    );
    return h(
      'div',
      { class: 'field-row' },
      field('Temperature', temperature, this.temperatureValue),
      field('Seed', seed, newSeed),
      field('Length', length, h('span', { class: 'unit-suffix', text: 'chars' })),
      field('Repetition penalty', penalty, this.penaltyValue),
    );
  }

  setTheme(palette: Palette): void {
    this.palette = palette;
    this.paint();
  }

  setModel(status: ModelStatus): void {
    this.model = status;
    this.render();
  }

  private start(): void {
    const s = this.host.state.playground;
    const id = this.nextId++;
    this.running = id;
    this.primeEl.textContent = s.prime;
    this.surprisal = new Float32Array(0);
    this.output.setText('');
    this.statusEl.textContent = 'sampling…';
    this.runButton.textContent = 'Stop';
    this.host.sample({ id, prime: s.prime, temperature: s.temperature, seed: s.seed, length: s.length, repetitionPenalty: s.repetitionPenalty });
  }

  /** The text before the editor's cursor: the prime while it follows the cursor. */
  setCursorText(text: string, file: string): void {
    this.cursorText = text;
    this.cursorFile = file;
    if (this.host.state.playground.followCursor) this.setPrime(text);
    this.renderPrimeSource();
  }

  private setPrime(text: string): void {
    this.host.state.playground.prime = text;
    this.primeInput.value = text;
    this.host.saveState();
  }

  private renderPrimeSource(): void {
    const s = this.host.state.playground;
    this.primeSourceEl.textContent = s.followCursor
      ? this.cursorText !== undefined
        ? `The prime follows the text before the cursor in ${this.cursorFile}; edit it to keep your own.`
        : 'The prime follows the text before the editor’s cursor.'
      : 'Your own prime.';
  }

  update(update: SampleUpdate): void {
    if (update.id !== this.running) return;
    this.surprisal = update.surprisal;
    this.output.setText(update.text);
    this.paint();
    const chars = update.surprisal.length;
    let sum = 0;
    for (const b of update.surprisal) sum += b;
    const figures = `${formatInteger(chars)} characters · ${formatNumber(chars ? sum / chars : NaN, 3)} bits/char · ${formatDuration(update.ms / 1000)}`;
    if (update.done) {
      this.running = undefined;
      this.runButton.textContent = 'Sample';
      this.statusEl.textContent = update.message ? update.message : `${figures} · ${STOP_TEXT[update.stop ?? 'length']}`;
      this.el.dataset.sampled = String(chars);
    } else this.statusEl.textContent = `${figures} · sampling…`;
  }

  private paint(): void {
    const palette = this.palette;
    if (!palette) return;
    this.output.paint((k) => css(surprisalColor(this.surprisal[k] ?? 0, palette)));
  }

  private render(): void {
    const ready = this.model.kind === 'ready';
    this.formEl.hidden = !ready;
    (this.el.querySelector('.sample-card') as HTMLElement | null)?.toggleAttribute('hidden', !ready);
    replaceChildren(
      this.emptyEl,
      ready
        ? null
        : this.model.kind === 'problem'
          ? emptyState('problem', 'The saved model cannot be used', [this.model.message], [{ label: 'Train on Workspace', run: () => this.host.train() }])
          : emptyState('welcome', 'No model yet', ['Train a model on this workspace, then prime it with some text and let it write.'], [{ label: 'Train on Workspace', run: () => this.host.train() }]),
    );
  }
}

/** A labelled form field holding `controls`. */
function field(label: string, ...controls: HTMLElement[]): HTMLElement {
  return h('label', { class: 'field' }, h('span', { class: 'control-label', text: label }), h('span', { class: 'field-controls' }, ...controls));
}
