// The panel's message protocol: what the host accepts from the webview (everything else is
// dropped), what the webview accepts from the host, and the saved view state's defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isHostMessage, LIMITS, parseWebviewMessage, type ActivationsPayload, type LayerView } from '../../../src/shared/panelProtocol';
import { DEFAULT_VIEW_STATE, parsePanelViewState } from '../../../src/shared/panelViewState';

test('valid webview messages are accepted, with only their known fields', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready', layer: 1, kind: 'c', extra: 'x' }), { type: 'ready', layer: 1, kind: 'c' });
  assert.deepEqual(parseWebviewMessage({ type: 'selectLayer', layer: 0, kind: 'h' }), { type: 'selectLayer', layer: 0, kind: 'h' });
  assert.deepEqual(parseWebviewMessage({ type: 'sample', id: 3, prime: 'def ', temperature: 0.5, seed: 42, length: 200, evil: true }), {
    type: 'sample',
    id: 3,
    prime: 'def ',
    temperature: 0.5,
    seed: 42,
    length: 200,
    repetitionPenalty: 1,
  });
  assert.deepEqual(parseWebviewMessage({ type: 'sample', id: 0, prime: '', temperature: 0, seed: 0, length: LIMITS.sampleMaxLength, repetitionPenalty: LIMITS.repetitionPenaltyMax }), {
    type: 'sample',
    id: 0,
    prime: '',
    temperature: 0,
    seed: 0,
    length: LIMITS.sampleMaxLength,
    repetitionPenalty: LIMITS.repetitionPenaltyMax,
  });
  assert.deepEqual(parseWebviewMessage({ type: 'cancelSample', id: 3 }), { type: 'cancelSample', id: 3 });
  assert.deepEqual(parseWebviewMessage({ type: 'command', command: 'train' }), { type: 'command', command: 'train' });
  assert.deepEqual(parseWebviewMessage({ type: 'command', command: 'stopTraining' }), { type: 'command', command: 'stopTraining' });
  assert.deepEqual(parseWebviewMessage({ type: 'refresh' }), { type: 'refresh' });
});

test('malformed or out-of-range webview messages are dropped', () => {
  const sample = { type: 'sample', id: 1, prime: 'x', temperature: 1, seed: 1, length: 10 };
  const bad: unknown[] = [
    null,
    undefined,
    'ready',
    [],
    { type: 'nope' },
    { layer: 0, kind: 'h' },
    { type: 'ready', layer: -1, kind: 'h' },
    { type: 'ready', layer: LIMITS.layerMax + 1, kind: 'h' },
    { type: 'ready', layer: 0.5, kind: 'h' },
    { type: 'selectLayer', layer: 0, kind: 'g' },
    { ...sample, temperature: -0.1 },
    { ...sample, repetitionPenalty: 0.9 },
    { ...sample, repetitionPenalty: LIMITS.repetitionPenaltyMax + 0.1 },
    { ...sample, repetitionPenalty: '2' },
    { ...sample, temperature: LIMITS.temperatureMax + 0.01 },
    { ...sample, temperature: NaN },
    { ...sample, temperature: '1' },
    { ...sample, length: 0 },
    { ...sample, length: LIMITS.sampleMaxLength + 1 },
    { ...sample, length: 10.5 },
    { ...sample, seed: -1 },
    { ...sample, seed: 1.5 },
    { ...sample, seed: LIMITS.seedMax + 1 },
    { ...sample, prime: 7 },
    { ...sample, prime: 'x'.repeat(LIMITS.primeMaxLength + 1) },
    { ...sample, id: -1 },
    { ...sample, id: '1' },
    { type: 'cancelSample' },
    { type: 'command', command: 'workbench.action.terminal.new' },
    { type: 'command', command: 'recur.trainOnWorkspace' },
  ];
  for (const message of bad) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
});

function layerView(chars: number, units: number): LayerView {
  return { layer: 0, kind: 'h', units, chars, values: new Float32Array(chars * units), variance: new Float32Array(units), ranking: new Int32Array(units), maxAbs: new Float32Array(units) };
}

function activations(chars: number): ActivationsPayload {
  return {
    id: 1,
    file: 'a.ts',
    firstLine: 1,
    lastLine: 1,
    fromSelection: false,
    truncated: false,
    text: 'x'.repeat(chars),
    chars,
    cursorChar: 0,
    surprisal: new Float32Array(chars),
    cell: 'lstm',
    layers: 1,
    hiddenSize: 4,
    modelStep: 10,
    saturation: [[]],
    view: layerView(chars, 4),
    stack: undefined,
    stackMissing: 'no context models',
    tracks: [],
    computeMs: 1,
  };
}

function stackWindow(chars: number) {
  return {
    surprisal: new Float32Array(chars),
    networkSurprisal: new Float32Array(chars),
    carriedBy: new Int8Array(chars),
    shares: new Float32Array(6),
    families: ['network', 'short contexts', 'long contexts', 'code structure', 'workspace copy', 'document copy'],
  };
}

