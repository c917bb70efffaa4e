// Numbers as the panel shows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeChar, formatCompact, formatDuration, formatNumber, formatPercent, formatTimeTick } from '../../../../media/panel/format';

test('significant digits, compact sizes, durations, percentages', () => {
  assert.equal(formatNumber(3.14159), '3.14');
  assert.equal(formatNumber(0.0123456), '0.0123');
  assert.equal(formatNumber(1234.5), '1,235');
  assert.equal(formatNumber(NaN), '–');
  assert.equal(formatCompact(12_345), '12k');
  assert.equal(formatCompact(2_500_000), '2.5M');
  assert.equal(formatDuration(0.045), '45 ms');
  assert.equal(formatDuration(5), '5.0 s');
  assert.equal(formatDuration(200), '3 min 20 s');
  assert.equal(formatDuration(7500), '2 h 05 min');
  assert.equal(formatTimeTick(90), '1.5m');
  assert.equal(formatPercent(0.125), '13%');
  assert.equal(formatPercent(0.004), '0.4%');
});

test('characters are named in tooltips', () => {
  assert.equal(describeChar('\n'), 'newline U+000A');
  assert.equal(describeChar(' '), 'space U+0020');
  assert.equal(describeChar('é'), '“é” U+00E9');
  assert.equal(describeChar('<'), '“<” U+003C');
});
