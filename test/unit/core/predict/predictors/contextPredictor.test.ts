// The context models learning a text without predicting it (observe, what learnContexts runs)
// against learning it through the stack's prediction (learnByte with the context tables
// learning): the same statistics, byte for byte, in a table small enough that contexts
// collide and buckets are taken from one another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Cursor } from '../../../../../src/core/predict/cursor';
import { LEARN_CONTEXTS_ONLY, MATCH_SOURCES, PredictorStack } from '../../../../../src/core/predict/predictorStack';
import { ContextPredictor } from '../../../../../src/core/predict/predictors/contextPredictor';

/** Real code: the sources of the prediction stack (about 100 KB). */
const sourceDir = path.join(__dirname, '..', '..', '..', '..', '..', 'src', 'core', 'predict');
const texts = readdirSync(sourceDir)
  .filter((name) => name.endsWith('.ts'))
  .sort()
  .map((name) => new Uint8Array(readFileSync(path.join(sourceDir, name))));
const sizes = { tableBuckets: 1 << 12, workspaceBytes: 1 << 16 };

function contextsOf(stack: PredictorStack): ContextPredictor {
  const found = stack.predictors.find((p): p is ContextPredictor => p instanceof ContextPredictor);
  assert.ok(found);
  return found;
}

/** Each file read with a fresh cursor, its language code mixed into the hashes (as the index does). */
function learned(read: (stack: PredictorStack, cursor: Cursor, byte: number) => void): PredictorStack {
  const stack = new PredictorStack(sizes);
  stack.languageContexts = true;
  for (const [index, text] of texts.entries()) {
    const cursor = new Cursor(MATCH_SOURCES);
    cursor.language = 1 + (index % 3);
    for (const byte of text) {
      read(stack, cursor, byte);
      cursor.pushContextOnly(byte);
    }
  }
  return stack;
}

test('learning without predicting leaves the statistics that learning through predictions leaves', () => {
  assert.ok(texts.reduce((n, t) => n + t.length, 0) > 16 * sizes.tableBuckets, 'enough text for the table to fill and evict');
  const observed = contextsOf(learned((stack, cursor, byte) => stack.learnContexts(cursor, byte)));
  const predicted = contextsOf(learned((stack, cursor, byte) => stack.learnByte(cursor, undefined, undefined, byte, LEARN_CONTEXTS_ONLY)));
  assert.ok(observed.table.occupancy() > 0.9, `the table is full: ${observed.table.occupancy()}`);
  assert.deepEqual(observed.table.bytes, predicted.table.bytes, 'bit histories');
  assert.deepEqual(observed.runs.runs, predicted.runs.runs, 'run information');
  assert.deepEqual(observed.followers.followers, predicted.followers.followers, 'the indirect context');
  for (let i = 0; i < observed.maps.length; i++) {
    assert.deepEqual(observed.maps[i].p, predicted.maps[i].p, `state map ${i}`);
    assert.deepEqual(observed.maps[i].n, predicted.maps[i].n, `state map ${i}'s counts`);
  }
});