test('host messages of every kind pass the webview check when well formed', () => {
  const history = { runs: [], train: [], eval: [], baselines: [] };
  const good: unknown[] = [
    { type: 'model', status: { kind: 'none' } },
    { type: 'model', status: { kind: 'problem', message: 'bad file' } },
    { type: 'model', status: { kind: 'ready', info: { file: 'f', model: {}, step: 1, parameters: 2, savedAt: undefined } } },
    { type: 'training', status: { kind: 'idle' } },
    { type: 'training', status: { kind: 'training', phase: 'stepping', fraction: 0.5, etaSec: undefined } },
    { type: 'training', status: { kind: 'failed', message: 'x' } },
    { type: 'history', history, config: undefined },
    { type: 'trainPoint', point: { step: 5, elapsedSec: 1, bpc: 3 } },
    { type: 'trainPoint', point: { step: 5, elapsedSec: 1, bpc: null } }, // NaN after JSON
    { type: 'evalPoint', point: { step: 5, elapsedSec: 1, valBpc: 3 } },
    { type: 'startEvalPoint', point: { run: 1, step: 0, elapsedSec: 0, valBpc: 8, mixBpc: 4 } },
    { type: 'history', history: { ...history, startEval: [{ run: 1, step: 0, elapsedSec: 0, valBpc: 8 }] }, config: undefined },
    { type: 'runConfig', config: { model: {}, train: {} } },
    { type: 'activations', payload: activations(3) },
    { type: 'activations', payload: { ...activations(3), stack: stackWindow(3), stackMissing: undefined, tracks: [{ feature: 'string', units: [{ layer: 0, kind: 'c', unit: 2, r: 0.7 }] }] } },
    { type: 'cursorText', text: 'const x = ', file: 'a.ts' },
    { type: 'layerView', id: 1, view: layerView(3, 4) },
    { type: 'activationsBusy' },
    { type: 'activationsEmpty', reason: 'noEditor', detail: undefined },
    { type: 'sample', update: { id: 1, text: 'ab', surprisal: new Float32Array(2), done: true, stop: 'length', message: undefined, ms: 3 } },
  ];
  for (const message of good) assert.ok(isHostMessage(message), JSON.stringify(message));
});

test('host messages with the wrong shape are rejected by the webview', () => {
  const payload = activations(3);
  const bad: unknown[] = [
    null,
    { type: 'unknown' },
    { type: 'model', status: { kind: 'problem' } },
    { type: 'training', status: { kind: 'training' } },
    { type: 'training', status: { kind: 'training', fraction: 0.5, etaSec: 3 } }, // no phase (an older host)
    { type: 'history', history: { runs: [], train: [] } },
    { type: 'history', history: { runs: [], train: [], eval: [], baselines: [], startEval: {} } },
    { type: 'startEvalPoint', point: { step: 0 } },
    { type: 'trainPoint', point: { step: null, elapsedSec: 1, bpc: 3 } },
    { type: 'activations', payload: { ...payload, surprisal: [0, 0, 0] } }, // a plain array, not Float32Array
    { type: 'activations', payload: { ...payload, surprisal: new Float32Array(2) } }, // length != chars
    { type: 'activations', payload: { ...payload, view: layerView(4, 4) } }, // view for another window size
    { type: 'activations', payload: { ...payload, view: { ...layerView(3, 4), values: new Float32Array(5) } } },
    { type: 'layerView', id: 1, view: { ...layerView(3, 4), ranking: new Float32Array(4) } },
    { type: 'activationsEmpty', reason: 'because' },
    { type: 'sample', update: { id: 1, text: 'ab', surprisal: [1, 2], done: true } },
    { type: 'activations', payload: { ...payload, stack: { ...stackWindow(3), carriedBy: new Int8Array(2) } } },
    { type: 'activations', payload: { ...payload, tracks: undefined } },
    { type: 'cursorText', text: 3, file: 'a.ts' },
  ];
  for (const message of bad) assert.equal(isHostMessage(message), false, JSON.stringify(message));
});

test('the saved view state: defaults for nothing, valid fields kept, invalid ones replaced one by one', () => {
  assert.deepEqual(parsePanelViewState(undefined), DEFAULT_VIEW_STATE);
  assert.deepEqual(parsePanelViewState('garbage'), DEFAULT_VIEW_STATE);
  const saved = {
    tab: 'activations',
    metric: 'bpc',
    xAxis: 'time',
    baseHistory: true,
    layer: 1,
    kind: 'c',
    colour: 'unit',
    unit: 17,
    heatmapRows: 64,
    playground: { prime: 'if (', followCursor: false, temperature: 1.2, seed: 9, length: 50, repetitionPenalty: 1.5 },
  };
  assert.deepEqual(parsePanelViewState(saved), saved);
  // A state saved before the colour and the repetition penalty existed: a unit picked then still colours the text; a prime typed then is kept.
  const older = parsePanelViewState({ ...saved, colour: undefined, playground: { prime: 'if (', temperature: 1.2, seed: 9, length: 50 } });
  assert.equal(older.colour, 'unit');
  assert.equal(older.playground.followCursor, false);
  assert.equal(older.playground.repetitionPenalty, DEFAULT_VIEW_STATE.playground.repetitionPenalty);
  assert.equal(parsePanelViewState({ ...saved, baseHistory: undefined }).baseHistory, false, "a state saved before the toggle: this workspace's runs only");
  const mixed = parsePanelViewState({ ...saved, tab: 'secret', layer: 9, unit: -3, heatmapRows: 33, playground: { ...saved.playground, temperature: 5, length: 0 } });
  assert.equal(mixed.tab, DEFAULT_VIEW_STATE.tab);
  assert.equal(mixed.layer, DEFAULT_VIEW_STATE.layer);
  assert.equal(mixed.unit, undefined);
  assert.equal(mixed.heatmapRows, DEFAULT_VIEW_STATE.heatmapRows);
  assert.equal(mixed.metric, 'bpc');
  assert.equal(mixed.kind, 'c');
  assert.deepEqual(mixed.playground, {
    prime: 'if (',
    followCursor: false,
    temperature: DEFAULT_VIEW_STATE.playground.temperature,
    seed: 9,
    length: DEFAULT_VIEW_STATE.playground.length,
    repetitionPenalty: 1.5,
  });
});
