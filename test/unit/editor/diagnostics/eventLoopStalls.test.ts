import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { stallLine, watchEventLoopStalls } from '../../../../src/editor/diagnostics/eventLoopStalls';

function busyFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // the thread is held, as a long synchronous piece of work holds it
  }
}

test('a thread held for 900 ms is reported once, with about that length', async () => {
  const reports: number[] = [];
  const watch = watchEventLoopStalls((ms) => reports.push(ms), 400);
  try {
    await sleep(300);
    busyFor(900);
    await sleep(600);
  } finally {
    watch.dispose();
  }
  assert.equal(reports.length, 1, `reports: ${reports.join(', ')}`);
  assert.ok(reports[0] >= 600 && reports[0] <= 1300, `reported ${reports[0]} ms`);
});

test('a thread that only waits is never reported, and a disposed watch reports nothing', async () => {
  const reports: number[] = [];
  const watch = watchEventLoopStalls((ms) => reports.push(ms), 400);
  await sleep(800);
  watch.dispose();
  busyFor(700);
  await sleep(400);
  assert.deepEqual(reports, []);
});

test('the stall line says how long and who may have held the thread', () => {
  assert.equal(stallLine(1522.4), "the extension host's thread was busy for 1,522 ms (Recur's work or another extension's); suggestions asked for meanwhile waited as long");
});
