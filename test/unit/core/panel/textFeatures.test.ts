import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correlations, featureTracks, textFeatures } from '../../../../src/core/panel/textFeatures';
import { stackCharacters } from '../../../../src/core/panel/stackView';
import { characterBytes } from '../../../../src/core/panel/surprisal';
import { PREDICTOR_FAMILIES } from '../../../../src/core/predict/attribution';

const bits = (a: Float32Array) => Array.from(a).join('');

test('features: strings, comments, brackets, indentation, columns, identifiers, newlines', () => {
  const text = 'f("a\\"b", 1) // x\n  if (y) { `t` }\n';
  const f = textFeatures(text);
  assert.equal(bits(f.string), '00111110000000000000000000000110000', 'from the opening quote to the character before the closing one');
  assert.equal(bits(f.comment), '00000000000001111000000000000000000');
  assert.equal(Array.from(f.depth.slice(0, 12)).join(','), '0,1,1,1,1,1,1,1,1,1,1,0');
  assert.equal(f.indent[text.indexOf('if')], 2);
  assert.equal(f.column[text.indexOf('if')], 2);
  assert.equal(f.column[text.indexOf('\n') - 1], 16);
  assert.equal(f.column[text.indexOf('\n')], 0, 'after reading a line break the next character starts the line');
  assert.equal(f.identStart[0], 1);
  assert.equal(f.identStart[text.indexOf('if') + 1], 0);
  assert.equal(f.afterNewline[text.indexOf('\n')], 1);
});

test('features of a window that starts inside a string or a block comment know it from the prefix', () => {
  assert.equal(bits(textFeatures('c" d', 'x = "ab').string), '1000');
  assert.equal(bits(textFeatures('x */ y', '/* a\nb ').comment), '111100');
});

test('correlations: a unit that copies the feature has r = 1, its negative r = -1, a constant unit none', () => {
  const feature = Float32Array.from([0, 1, 1, 0, 1, 0]);
  const H = 3;
  const values = new Float32Array(feature.length * H);
  feature.forEach((f, k) => {
    values[k * H] = 2 * f + 5;
    values[k * H + 1] = -f;
    values[k * H + 2] = 0.3;
  });
  const r = correlations(values, feature.length, H, feature);
  assert.ok(Math.abs(r[0] - 1) < 1e-6);
  assert.ok(Math.abs(r[1] + 1) < 1e-6);
  assert.ok(Number.isNaN(r[2]));
  const tracks = featureTracks([{ layer: 1, kind: 'c', values }], feature.length, H, textFeatures('ab c d'), 2);
  assert.equal(tracks.find((t) => t.feature === 'comment')?.units.length, 0, 'a feature constant over the text has no units');
});

test("stack characters: surprisal summed over a character's bytes, the family with the largest push carries it, shares", () => {
  const bytes = new TextEncoder().encode('aé');
  const F = PREDICTOR_FAMILIES.length;
  const push = new Float32Array(bytes.length * F);
  push[0 * F + 0] = 2; // 'a': the network
  push[1 * F + 5] = 1; // 'é': document copy over its two bytes
  push[2 * F + 5] = 1;
  push[2 * F + 0] = 1.5;
  const explained = { prob: Float32Array.from([0.5, 0.5, 0.25]), networkProb: Float32Array.from([0.25, 1, 1]), carriedBy: new Int8Array(3), push };
  const s = stackCharacters(explained, characterBytes(bytes));
  assert.deepEqual(Array.from(s.surprisal), [1, 3]);
  assert.deepEqual(Array.from(s.networkSurprisal), [2, 0]);
  assert.deepEqual(Array.from(s.carriedBy), [0, 5]);
  assert.equal(s.shares[0], 0.5);
  assert.equal(s.shares[5], 0.5);
});
