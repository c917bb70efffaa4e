// The training view: the headline (how good the model in use is, on which files, against
// what: the words of src/shared/present/, as the status bar and the notifications say them),
// headline figures of this workspace's runs, the curves (perplexity or bits per character
// against steps or time, with baselines and run boundaries; the gradient norm before clipping
// with the threshold and the clipped steps; characters per second) and the configuration.
// The curves show this workspace's runs, counted from its first; the base model's own history
// (a model fine-tuned from it) is folded away behind a toggle. Live points are appended as
// they arrive and drawn at most a few times a second.
import type { EvalPoint, MetricsHistory, StartEvalPoint, TrainPoint } from '../../src/shared/metrics';
import { backendShortName, chartHistory, clipStats, gradientSeries, lastRunBackend, lastRunSpeed, lossSeries, runBoundaries, speedSeries, toMetric } from './chartData';
import { modelScore, type ModelScore } from '../../src/shared/present/modelScore';
import { adviceSentence, levelTitle, scoreSentences } from '../../src/shared/present/modelWords';
import { formatBitsPerChar, formatPerplexity } from '../../src/shared/present/numbers';
import { workspaceScope } from '../../src/shared/present/workspaceHistory';
import { describeIndexContents, describeLeftOut } from '../../src/shared/indexSummary';
import type { ModelStatus, RunConfig, TrainingStatus } from '../../src/shared/panelProtocol';
import type { LossMetric, PanelViewState, XAxis } from '../../src/shared/panelViewState';
import { h, replaceChildren, segmented } from './dom';
import { emptyState } from './emptyState';
import { formatBytes, formatCompact, formatDuration, formatInteger, formatPercent, formatTick, formatTimeTick } from './format';
import { type ChartOptions, type Guide, LineChart } from './lineChart';
import { renderEffectCard } from './trainingEffectCard';
import type { ThemeColors } from './theme';

export interface TrainingViewHost {
  state: PanelViewState;
  saveState(): void;
  train(): void;
}

const MIN_REDRAW_MS = 250;
const BASELINE_COLORS: Guide['color'][] = ['purple', 'yellow', 'muted', 'blue'];

export class TrainingView {
  readonly el = h('div', { class: 'view training-view' });
  private readonly emptyEl = h('div');
  private readonly statsEl = h('div', { class: 'stats' });
  private readonly verdictEl = h('section', { class: 'verdict', attrs: { 'aria-live': 'polite' } });
  private readonly effectEl = h('section', { class: 'card effect' });
  private readonly contentEl: HTMLElement;
  private readonly configEl = h('div', { class: 'config' });
  private readonly gradientNote = h('p', { class: 'card-note' });
  private readonly lossTitle = h('h3', { class: 'card-title' });
  /** Shown when the history holds the base model's own runs. */
  private readonly baseToggle: { el: HTMLElement; set(value: 'workspace' | 'all'): void };
  private readonly scopeNote = h('p', { class: 'card-note scope-note' });
  private readonly lossChart: LineChart;
  private readonly gradientChart: LineChart;
  private readonly speedChart: LineChart;
  private history: MetricsHistory = { runs: [], train: [], eval: [], baselines: [], startEval: [] };
  private config: RunConfig | undefined;
  private model: ModelStatus = { kind: 'none' };
  private training: TrainingStatus = { kind: 'idle' };
  private redrawTimer: number | undefined;
  private lastRedraw = 0;
  private chartsDirty = true;

  constructor(private readonly host: TrainingViewHost) {
    this.lossChart = new LineChart(this.lossOptions());
    this.gradientChart = new LineChart(this.gradientOptions());
    this.speedChart = new LineChart(this.speedOptions());
    const metric = this.metricControl();
    const axis = this.axisControl();
    this.baseToggle = segmented<'workspace' | 'all'>(
      'Runs shown',
      [
        { value: 'workspace', label: 'This workspace', title: "This workspace's runs, steps and time counted from its first run" },
        { value: 'all', label: 'With base model', title: "The base model's own training (on public code) before this workspace's runs, as recorded" },
      ],
      host.state.baseHistory ? 'all' : 'workspace',
      (value) => {
        host.state.baseHistory = value === 'all';
        host.saveState();
        this.redrawCharts();
      },
    );
    this.contentEl = h(
      'div',
      { class: 'training-content' },
      this.verdictEl,
      this.effectEl,
      this.statsEl,
      h(
        'section',
        { class: 'card' },
        h('div', { class: 'card-header' }, this.lossTitle, h('div', { class: 'card-controls' }, this.baseToggle.el, metric.el, axis.el)),
        h('p', {
          class: 'card-note',
          text: "Lower is better. Training loss on each logged batch; validation on this workspace's held-out files, for the network alone and for the whole stack (network and context models mixed: what suggestions use). Each run's validation curves start with its model before training. Dashed lines: simple baselines on the same validation files. Drag across a chart to zoom in, double-click to zoom out.",
        }),
        this.scopeNote,
        this.lossChart.el,
      ),
      h('section', { class: 'card' }, h('div', { class: 'card-header' }, h('h3', { class: 'card-title', text: 'Gradient norm before clipping' })), this.gradientNote, this.gradientChart.el),
      h('section', { class: 'card' }, h('div', { class: 'card-header' }, h('h3', { class: 'card-title', text: 'Training speed' })), this.speedChart.el),
      h('section', { class: 'card' }, h('div', { class: 'card-header' }, h('h3', { class: 'card-title', text: 'Configuration' })), this.configEl),
    );
    this.el.append(this.emptyEl, this.contentEl);
    this.render();
  }

