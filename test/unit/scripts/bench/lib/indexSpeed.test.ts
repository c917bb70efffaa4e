import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuSeconds, indexSpeedLine, paq8pxMicrosPerByte } from '../../../../../scripts/bench/lib/indexSpeed';

test('the line puts the index job beside paq8px as a ratio of their CPU time per byte', () => {
  assert.equal(indexSpeedLine(2, 100_000, 190), 'index job 20.0 µs/byte of CPU; paq8px -8 190.0 µs/byte on 64 KB of the same text, this run: the index job is 9.5x its speed (bar: 100x)');
  assert.equal(indexSpeedLine(2, 100_000, undefined), 'index job 20.0 µs/byte of CPU (set PAQ8PX to compare with paq8px -8)');
});

test('CPU time grows with work done, and paq8px is not run without PAQ8PX', () => {
  const before = cpuSeconds();
  // Work on this thread until 50 ms of CPU are counted (a loaded machine lends the thread less than its wall time).
  const end = performance.now() + 10_000;
  while (cpuSeconds() - before < 0.05 && performance.now() < end) {
    // work
  }
  assert.ok(cpuSeconds() - before >= 0.05, 'CPU time did not grow in 10 s of work');
  const saved = process.env.PAQ8PX;
  delete process.env.PAQ8PX;
  try {
    assert.equal(paq8pxMicrosPerByte(new Uint8Array(10)), undefined);
  } finally {
    if (saved !== undefined) process.env.PAQ8PX = saved;
  }
});
