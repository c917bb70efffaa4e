// The sliced trace is the same trace as one runWithTrace, yields between slices, and stops
// when cancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CELL_TYPES, type ModelConfig } from '../../../../src/core/model/config';
import { initWeights } from '../../../../src/core/model/initWeights';
import { InferenceModel } from '../../../../src/core/infer/inferenceModel';
import { runWithTrace } from '../../../../src/core/infer/trace';
import { advanceInSlices, traceInSlices } from '../../../../src/core/panel/slicedTrace';
import { sliceLoop, type SliceControl } from '../../../../src/core/slicing';

const bytes = new TextEncoder().encode('const s = "héllo";\n  return s.length; // ok\n');
const context = new TextEncoder().encode('function f() {\n');

function counting(overrides: Partial<SliceControl> = {}): SliceControl & { yields: number } {
  const control = {
    yields: 0,
    yieldNow: async () => {
      control.yields++;
    },
    cancelled: () => false,
    sliceMs: 0, // yield after every unit of work
    ...overrides,
  };
  return control;
}

for (const cell of CELL_TYPES) {
  test(`${cell}: sliced trace from a warmed-up state equals one runWithTrace`, async () => {
    const config: ModelConfig = { cell, vocabSize: 256, embeddingSize: 8, hiddenSize: 10, layers: 2 };
    const model = new InferenceModel(config, initWeights(config, 3));
    const warm = model.newState();
    const control = counting();
    assert.equal(await advanceInSlices(model, warm, context, control), true);
    const expectedWarm = model.newState();
    model.advance(expectedWarm, context);
    assert.deepEqual(warm, expectedWarm);
    const sliced = await traceInSlices(model, bytes, warm, control);
    const whole = runWithTrace(model, bytes, expectedWarm);
    assert.ok(sliced);
    assert.deepEqual(sliced, whole);
    assert.deepEqual(warm, expectedWarm, 'the initial state is not changed');
    assert.ok(control.yields >= Math.floor(bytes.length / 4), `yielded ${control.yields} times`);
  });
}

test('cancelling stops the trace and gives nothing', async () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 256, embeddingSize: 8, hiddenSize: 10, layers: 1 };
  const model = new InferenceModel(config, initWeights(config, 3));
  let calls = 0;
  const control = counting({ cancelled: () => ++calls > 3 });
  assert.equal(await traceInSlices(model, bytes, undefined, control), undefined);
  assert.equal(await advanceInSlices(model, model.newState(), bytes, counting({ cancelled: () => true })), false);
});

test('slices last about sliceMs of work between yields', async () => {
  let clock = 0;
  const control = counting({ sliceMs: 10, now: () => clock });
  let steps = 0;
  const done = await sliceLoop(control, () => {
    clock += 3; // each unit of work takes 3 ms
    return ++steps < 12;
  });
  assert.equal(done, true);
  assert.equal(steps, 12);
  // Units of 3 ms: a slice reaches 10 ms after 4 units, so it yields after units 4 and 8;
  // unit 12 is the last (nothing to yield for).
  assert.equal(control.yields, 2);
});