  /** The loss chart's measure: perplexity or bits per character. */
  private metricControl() {
    return segmented<LossMetric>(
      'Loss measure',
      [
        { value: 'perplexity', label: 'Perplexity', title: 'Perplexity per character = 2^(bits per character): the number of equally likely characters the model hesitates between' },
        { value: 'bpc', label: 'Bits/char', title: 'Bits per character: the average -log2 p of each actual character' },
      ],
      this.host.state.metric,
      (value) => {
        this.host.state.metric = value;
        this.host.saveState();
        this.lossChart.setOptions(this.lossOptions());
        this.redrawCharts();
        if (this.hasPoints()) this.renderStats(); // the figures above the chart are in the chosen measure too
      },
    );
  }

  /** The charts' horizontal axis: steps or time. */
  private axisControl() {
    return segmented<XAxis>(
      'Horizontal axis',
      [
        { value: 'step', label: 'Steps' },
        { value: 'time', label: 'Time' },
      ],
      this.host.state.xAxis,
      (value) => {
        this.host.state.xAxis = value;
        this.host.saveState();
        this.lossChart.setOptions(this.lossOptions());
        this.gradientChart.setOptions(this.gradientOptions());
        this.speedChart.setOptions(this.speedOptions());
        this.redrawCharts();
      },
    );
  }

  setTheme(theme: ThemeColors): void {
    this.lossChart.setTheme(theme);
    this.gradientChart.setTheme(theme);
    this.speedChart.setTheme(theme);
    this.chartsDirty = true;
    this.render();
  }

  setModel(status: ModelStatus): void {
    this.model = status;
    this.render();
  }

  setTraining(status: TrainingStatus): void {
    this.training = status;
    this.render();
  }

  setHistory(history: MetricsHistory, config: RunConfig | undefined): void {
    this.history = history;
    this.config = config;
    this.chartsDirty = true;
    this.render();
  }

  setRunConfig(config: RunConfig): void {
    this.config = config;
    this.scheduleRender();
  }

  addTrainPoint(point: TrainPoint): void {
    this.history.train.push(point);
    this.chartsDirty = true;
    this.scheduleRender();
  }

  addEvalPoint(point: EvalPoint): void {
    this.history.eval.push(point);
    this.chartsDirty = true;
    this.scheduleRender();
  }

  addStartEvalPoint(point: StartEvalPoint): void {
    (this.history.startEval ??= []).push(point);
    this.chartsDirty = true;
    this.scheduleRender();
  }

  /** Draws now if the last draw is long enough ago, else once later (live points come fast). */
  private scheduleRender(): void {
    if (this.redrawTimer !== undefined) return;
    const wait = Math.max(0, MIN_REDRAW_MS - (performance.now() - this.lastRedraw));
    this.redrawTimer = window.setTimeout(() => {
      this.redrawTimer = undefined;
      requestAnimationFrame(() => this.render());
    }, wait);
  }

  private hasPoints(): boolean {
    return this.history.train.length > 0 || this.history.eval.length > 0;
  }

  render(): void {
    this.lastRedraw = performance.now();
    const points = this.hasPoints();
    this.contentEl.hidden = !points;
    replaceChildren(this.emptyEl, points ? null : this.emptyContent());
    if (!points) return;
    this.renderStats();
    this.renderConfig();
    if (this.chartsDirty) this.redrawCharts();
  }

