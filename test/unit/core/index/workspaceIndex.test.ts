// The base model's context models reading a workspace (src/core/index/workspaceIndex.ts): text
// that uses the workspace's own names costs fewer bits afterwards, the network is untouched,
// fit files refit the weighing, and the most relevant file is what the stack copies from when
// two files disagree (it is read last).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readCheckpoint } from '../../../../src/core/model/checkpoint';
import { stackFromSection } from '../../../../src/core/predict/stackState';
import { TextScorer } from '../../../../src/core/predict/textScorer';
import { stackSizesFor } from '../../../../src/core/predict/stackConfig';
import type { PredictorStack } from '../../../../src/core/predict/predictorStack';
import { learnFirstIndex, learnWorkspace, withIndexStack } from '../../../../src/core/index/workspaceIndex';
import { WHOLE_STACK } from '../../../../src/core/index/weighedFiles';
import { ContextPredictor } from '../../../../src/core/predict/predictors/contextPredictor';
import { SteppedLstm } from '../../../../src/core/infer/steppedLstm';
import { InferenceModel } from '../../../../src/core/infer/inferenceModel';
import { Cursor } from '../../../../src/core/predict/cursor';
import { MATCH_SOURCES, MATCH_WORKSPACE } from '../../../../src/core/predict/predictorStack';
import { predictedByte } from '../../../../src/core/predict/matchModel';

const base = readCheckpoint(path.join(__dirname, '..', '..', '..', 'fixtures', 'models', 'tiny-mix.recur'));
const encode = (text: string) => new TextEncoder().encode(text);
const plain = (text: string) => ({ text: encode(text), fit: false });
const workspace = [
  'export function quorvelFrandish(widgetCount: number): number {\n  return widgetCount * 3;\n}\n',
  'import { quorvelFrandish } from "./quorvel";\nconst total = quorvelFrandish(4);\n',
];

/** Bits the stack (with the base network) takes for `text`, read on a copy. */
function bits(stack: PredictorStack, text: string): number {
  const scorer = new TextScorer(stack.clone(), new SteppedLstm(new InferenceModel(base.model, base.weights)));
  scorer.readFile(encode(text));
  return scorer.totals.bits;
}

test('after reading the workspace, its own identifiers cost fewer bits; the network and the base are unchanged', async () => {
  const stack = await learnWorkspace(base, workspace.map(plain), stackSizesFor(4), () => false);
  assert.ok(stack);
  const typed = 'const more = quorvelFrandish(widgetCount);\n';
  const before = bits(stackFromSection(base.context!), typed);
  const after = bits(stack, typed);
  assert.ok(after < 0.8 * before, `${after.toFixed(1)} bits with the workspace read, ${before.toFixed(1)} without`);
  const checkpoint = withIndexStack(base, stack, { trainBytes: 1, fittedBytes: 0 });
  assert.equal(checkpoint.weights, base.weights);
  assert.equal(checkpoint.base?.step, base.step);
  assert.equal(bits(stackFromSection(base.context!), typed), before, 'the base checkpoint itself did not learn');
});

test('a stop request ends it without a result', async () => {
  const big = Array.from({ length: 50 }, () => ({ text: new Uint8Array(64 * 1024).fill(97), fit: false }));
  assert.equal(await learnWorkspace(base, big, stackSizesFor(64), () => true), undefined);
});

test('fit files are read with the network: the weighing adapts to the workspace and their text joins the statistics', async () => {
  const fit = { text: encode('function blorptangle(size: number) {\n  return quorvelFrandish(size) + blorptangle(size - 1);\n}\n'), fit: true };
  const without = await learnWorkspace(base, workspace.map(plain), stackSizesFor(4), () => false);
  const refitted = await learnWorkspace(base, [fit, ...workspace.map(plain)], stackSizesFor(4), () => false);
  assert.ok(without && refitted);
  assert.notDeepEqual(refitted.mixer.weights.layer2, without.mixer.weights.layer2, 'the mixer learned with the network as an input');
  assert.ok(bits(refitted, 'blorptangle(2)') < bits(without, 'blorptangle(2)'), 'a name only the fit file has is cheaper after it was read');
  assert.equal(await learnWorkspace(base, [{ text: new Uint8Array(64 * 1024).fill(98), fit: true }], stackSizesFor(4), () => true), undefined, 'a stop request during the fit ends it');
});

test('the most relevant file is read last: the match model copies from it, and it stays when the history is full', async () => {
  const near = 'export const settings = createWidgetFactory({ mode: "strict", retries: 3 });\n';
  const far = 'export const settings = createWidgetFactory({ mode: "loose", retries: 9 });\n';
  const filler = Array.from({ length: 6 }, (_, i) => plain(`// filler ${i}\n${'let x = 1;\n'.repeat(3000)}`));
  const predicted = (stack: PredictorStack) => {
    const cursor = new Cursor(MATCH_SOURCES);
    const histories = stack.histories(undefined);
    for (const byte of encode('const other = createWidgetFactory({ mode: "')) cursor.push(byte, histories);
    return String.fromCharCode(predictedByte(cursor.matches[MATCH_WORKSPACE], stack.workspace));
  };
  const sizes = { ...stackSizesFor(4), workspaceBytes: 64 * 1024 };
  const nearFirst = await learnWorkspace(base, [plain(near), plain(far), ...filler], sizes, () => false);
  const farFirst = await learnWorkspace(base, [plain(far), plain(near), ...filler], sizes, () => false);
  assert.ok(nearFirst && farFirst);
  assert.equal(predicted(nearFirst), 's', 'the near file, given first (most relevant), is copied from');
  assert.equal(predicted(farFirst), 'l', 'and the other way round');
  const text = (stack: PredictorStack) => new TextDecoder().decode(stack.workspace.bytes.subarray(0, stack.workspace.length));
  assert.ok(text(nearFirst).length < 6 * 33000, 'the history dropped its oldest text');
  assert.ok(text(nearFirst).endsWith(`${far}\0${near}\0`), 'the most relevant text is the last read and is kept');
});

