import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCheckpoint, encodeCheckpoint } from '../../../../src/core/model/checkpoint';
import { DEFAULT_TRAIN_CONFIG, type ModelConfig } from '../../../../src/core/model/config';
import { initWeights } from '../../../../src/core/model/initWeights';
import { emptyMetrics } from '../../../../src/shared/metrics';
import { inputFamilies, PREDICTOR_FAMILIES } from '../../../../src/core/predict/attribution';
import { stretch } from '../../../../src/core/predict/logistic';
import type { CopyMode, Predictor, PredictorKind, StateWriter } from '../../../../src/core/predict/predictor';
import { inputCount, PredictorStack, stackMemoryBytes } from '../../../../src/core/predict/predictorStack';
import { DEFAULT_COMPOSITION, type StackComposition } from '../../../../src/core/predict/stackComposition';
import { sectionProblem, stackFromSection, stackToSection } from '../../../../src/core/predict/stackState';
import { TextScorer } from '../../../../src/core/predict/textScorer';

/** A trivial predictor: P(1) from the counts of zeros and ones it has learned, whatever the context. */
class BitCounts implements Predictor {
  readonly kind = BIT_COUNTS;
  readonly memoryBytes = 0;

  constructor(readonly counts: Float32Array) {}

  begin(): void {}

  predictBit(_c0: number, _depth: number, x: Float32Array, offset: number): void {
    x[offset] = stretch((this.counts[1] + 1) / (this.counts[0] + this.counts[1] + 2));
  }

  update(bit: number): void {
    this.counts[bit]++;
  }

  copy(mode: CopyMode): BitCounts {
    return new BitCounts(mode === 'fork' ? this.counts : this.counts.slice());
  }

  save(out: StateWriter): void {
    out.describe({ bitCounts: true });
    out.tensor('bitCounts', this.counts, [2]);
  }
}

const BIT_COUNTS: PredictorKind = {
  name: 'bit counts',
  inputs: [{ name: 'bit counts', family: 'short contexts' }],
  learnsWith: 'contexts',
  memoryBytes: () => 0,
  create: (_sizes, saved) => new BitCounts(saved ? saved.tensor('bitCounts', Float32Array, 2).slice() : new Float32Array(2)),
  stateProblem: (saved) => (saved.meta.bitCounts === true ? undefined : 'context statistics without bit counts'),
};

const WITH_COUNTS: StackComposition = {
  ...DEFAULT_COMPOSITION,
  predictors: [...DEFAULT_COMPOSITION.predictors, BIT_COUNTS],
};
const sizes = { tableBuckets: 1 << 12, workspaceBytes: 1 << 14 };
const bytes = (text: string) => new TextEncoder().encode(text);
const text = 'def parse(line):\n    key, value = line.split("=", 1)\n    return key.strip(), value.strip()\n';

function viaCheckpoint(stack: PredictorStack) {
  const model: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 4, hiddenSize: 4, layers: 1 };
  const context = stackToSection(stack, { trainBytes: text.length, fittedBytes: 0 });
  const weights = initWeights(model, 1);
  const checkpoint = { model, train: DEFAULT_TRAIN_CONFIG, step: 1, charsSeen: 1, weights, metrics: emptyMetrics(), context };
  return decodeCheckpoint(encodeCheckpoint(checkpoint)).context!;
}

test('composition: one more predictor in the list is one more mixer input, in the memory and the attribution', () => {
  const plain = new PredictorStack(sizes);
  const stack = new PredictorStack(sizes, WITH_COUNTS);
  assert.equal(stack.inputs.length, plain.inputs.length + 1);
  assert.equal(stack.mixer.shape.inputs, plain.mixer.shape.inputs + 1);
  assert.deepEqual(stack.inputs.at(-1), { name: 'bit counts', family: 'short contexts' });
  const weightSets = DEFAULT_COMPOSITION.selectors.reduce((n, selector) => n + selector.sets, 0);
  assert.equal(stackMemoryBytes(sizes, WITH_COUNTS), stackMemoryBytes(sizes) + 4 * weightSets, 'one more float per weight set');
  assert.equal(stack.memoryBytes, stackMemoryBytes(sizes, WITH_COUNTS));
  assert.equal(inputFamilies(stack.inputs).at(-1), PREDICTOR_FAMILIES.indexOf('short contexts'));
});

test('composition: the added predictor learns with the stack and its state round-trips through a checkpoint', () => {
  const stack = new PredictorStack(sizes, WITH_COUNTS);
  new TextScorer(stack, undefined).readFile(bytes(text));
  const counts = (stack.predictors.at(-1) as BitCounts).counts;
  assert.equal(counts[0] + counts[1], 8 * text.length, 'it learned every bit');
  const last = stack.inputs.length - 1;
  const learned = stack.mixer.weights.layer1.some((w) => w.some((v, i) => i % stack.inputs.length === last && v !== Math.fround(0.3)));
  assert.ok(learned, 'the mixer learned a weight for it');

  const loaded = stackFromSection(viaCheckpoint(stack), undefined, WITH_COUNTS);
  assert.deepEqual((loaded.predictors.at(-1) as BitCounts).counts, counts);
  const next = bytes(text.replace('parse', 'split'));
  const a = new TextScorer(stack, undefined);
  const b = new TextScorer(loaded, undefined);
  a.readFile(next);
  b.readFile(next);
  assert.equal(b.totals.bits, a.totals.bits, 'the loaded stack predicts exactly as the saved one');
  assert.deepEqual((loaded.predictors.at(-1) as BitCounts).counts, counts);
});

test('composition: a section is refused by a stack made of other predictors, with a reason', () => {
  const extended = viaCheckpoint(new PredictorStack(sizes, WITH_COUNTS));
  const plain = viaCheckpoint(new PredictorStack(sizes));
  assert.equal(sectionProblem(extended, WITH_COUNTS), undefined);
  const inputs = inputCount(DEFAULT_COMPOSITION);
  assert.match(sectionProblem(extended) ?? '', new RegExp(`other predictors \\(${inputs + 1} mixer inputs; this Recur's stack has ${inputs}\\)`));
  assert.match(sectionProblem(plain, WITH_COUNTS) ?? '', /without bit counts/);
  assert.throws(() => stackFromSection(plain, undefined, WITH_COUNTS), /without bit counts/);
});

test('composition: a section is refused by a stack whose mixer has other weight sets, with a reason', () => {
  const plain = viaCheckpoint(new PredictorStack(sizes));
  const sets = [...DEFAULT_COMPOSITION.selectors.map((selector) => selector.sets), DEFAULT_COMPOSITION.final.sets];
  const fewer: StackComposition = { ...DEFAULT_COMPOSITION, selectors: DEFAULT_COMPOSITION.selectors.slice(0, -1) };
  assert.match(sectionProblem(plain, fewer) ?? '', new RegExp(`other mixer selectors \\(weight sets ${sets.join(', ')}; this Recur's mixer has ${[...sets.slice(0, -2), sets.at(-1)].join(', ')}\\)`));
  const otherFinal: StackComposition = { ...DEFAULT_COMPOSITION, final: { ...DEFAULT_COMPOSITION.final, sets: 8 } };
  assert.match(sectionProblem(plain, otherFinal) ?? '', /other mixer selectors/);
  assert.throws(() => stackFromSection(plain, undefined, fewer), /other mixer selectors/);
});
