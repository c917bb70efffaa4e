// The panel's webview: a header (the model in use, the training state with Train / Stop),
// three tabs (Training, Activations, Playground), one tooltip, and the routing of the host's
// messages to the views. The user's choices live in PanelViewState, saved with setState on
// every change, so hiding the panel or reloading the window brings them back.
import { isHostMessage, type ModelStatus, type TrainingStatus } from '../../src/shared/panelProtocol';
import { type PanelTab, type PanelViewState } from '../../src/shared/panelViewState';
import { ActivationsView } from './activationsView';
import type { Palette } from './colorScale';
import { button, h, replaceChildren } from './dom';
import { formatCompact, formatInteger } from './format';
import { progressWords } from '../../src/shared/present/progress';
import { PlaygroundView } from './playgroundView';
import { isHighContrast, onThemeChange, readTheme, toRgba } from './theme';
import { Tooltip } from './tooltip';
import { TrainingView } from './trainingView';
import { loadViewState, postToHost, saveViewState } from './vscodeApi';

const TABS: { id: PanelTab; label: string }[] = [
  { id: 'training', label: 'Training' },
  { id: 'activations', label: 'Activations' },
  { id: 'playground', label: 'Playground' },
];

export class App {
  private readonly state: PanelViewState = loadViewState();
  private readonly tooltip = new Tooltip();
  private readonly modelEl = h('div', { class: 'header-model' });
  private readonly trainingEl = h('div', { class: 'header-training' });
  private readonly tabButtons = new Map<PanelTab, HTMLButtonElement>();
  private readonly views: Record<PanelTab, { el: HTMLElement }>;
  private readonly trainingView: TrainingView;
  private readonly activationsView: ActivationsView;
  private readonly playgroundView: PlaygroundView;
  private model: ModelStatus = { kind: 'none' };
  private training: TrainingStatus = { kind: 'idle' };