  private emptyContent(): HTMLElement {
    if (this.training.kind === 'training') {
      return emptyState('info', 'Training has started', ['Recur is reading the workspace and preparing the first batches. The curves appear with the first logged steps.']);
    }
    if (this.model.kind === 'problem') {
      return emptyState('problem', 'The saved model cannot be used', [this.model.message], [{ label: 'Train on Workspace', run: () => this.host.train() }]);
    }
    const origin = this.model.kind === 'ready' ? this.model.info.origin : undefined;
    if (this.model.kind === 'ready' && (origin === 'base' || origin === 'baseReadWorkspace')) {
      const read = origin === 'baseReadWorkspace' ? ", with this workspace's files read into its context models" : '';
      const index = this.model.info.index;
      const leftOut = index ? describeLeftOut(index) : undefined;
      const indexLine = index ? `Workspace index: ${describeIndexContents(index)}${leftOut ? `; ${leftOut}` : ''}.` : undefined;
      return emptyState(
        'info',
        'Not trained on this workspace yet',
        [
          `Suggestions use the base model shipped with Recur, trained on public code${read}. Train on Workspace fine-tunes it on this workspace; its curves, measured on held-out files of this workspace, appear here as it trains.`,
          ...(indexLine ? [indexLine] : []),
        ],
        [{ label: 'Train on Workspace', run: () => this.host.train() }],
      );
    }
    if (this.model.kind === 'ready') {
      return emptyState(
        'info',
        'No training history',
        ['This model’s checkpoint has no recorded training curves. Train on the workspace to continue it; the curves appear as it trains.'],
        [{ label: 'Train on Workspace', run: () => this.host.train() }],
      );
    }
    const minutes = this.model.kind === 'none' ? this.model.budgetMinutes : undefined;
    const budget =
      minutes === undefined ? '' : minutes > 0 ? ` for ${formatTick(minutes)} minute${minutes === 1 ? '' : 's'} (recur.training.maxMinutes)` : ' until you stop it (recur.training.maxMinutes is 0)';
    return emptyState(
      'welcome',
      'No model yet',
      ['Recur learns a character-level model of the files in this workspace, on this machine: nothing leaves it.', `Training runs in the background${budget} and its curves appear here as it goes.`],
      [{ label: 'Train on Workspace', run: () => this.host.train() }],
    );
  }

  /** A validation figure in the chosen measure, written as the status bar and the notifications write it. */
  private metricValue(bpc: number): string {
    if (!Number.isFinite(bpc)) return '–';
    return this.host.state.metric === 'bpc' ? formatBitsPerChar(bpc) : formatPerplexity(bpc);
  }

  /** The score of the model in use, on this workspace's held-out files (the status bar's and the notifications'). */
  private score(): ModelScore {
    return modelScore(this.history, 'workspace', this.config?.corpus?.validationFiles);
  }

  private renderVerdict(score: ModelScore): void {
    const level = score.measured === 'none' ? 'unknown' : score.level;
    this.verdictEl.className = `verdict ${level}`;
    this.verdictEl.dataset.level = level;
    const advice = adviceSentence(score, this.config?.train.maxMinutes);
    replaceChildren(
      this.verdictEl,
      h('h2', { class: 'verdict-title', text: levelTitle(score) }),
      h('p', { class: 'verdict-summary', text: scoreSentences(score).join(' ') }),
      advice ? h('p', { class: 'verdict-advice', text: advice }) : null,
    );
  }

