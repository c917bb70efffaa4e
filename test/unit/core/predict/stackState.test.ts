import { test } from 'node:test';
import path from 'node:path';
import assert from 'node:assert/strict';
import { decodeCheckpoint, encodeCheckpoint, readCheckpoint } from '../../../../src/core/model/checkpoint';
import { DEFAULT_TRAIN_CONFIG, type ModelConfig } from '../../../../src/core/model/config';
import { emptyMetrics } from '../../../../src/shared/metrics';
import { initWeights } from '../../../../src/core/model/initWeights';
import { PredictorStack, stackMemoryBytes } from '../../../../src/core/predict/predictorStack';
import { sectionProblem, stackFromSection, stackToSection } from '../../../../src/core/predict/stackState';
import { TextScorer } from '../../../../src/core/predict/textScorer';
import { sizedForText, stackSizesFor } from '../../../../src/core/predict/stackConfig';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = 'def parse(line):\n    key, value = line.split("=", 1)\n    return key.strip(), value.strip()\n';

test('stack state: saved in a checkpoint and loaded back, it predicts exactly as before', () => {
  const stack = new PredictorStack({ tableBuckets: 1 << 12, workspaceBytes: 1 << 14 });
  new TextScorer(stack, undefined).readFile(bytes(text));
  const model: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 4, hiddenSize: 4, layers: 1 };
  const ckpt = {
    model,
    train: DEFAULT_TRAIN_CONFIG,
    step: 1,
    charsSeen: 1,
    weights: initWeights(model, 1),
    metrics: emptyMetrics(),
    context: stackToSection(stack, { trainBytes: text.length, fittedBytes: 0 }),
  };
  const loaded = stackFromSection(decodeCheckpoint(encodeCheckpoint(ckpt)).context!);
  const a = new TextScorer(stack, undefined);
  const b = new TextScorer(loaded, undefined);
  a.readFile(bytes(text.replace('parse', 'split')));
  b.readFile(bytes(text.replace('parse', 'split')));
  assert.equal(b.totals.bits, a.totals.bits);
  assert.equal(loaded.workspace.length, stack.workspace.length);
});

test('stack state: a section built with other context models is refused with a reason', () => {
  const section = stackToSection(new PredictorStack({ tableBuckets: 1 << 4, workspaceBytes: 1 << 10 }), { trainBytes: 0, fittedBytes: 0 });
  assert.equal(sectionProblem(section), undefined);
  assert.match(sectionProblem({ ...section, meta: { ...section.meta, version: 99 } }) ?? '', /version 99/);
  assert.match(sectionProblem({ ...section, meta: { ...section.meta, contexts: ['order 1'] } }) ?? '', /other context models/);
  assert.throws(() => stackFromSection({ ...section, meta: { ...section.meta, version: 99 } }), /version 99/);
});

test('stack sizes: the memory a stack holds is what its budget says: within it (run information beside the table) and the fixed tables, whatever the text it is sized for', () => {
  for (const mb of [4, 16, 32, 100]) {
    for (const sizes of [stackSizesFor(mb), sizedForText(stackSizesFor(mb), 200 * 1024)]) {
      const stack = new PredictorStack(sizes);
      assert.equal(stack.memoryBytes, stackMemoryBytes(sizes));
      assert.ok(stack.memoryBytes <= mb * 1024 * 1024 + FIXED_BYTES, `${mb} MB budget, ${sizes.tableBuckets} buckets: ${(stack.memoryBytes / 2 ** 20).toFixed(1)} MB`);
    }
  }
});

test('stack state: a table of a bucket count that is not a power of two is saved and loaded back, predicting exactly as before', () => {
  const sizes = { tableBuckets: 4 * 1500, workspaceBytes: 1 << 14 };
  const stack = new PredictorStack(sizes);
  new TextScorer(stack, undefined).readFile(bytes(text.repeat(3)));
  const section = stackToSection(stack, { trainBytes: 3 * text.length, fittedBytes: 0 });
  assert.equal(sectionProblem(section), undefined);
  const loaded = stackFromSection(section).clone(); // the section shares the stack's arrays
  assert.equal(loaded.table.bucketCount, 6000);
  const a = new TextScorer(stack, undefined);
  const b = new TextScorer(loaded, undefined);
  a.readFile(bytes(text.replace('parse', 'split')));
  b.readFile(bytes(text.replace('parse', 'split')));
  assert.equal(b.totals.bits, a.totals.bits);
  for (const tableBuckets of [6002, 2, 2 ** 24 + 4]) assert.match(sectionProblem({ ...section, meta: { ...section.meta, tableBuckets } }) ?? '', /multiple of 4/, String(tableBuckets));
});

test('stack state: the base model saved before tables could be any multiple of 4 loads, and its table still knows its contexts', () => {
  const base = readCheckpoint(BASE);
  const buckets = (base.context!.meta as { tableBuckets: number }).tableBuckets;
  assert.equal(buckets & (buckets - 1), 0, `a power of two (${buckets})`);
  const sample = bytes('import { readFileSync } from "node:fs";\nexport function parse(text: string): string[] {\n  return text.split("\\n").map((line) => line.trim());\n}\n');
  const bitsWith = (stack: PredictorStack) => {
    const scorer = new TextScorer(stack, undefined, LEARN_NONE);
    scorer.readFile(sample);
    return scorer.totals.bits / scorer.totals.chars;
  };
  const loaded = bitsWith(stackFromSection(base.context!));
  const emptied = stackFromSection(base.context!);
  emptied.table.bytes.fill(0);
  const withoutTable = bitsWith(emptied);
  // Contexts looked up where they were not put would read as unknown: as the emptied table does.
  assert.ok(loaded < 0.8 * withoutTable, `${loaded.toFixed(3)} bits/char with the saved table, ${withoutTable.toFixed(3)} with it emptied`);
});

const BASE = path.join(__dirname, '..', '..', '..', '..', 'models', 'base.recur');
const LEARN_NONE = { contexts: false, matches: false, mixer: false };

test('stack sizes: reading more text than the bound holds keeps the memory where it was', () => {
  const sizes = { tableBuckets: 1 << 12, workspaceBytes: 64 * 1024 }; // a small bound, for speed
  const stack = new PredictorStack(sizes);
  const before = stack.memoryBytes;
  assert.equal(before, stackMemoryBytes(sizes));
  // Text half again as large as the match history's capacity, and far more than the table holds.
  let seed = 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % 1000;
  const lines: string[] = [];
  for (let bytes = 0; bytes < 1.5 * sizes.workspaceBytes;) {
    const line = `  const value${random()} = compute${random()}(input${random()}, ${random()});\n`;
    lines.push(line);
    bytes += line.length;
  }
  new TextScorer(stack, undefined).readFile(new TextEncoder().encode(lines.join('')));
  assert.equal(stack.memoryBytes, before, 'nothing grew');
  assert.ok(stack.workspace.length <= sizes.workspaceBytes && stack.workspace.length > 0, `${stack.workspace.length} bytes of history, capacity ${sizes.workspaceBytes}`);
});

/** The APMs (three, 17.6 MB), the mixer and the indirect context's table, whatever the budget (stackConfig.ts). */
const FIXED_BYTES = 19 * 1024 * 1024;
