// The base model's context models reading a workspace (src/core/index/workspaceIndex.ts): text
// that uses the workspace's own names costs fewer bits afterwards, the network is untouched,
// and the files beyond the memory budget are left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readCheckpoint } from '../../../src/core/model/checkpoint';
import { stackFromSection } from '../../../src/core/predict/stackState';
import { TextScorer } from '../../../src/core/predict/textScorer';
import { stackSizesFor } from '../../../src/core/predict/stackConfig';
import { indexWorkspace } from '../../../src/core/index/workspaceIndex';
import { SteppedLstm } from '../../../src/core/predict/lstmSource';
import { InferenceModel } from '../../../src/core/infer/inferenceModel';

const base = readCheckpoint(path.join(__dirname, '..', '..', 'fixtures', 'models', 'tiny-mix.recur'));
const encode = (text: string) => new TextEncoder().encode(text);
const workspace = [
  'export function quorvelFrandish(widgetCount: number): number {\n  return widgetCount * 3;\n}\n',
  'import { quorvelFrandish } from "./quorvel";\nconst total = quorvelFrandish(4);\n',
];
const typed = encode('const more = quorvelFrandish(widgetCount);\n');

function bits(checkpoint: typeof base): number {
  const scorer = new TextScorer(stackFromSection(checkpoint.context!).clone(), new SteppedLstm(new InferenceModel(checkpoint.model, checkpoint.weights)));
  scorer.readFile(typed);
  return scorer.totals.bits;
}

test('after reading the workspace, its own identifiers cost fewer bits; the network and the base are unchanged', async () => {
  const index = await indexWorkspace(base, workspace.map(encode), stackSizesFor(4), () => false);
  assert.ok(index);
  assert.equal(index.files, 2);
  assert.equal(index.bytes, workspace.reduce((n, f) => n + encode(f).length, 0));
  const before = bits(base);
  const after = bits(index.checkpoint);
  assert.ok(after < 0.8 * before, `${after.toFixed(1)} bits with the workspace read, ${before.toFixed(1)} without`);
  assert.equal(index.checkpoint.weights, base.weights);
  assert.equal(index.checkpoint.base?.step, base.step);
  assert.equal(bits(base), before, 'the base checkpoint itself did not learn');
});

test('files beyond the learning budget are left out, and a stop request ends it without a result', async () => {
  const sizes = { ...stackSizesFor(4), maxLearnBytes: encode(workspace[0]).length };
  const index = await indexWorkspace(base, workspace.map(encode), sizes, () => false);
  assert.equal(index?.files, 1);
  const big = Array.from({ length: 50 }, () => new Uint8Array(64 * 1024).fill(97));
  assert.equal(await indexWorkspace(base, big, stackSizesFor(64), () => true), undefined);
});

test('fit files are read with the network: the weighing adapts to the workspace and their text joins the statistics', async () => {
  const fit = [encode('function blorptangle(size: number) {\n  return quorvelFrandish(size) + blorptangle(size - 1);\n}\n')];
  const plain = await indexWorkspace(base, workspace.map(encode), stackSizesFor(4), () => false);
  const refitted = await indexWorkspace(base, workspace.map(encode), stackSizesFor(4), () => false, undefined, fit);
  assert.ok(plain && refitted);
  assert.equal(refitted.files, 3);
  assert.equal(refitted.bytes, plain.bytes + fit[0].length);
  const mixerOf = (c: typeof base) => stackFromSection(c.context!).mixer.weights.layer2;
  assert.notDeepEqual(mixerOf(refitted.checkpoint), mixerOf(plain.checkpoint), 'the mixer learned with the network as an input');
  const blorp = (c: typeof base) => {
    const scorer = new TextScorer(stackFromSection(c.context!).clone(), new SteppedLstm(new InferenceModel(c.model, c.weights)));
    scorer.readFile(encode('blorptangle(2)'));
    return scorer.totals.bits;
  };
  assert.ok(blorp(refitted.checkpoint) < blorp(plain.checkpoint), 'a name only the fit file has is cheaper after it was read');
  assert.equal(await indexWorkspace(base, workspace.map(encode), stackSizesFor(4), () => true, undefined, [new Uint8Array(64 * 1024).fill(98)]), undefined, 'a stop request during the fit ends it');
});