  constructor(private readonly root: HTMLElement) {
    const saveState = () => saveViewState(this.state);
    const train = () => postToHost({ type: 'command', command: 'train' });
    this.trainingView = new TrainingView({ state: this.state, saveState, train });
    this.activationsView = new ActivationsView({
      state: this.state,
      saveState,
      train,
      tooltip: this.tooltip,
      selectLayer: (layer, kind) => {
        this.state.layer = layer;
        this.state.kind = kind;
        saveState();
        postToHost({ type: 'selectLayer', layer, kind });
      },
      refresh: () => postToHost({ type: 'refresh' }),
    });
    this.playgroundView = new PlaygroundView({
      state: this.state,
      saveState,
      train,
      tooltip: this.tooltip,
      sample: (request) => postToHost({ type: 'sample', ...request }),
      cancel: (id) => postToHost({ type: 'cancelSample', id }),
    });
    this.views = { training: this.trainingView, activations: this.activationsView, playground: this.playgroundView };
    const tabs = h('nav', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Model panel views' } });
    for (const tab of TABS) {
      const b = h('button', {
        class: 'tab',
        text: tab.label,
        attrs: { type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-controls': `view-${tab.id}` },
        on: { click: () => this.selectTab(tab.id) },
      });
      this.tabButtons.set(tab.id, b);
      tabs.appendChild(b);
    }
    for (const tab of TABS) {
      const el = this.views[tab.id].el;
      el.id = `view-${tab.id}`;
      el.setAttribute('role', 'tabpanel');
      el.setAttribute('aria-labelledby', `tab-${tab.id}`);
    }
    root.append(
      h('header', { class: 'header' }, h('div', { class: 'header-row' }, this.modelEl, this.trainingEl), tabs),
      h('main', { class: 'views' }, this.trainingView.el, this.activationsView.el, this.playgroundView.el),
    );
    this.selectTab(this.state.tab);
    this.applyTheme();
    onThemeChange(() => this.applyTheme());
    this.renderHeader();
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.onMessage(event.data));
    window.addEventListener('scroll', () => this.tooltip.hide(), { passive: true });
    postToHost({ type: 'ready', layer: this.state.layer, kind: this.state.kind });
  }

  private selectTab(tab: PanelTab): void {
    this.state.tab = tab;
    saveViewState(this.state);
    this.tooltip.hide();
    for (const { id } of TABS) {
      const selected = id === tab;
      this.tabButtons.get(id)!.setAttribute('aria-selected', String(selected));
      this.tabButtons.get(id)!.tabIndex = selected ? 0 : -1;
      this.views[id].el.hidden = !selected;
    }
    this.root.dataset.tab = tab;
  }

  private applyTheme(): void {
    const theme = readTheme();
    const hc = isHighContrast();
    const palette: Palette = {
      background: toRgba(theme.background),
      negative: toRgba(theme.blue),
      positive: toRgba(theme.red),
      low: toRgba(theme.yellow),
      high: toRgba(theme.red),
      maxAlpha: hc ? 0.85 : 0.6,
      families: [theme.blue, theme.green, theme.yellow, theme.purple, theme.orange, theme.red].map(toRgba),
    };
    this.trainingView.setTheme(theme);
    this.activationsView.setTheme(theme, palette);
    this.playgroundView.setTheme(palette);
  }

  private onMessage(data: unknown): void {
    if (!isHostMessage(data)) return;
    const message = data;
    switch (message.type) {
      case 'model':
        this.model = message.status;
        this.trainingView.setModel(message.status);
        this.activationsView.setModel(message.status);
        this.playgroundView.setModel(message.status);
        this.renderHeader();
        break;
      case 'training':
        this.training = message.status;
        this.trainingView.setTraining(message.status);
        this.renderHeader();
        break;
      case 'history':
        this.trainingView.setHistory(message.history, message.config);
        break;
      case 'trainPoint':
        this.trainingView.addTrainPoint(message.point);
        break;
      case 'evalPoint':
        this.trainingView.addEvalPoint(message.point);
        break;
      case 'startEvalPoint':
        this.trainingView.addStartEvalPoint(message.point);
        break;
      case 'runConfig':
        this.trainingView.setRunConfig(message.config);
        break;
      case 'activations':
        this.activationsView.setPayload(message.payload);
        break;
      case 'layerView':
        this.activationsView.setLayerView(message.id, message.view);
        break;
      case 'activationsBusy':
        this.activationsView.setBusy();
        break;
      case 'activationsEmpty':
        this.activationsView.setEmpty(message.reason, message.detail);
        break;
      case 'sample':
        this.playgroundView.update(message.update);
        break;
      case 'cursorText':
        this.playgroundView.setCursorText(message.text, message.file);
        break;
    }
  }

  private renderHeader(): void {
    const m = this.model;
    if (m.kind === 'ready') {
      const c = m.info.model;
      replaceChildren(
        this.modelEl,
        h('span', { class: 'model-name', text: `${c.cell.toUpperCase()} ${c.layers} × ${c.hiddenSize}` }),
        h('span', {
          class: 'model-meta',
          text: `${formatCompact(m.info.parameters)} parameters · ${m.info.origin === 'base' || m.info.origin === 'baseReadWorkspace' ? `base model, ${formatInteger(m.info.step)} steps on public code` : `saved at its best validation, step ${formatInteger(m.info.workspaceSteps ?? m.info.step)} on this workspace`}`,
        }),
      );
    } else replaceChildren(this.modelEl, h('span', { class: 'model-name', text: m.kind === 'problem' ? 'Model unreadable' : 'No model yet' }));
    const t = this.training;
    const train = () => postToHost({ type: 'command', command: 'train' });
    if (t.kind === 'training') {
      replaceChildren(
        this.trainingEl,
        h('span', { class: 'status-dot training', attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'status-text', text: `Training ${progressWords(t).short}` }),
        button('Stop', () => postToHost({ type: 'command', command: 'stopTraining' }), { secondary: true }),
      );
    } else if (t.kind === 'failed') {
      replaceChildren(
        this.trainingEl,
        h('span', { class: 'status-dot failed', attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'status-text', text: 'Training failed', title: t.message }),
        button('Log', () => postToHost({ type: 'command', command: 'showLog' }), { secondary: true }),
        button('Train', train),
      );
    } else {
      replaceChildren(
        this.trainingEl,
        h('span', { class: 'status-dot idle', attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'status-text', text: 'Idle' }),
        button(m.kind === 'ready' && m.info.origin === 'workspace' ? 'Continue training' : 'Train on Workspace', train, { secondary: m.kind === 'ready' }),
      );
    }
  }
}
