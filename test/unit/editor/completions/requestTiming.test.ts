import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type RequestTiming, SLOW_REQUEST_MS, slowRequestLine, timingsSummary } from '../../../../src/editor/completions/requestTiming';

const timing = (over: Partial<RequestTiming>): RequestTiming => ({
  debounceMs: 0,
  prepareMs: 0,
  preparedSteps: 0,
  searchMs: 0,
  totalMs: 0,
  slices: 0,
  outcome: 'shown',
  answeredAhead: false,
  aheadLeadMs: 0,
  ...over,
});

test('a fast request and a cancelled one are not logged', () => {
  assert.equal(slowRequestLine(timing({ totalMs: SLOW_REQUEST_MS - 1, prepareMs: 200 })), undefined);
  assert.equal(slowRequestLine(timing({ totalMs: 5000, outcome: 'cancelled' })), undefined);
});

test('a slow request says where its time went, the rest being other work on the thread', () => {
  const line = slowRequestLine(timing({ totalMs: 1523, prepareMs: 40.2, preparedSteps: 310, slices: 12, searchMs: 18.6, outcome: 'none' }));
  assert.equal(line, 'slow suggestion request: 1,523 ms, nothing shown: preparing 40 ms (310 model steps in 12 slices), searching 19 ms, other work on the thread 1,464 ms');
});

test('the extra wait the user set does not count toward slow, and is named by its setting', () => {
  assert.equal(slowRequestLine(timing({ totalMs: 700, debounceMs: 600, prepareMs: 50, searchMs: 10, slices: 1 })), undefined);
  const line = slowRequestLine(timing({ totalMs: 900, debounceMs: 600, prepareMs: 250, searchMs: 10, slices: 1 }));
  assert.match(line ?? '', /^slow suggestion request: 900 ms, shown: waiting 600 ms \(recur\.completions\.debounceMs\), preparing 250 ms .* other work on the thread 40 ms$/);
});

test("a slow request answered ahead says it waited for the answer computed since the edit, and that computation's work", () => {
  assert.equal(
    slowRequestLine(timing({ totalMs: 310, answeredAhead: true, aheadLeadMs: 48, prepareMs: 12, preparedSteps: 40, slices: 2, searchMs: 330 })),
    'slow suggestion request: 310 ms, shown: waiting for the answer computed since the edit 48 ms before (preparing 12 ms (40 model steps in 2 slices), searching 330 ms)',
  );
});

test('the summary counts outcomes and answers ahead, gives the percentiles of finished requests and searches, and the slowest', () => {
  const timings = [
    timing({ totalMs: 2, answeredAhead: true, aheadLeadMs: 50, searchMs: 4 }),
    timing({ totalMs: 4, answeredAhead: true, aheadLeadMs: 45, searchMs: 80 }),
    timing({ totalMs: 30, prepareMs: 20, preparedSteps: 300, slices: 3, searchMs: 9, outcome: 'none' }),
    timing({ totalMs: 900, outcome: 'cancelled' }),
  ];
  const lines = timingsSummary(timings, 2);
  assert.equal(lines[0], 'suggestion timings, the last 4 requests: 2 shown, 1 with nothing to show, 1 cancelled; 2 of 3 finished answered ahead');
  assert.match(lines[1], /: p50 4\.0 ms, p90 30\.0 ms, max 30\.0 ms$/);
  assert.equal(lines[2], '  searches: p50 9.0 ms, p90 80.0 ms, max 80.0 ms; preparing: p50 0.0 ms, p90 20.0 ms, max 20.0 ms');
  assert.deepEqual(lines.slice(3), [
    '  4.0 ms: answered ahead, computed from 45.0 ms before: preparing 0.0 ms (0 model steps, 0 slices), searching 80.0 ms',
    '  30.0 ms: preparing 20.0 ms (300 model steps, 3 slices), searching 9.0 ms',
  ]);
  assert.deepEqual(timingsSummary([timing({ outcome: 'cancelled' })]), ['suggestion timings: no finished request among the last 1']);
});