  private renderStats(): void {
    const score = this.score();
    this.renderVerdict(score);
    const mine = chartHistory(this.history, false).history;
    const { train, eval: evals } = mine;
    const metricName = this.host.state.metric === 'bpc' ? 'bits/char' : 'perplexity';
    renderEffectCard(this.effectEl, this.history, score, this.host.state.metric === 'bpc' ? 'bits per character' : 'perplexity per character', (bpc) => this.metricValue(bpc));
    const lastTrain = train.at(-1);
    const lastEval = evals.at(-1);
    const speed = lastRunSpeed(mine);
    const backend = lastRunBackend(mine);
    const clips = clipStats(mine);
    const bestBaseline = score.comparisons[0];
    const elapsed = Math.max(lastTrain?.elapsedSec ?? 0, lastEval?.elapsedSec ?? 0);
    const lastStep = Math.max(lastTrain?.step ?? 0, lastEval?.step ?? 0);
    const stat = (label: string, value: string, note: string, title?: string) =>
      h('div', { class: 'stat', title }, h('div', { class: 'stat-label', text: label }), h('div', { class: 'stat-value', text: value }), h('div', { class: 'stat-note', text: note }));
    const runs = mine.runs.length;
    const validationNote =
      score.measured === 'none'
        ? 'no validation on this workspace yet'
        : `${score.measured === 'stack' ? `whole stack · network alone ${this.metricValue(score.networkBpc)}` : 'network alone'} · step ${formatInteger(score.step! - workspaceScope(this.history).startStep)}`;
    replaceChildren(
      this.statsEl,
      stat(
        `Validation ${metricName}`,
        this.metricValue(score.bpc),
        validationNote,
        "The model in use (the best validation so far) on this workspace's held-out files: with the context models, as suggestions use it, and the network alone. Lower is better.",
      ),
      stat(`Training ${metricName}`, lastTrain ? this.metricValue(lastTrain.bpc) : '–', lastTrain ? `last batch · step ${formatInteger(lastTrain.step)}` : ''),
      stat(
        'Best baseline',
        bestBaseline ? this.metricValue(bestBaseline.bpc) : '–',
        bestBaseline ? bestBaseline.short : 'measured when training starts',
        `${bestBaseline ? `${bestBaseline.name}: ` : ''}a simple model scored on the same validation files. Lower is better: the model should be below it.`,
      ),
      stat(
        'Clipped steps',
        formatPercent(clips.share),
        runs > 1 && Number.isFinite(clips.lastRunShare) ? `last run ${formatPercent(clips.lastRunShare)}` : `of ${formatInteger(clips.steps)} steps`,
        "Share of this workspace's training steps whose gradient norm exceeded the clipping threshold.",
      ),
      stat(
        'Speed',
        Number.isFinite(speed) ? `${formatCompact(speed)}/s` : '–',
        backend ? `last run · ${backendShortName(backend)}` : 'characters per second, last run',
        `The mean of the last run’s logged steps, while stepping (the output channel reports the same figure at the end of a run).${backend ? ` Characters per second, trained by ${backend.description}.` : ''}`,
      ),
      stat(
        'Workspace steps',
        formatInteger(lastStep),
        `${formatDuration(elapsed)} · ${runs} run${runs === 1 ? '' : 's'}`,
        "Counted from this workspace's first run (the base model's own training is not counted).",
      ),
    );
  }

  private xTick(): (v: number) => string {
    return this.host.state.xAxis === 'time' ? formatTimeTick : formatTick;
  }

  private lossOptions(): ChartOptions {
    const bpc = this.host.state.metric === 'bpc';
    this.lossTitle.textContent = bpc ? 'Bits per character' : 'Perplexity per character';
    return {
      name: bpc ? 'Training and validation bits per character' : 'Training and validation perplexity',
      height: 240,
      series: [
        { label: 'training', color: 'blue', width: 1.25, spanGaps: true },
        { label: 'validation, network', color: 'orange', width: 2.25, spanGaps: true },
        { label: 'training, interval mean', color: 'blue', width: 1.5, dash: [4, 3], spanGaps: true, show: false },
        { label: 'validation, whole stack', color: 'green', width: 2.25, spanGaps: true },
      ],
      xLabel: this.host.state.xAxis === 'time' ? 'time' : 'step',
      yLabel: bpc ? 'bits / char' : 'perplexity',
      xTick: this.xTick(),
      yTick: formatTick,
      yLog: !bpc,
      syncKey: 'recur-training',
    };
  }

  private gradientOptions(): ChartOptions {
    return {
      name: 'Gradient norm before clipping',
      height: 170,
      series: [
        { label: 'gradient norm', color: 'purple', width: 1.25, spanGaps: true },
        { label: 'clipped', color: 'red', dotsOnly: true },
      ],
      xLabel: this.host.state.xAxis === 'time' ? 'time' : 'step',
      yLabel: '‖g‖',
      xTick: this.xTick(),
      yTick: formatTick,
      yLog: true,
      syncKey: 'recur-training',
    };
  }

  private speedOptions(): ChartOptions {
    return {
      name: 'Characters per second',
      height: 140,
      series: [{ label: 'characters / s', color: 'green', width: 1.25, spanGaps: true }],
      xLabel: this.host.state.xAxis === 'time' ? 'time' : 'step',
      yLabel: 'chars / s',
      xTick: this.xTick(),
      yTick: (v) => formatCompact(v),
      yLog: false,
      yFromZero: true,
      syncKey: 'recur-training',
    };
  }

