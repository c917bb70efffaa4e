import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classOf } from '../../../../src/core/predict/charClasses';
import { Cursor } from '../../../../src/core/predict/cursor';
import { MATCH_DOCUMENT, MATCH_WORKSPACE } from '../../../../src/core/predict/matchModel';
import { BRACKET_STATE, CLASS_SHAPE, DEPTH_BY_MATCH } from '../../../../src/core/predict/mixerSelectors';
import { MATCH_MODELS, type MatchPredictor } from '../../../../src/core/predict/predictors/matchPredictor';
import type { ByteStart } from '../../../../src/core/predict/predictor';

const bytes = (text: string) => new TextEncoder().encode(text);

/** The weight set `kind` picks at the first node (depth 0) and at depth 5 of the byte after `text`. */
function setsAfter(kind: typeof CLASS_SHAPE, text: string): [number, number] {
  const cursor = new Cursor(0);
  for (const b of bytes(text)) cursor.push(b, []);
  const at: ByteStart = { cursor, histories: [], lstm: undefined };
  const selector = kind.create([]);
  selector.begin(at);
  return [selector.select(1, 0), selector.select(0b100101, 5)];
}

test('class shape: the classes of the last two runs of bytes, whatever the bytes and the node', () => {
  const dot = classOf(0x2e);
  const letter = classOf(0x61);
  assert.deepEqual(setsAfter(CLASS_SHAPE, 'foo.'), [dot + 32 * letter, dot + 32 * letter]);
  assert.deepEqual(setsAfter(CLASS_SHAPE, 'x = quux.'), setsAfter(CLASS_SHAPE, 'foo.'), 'only the last two runs count');
  assert.deepEqual(setsAfter(CLASS_SHAPE, '  foo.ba'), [letter + 32 * dot, letter + 32 * dot], 'a run of letters is one run');
  assert.deepEqual(setsAfter(CLASS_SHAPE, ''), [0, 0], 'nothing read: set 0');
  for (const text of ['a', '(\n\t', 'Ab9 ~é', '))]]}}']) {
    for (const set of setsAfter(CLASS_SHAPE, text)) assert.ok(set >= 0 && set < CLASS_SHAPE.sets, `${text}: set ${set}`);
  }
});

test('bracket state: open brackets (0-3 and more) x the last one opened x whether the line is indentation so far, x the depth', () => {
  const set = (depth: number, open: number, indent: number) => ((depth * 3 + open) * 2 + indent) * 8;
  assert.deepEqual(setsAfter(BRACKET_STATE, 'f(a, ['), [set(2, 1, 0), set(2, 1, 0) + 5]);
  assert.deepEqual(setsAfter(BRACKET_STATE, 'if (x) {\n  '), [set(1, 2, 1), set(1, 2, 1) + 5]);
  assert.deepEqual(setsAfter(BRACKET_STATE, 'g(((((x'), [set(3, 0, 0), set(3, 0, 0) + 5], 'deeper than 3 counts as 3');
  assert.deepEqual(setsAfter(BRACKET_STATE, 'a[0] = (b)\n'), [set(0, 0, 1), set(0, 0, 1) + 5], 'all closed: depth 0');
  for (const text of ['', '{{{{{{', '  (]', ')))']) {
    for (const s of setsAfter(BRACKET_STATE, text)) assert.ok(s >= 0 && s < BRACKET_STATE.sets, `${JSON.stringify(text)}: set ${s}`);
  }
});

test('depth x match: the final set is the bit depth, in 5 steps of the longer match that has a say at the node', () => {
  const matches = MATCH_MODELS.create({ tableBuckets: 4, workspaceBytes: 64 });
  const selector = DEPTH_BY_MATCH.create([matches]);
  const bucket = (matches as MatchPredictor).bucket;
  const setAt = (document: number, workspace: number, depth: number) => {
    bucket[MATCH_DOCUMENT] = document;
    bucket[MATCH_WORKSPACE] = workspace;
    return selector.select(1, depth);
  };
  assert.equal(setAt(0, 0, 3), 3, 'no match: the depth alone');
  assert.equal(setAt(4, 0, 3), 8 + 3, 'a word-prefix match (length 5)');
  assert.equal(setAt(1, 8, 0), 2 * 8, 'the longer one counts (12-15 bytes)');
  assert.equal(setAt(12, 0, 7), 3 * 8 + 7, '48-63 bytes');
  assert.equal(setAt(3, 15, 7), DEPTH_BY_MATCH.sets - 1, '256 bytes and more: the last set');
  assert.throws(() => DEPTH_BY_MATCH.create([]), /needs the MatchPredictor/);
});