test("the first index learns the files' statistics without predicting: identifiers cheaper, the weighing as the base's, nearest file copied from, stop heard", async () => {
  const stack = await learnFirstIndex(base, workspace.map(plain), stackSizesFor(4), () => false);
  assert.ok(stack);
  const typed = 'const more = quorvelFrandish(widgetCount);\n';
  const before = bits(stackFromSection(base.context!), typed);
  assert.ok(bits(stack, typed) < 0.8 * before, `${bits(stack, typed).toFixed(1)} bits with the first index, ${before.toFixed(1)} without`);
  assert.deepEqual(stack.mixer.weights.layer2, stackFromSection(base.context!).mixer.weights.layer2, 'the mixer did not learn');
  const text = new TextDecoder().decode(stack.workspace.bytes.subarray(0, stack.workspace.length));
  assert.equal(text, `${workspace[1]}\0${workspace[0]}\0`, 'read least relevant first: the most relevant is the latest history');
  const big = Array.from({ length: 8 }, () => ({ text: new Uint8Array(256 * 1024).fill(97), fit: false }));
  assert.equal(await learnFirstIndex(base, big, stackSizesFor(64), () => true), undefined, 'a stop request ends it');
});

test("far files (outside the edited project) give statistics and history alone: the weighing learns from the project's files only", async () => {
  const library = workspace.map((text) => ({ text: encode(text), fit: false, far: true }));
  const farOnly = await learnWorkspace(base, library, stackSizesFor(4), () => false);
  const asProject = await learnWorkspace(base, workspace.map(plain), stackSizesFor(4), () => false);
  assert.ok(farOnly && asProject);
  const baseMixer = stackFromSection(base.context!).mixer.weights.layer2;
  assert.deepEqual(farOnly.mixer.weights.layer2, baseMixer, 'the mixer did not learn from far files');
  assert.notDeepEqual(asProject.mixer.weights.layer2, baseMixer, 'it learns from the project');
  const typed = 'const more = quorvelFrandish(widgetCount);\n';
  assert.ok(bits(farOnly, typed) < 0.8 * bits(stackFromSection(base.context!), typed), "far files' identifiers are cheaper");
  const near = await learnWorkspace(base, [plain('const nearThing = 1;\n'), ...library], stackSizesFor(4), () => false);
  const history = new TextDecoder().decode(near!.workspace.bytes.subarray(0, near!.workspace.length));
  assert.ok(history.endsWith('const nearThing = 1;\n\0'), 'the far files are read first, the project last');
});

test("the weighing learns from its share of the project's files only; the statistics and history are the same whatever the share", async () => {
  const files = workspace.map(plain);
  const none = await learnWorkspace(base, files, stackSizesFor(4), () => false, undefined, { stride: 1, maxBytes: 0 });
  const mostRelevant = await learnWorkspace(base, files, stackSizesFor(4), () => false, undefined, { stride: 2, maxBytes: Infinity });
  const onlyOther = await learnWorkspace(base, files, stackSizesFor(4), () => false, undefined, { stride: 1, maxBytes: files[1].text.length });
  const every = await learnWorkspace(base, files, stackSizesFor(4), () => false, undefined, WHOLE_STACK);
  assert.ok(none && mostRelevant && onlyOther && every);
  const baseMixer = stackFromSection(base.context!).mixer.weights.layer2;
  assert.deepEqual(none.mixer.weights.layer2, baseMixer, 'no share: the mixer did not learn');
  assert.deepEqual(none.apms.tables.apm1, stackFromSection(base.context!).apms.tables.apm1, 'nor the APMs');
  assert.notDeepEqual(mostRelevant.mixer.weights.layer2, baseMixer, 'stride 2 of two files: the most relevant one is weighed');
  assert.notDeepEqual(onlyOther.mixer.weights.layer2, mostRelevant.mixer.weights.layer2, 'a budget too small for the most relevant file: the other one is weighed instead');
  assert.notDeepEqual(every.mixer.weights.layer2, mostRelevant.mixer.weights.layer2, 'every file weighed');
  const contexts = (stack: PredictorStack) => stack.predictors.find((p): p is ContextPredictor => p instanceof ContextPredictor)!;
  for (const stack of [mostRelevant, onlyOther, every]) {
    assert.deepEqual(contexts(stack).table.bytes, contexts(none).table.bytes, 'the same bit histories');
    assert.deepEqual(contexts(stack).runs.runs, contexts(none).runs.runs, 'the same runs');
    assert.deepEqual(
      contexts(stack).maps.map((m) => m.p),
      contexts(none).maps.map((m) => m.p),
      'the same state maps',
    );
    assert.deepEqual(stack.workspace.bytes.subarray(0, stack.workspace.length), none.workspace.bytes.subarray(0, none.workspace.length), 'the same history');
  }
});