  private redrawCharts(): void {
    this.chartsDirty = false;
    const { xAxis, metric } = this.host.state;
    const { history, scope } = chartHistory(this.history, this.host.state.baseHistory);
    this.baseToggle.el.hidden = scope.baseRuns === 0;
    this.baseToggle.set(this.host.state.baseHistory ? 'all' : 'workspace');
    this.scopeNote.hidden = scope.baseRuns === 0;
    this.scopeNote.textContent = this.host.state.baseHistory
      ? `The base model's own training on public code (${scope.baseRuns} run${scope.baseRuns === 1 ? '' : 's'}, its validation on the base corpus) comes before the line marked “this workspace”.`
      : `This workspace's runs only, counted from its first (the model was fine-tuned from the base model, whose own training is hidden: “With base model” shows it).`;
    const markers = runBoundaries(history, xAxis, scope).map((b) => ({ x: b.x, label: b.label }));
    const baselines: Guide[] = history.baselines
      .filter((b) => Number.isFinite(b.bpc))
      .map((b, i) => ({ value: toMetric(b.bpc, metric) ?? NaN, label: `${b.name}: ${this.metricValue(b.bpc)}`, color: BASELINE_COLORS[i % BASELINE_COLORS.length] }));
    this.lossChart.setData(lossSeries(history, xAxis, metric), baselines, markers);
    const clip = this.config?.train.clipNorm;
    const clipGuides: Guide[] = clip !== undefined && Number.isFinite(clip) ? [{ value: clip, label: `clipping threshold θ = ${formatTick(clip)}`, color: 'red' }] : [];
    this.gradientChart.setData(gradientSeries(history, xAxis), clipGuides, markers);
    this.speedChart.setData(speedSeries(history, xAxis), [], markers);
    const clips = clipStats(history);
    const threshold = clip !== undefined ? ` (θ = ${formatTick(clip)}, dashed)` : '';
    const clipped =
      clips.steps === 0
        ? ''
        : clips.clipped === 0
          ? ` None of the ${formatInteger(clips.steps)} steps was clipped.`
          : ` ${formatInteger(clips.clipped)} of ${formatInteger(clips.steps)} steps (${formatPercent(clips.share)}) were clipped (red dots on the logged ones); long runs of clipped steps suggest a lower learning rate.`;
    this.gradientNote.textContent = `Global norm of the gradient on each logged step, before clipping${threshold}.${clipped}`;
  }

  private renderConfig(): void {
    const c = this.config;
    const info = this.model.kind === 'ready' ? this.model.info : undefined;
    const model = c?.model ?? info?.model;
    const rows = (title: string, entries: [string, string][]) =>
      h('div', { class: 'config-group' }, h('h4', { text: title }), h('dl', {}, ...entries.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])));
    const groups: HTMLElement[] = [];
    if (model) {
      groups.push(
        rows('Model', [
          ['Cell', model.cell.toUpperCase()],
          ['Layers × units', `${model.layers} × ${model.hiddenSize}`],
          ['Byte embedding', String(model.embeddingSize)],
          ['Parameters', formatInteger(c?.parameters ?? info?.parameters ?? NaN)],
        ]),
      );
    }
    if (c) {
      const t = c.train;
      const budget = [t.maxSteps > 0 ? `${formatInteger(t.maxSteps)} steps` : '', t.maxMinutes > 0 ? `${formatTick(t.maxMinutes)} min` : ''].filter(Boolean).join(' or ') || 'none';
      groups.push(
        rows('Training (last run)', [
          ['Sequence length T', String(t.seqLength)],
          ['Batch B', String(t.batchSize)],
          ['Clip θ', formatTick(t.clipNorm)],
          ['Learning rate', `${formatTick(t.learningRate)} (warmup ${formatInteger(t.warmupSteps)} steps)`],
          ['Budget', budget],
          ['Validate every', `${formatInteger(t.evalEvery)} steps`],
          ['Seed', String(t.seed)],
        ]),
      );
      if (c.corpus) {
        groups.push(
          rows('Data', [
            ['Training files', `${formatInteger(c.corpus.trainFiles)} (${formatBytes(c.corpus.trainBytes)})`],
            ['Validation files', `${formatInteger(c.corpus.validationFiles)} (${formatBytes(c.corpus.validationBytes)})`],
            ['Characters seen', formatCompact(c.charsSeen)],
          ]),
        );
      }
    }
    if (info) {
      groups.push(
        rows('Model in use', [
          ['Step', formatInteger(info.step)],
          ['Saved', info.savedAt ? new Date(info.savedAt).toLocaleString() : '–'],
          ['File', info.file],
        ]),
      );
    }
    replaceChildren(this.configEl, ...(groups.length ? groups : [h('p', { class: 'card-note', text: 'Not known yet.' })]));
  }
}
