import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type RequestTiming, SLOW_REQUEST_MS, slowRequestLine } from '../../../../src/editor/completions/requestTiming';

const timing = (over: Partial<RequestTiming>): RequestTiming => ({
  debounceMs: 0,
  prepareMs: 0,
  preparedSteps: 0,
  searchMs: 0,
  totalMs: 0,
  slices: 0,
  outcome: 'shown',
  answeredAhead: false,
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

test('a slow request answered ahead says it waited for the answer computed since the edit', () => {
  assert.equal(slowRequestLine(timing({ totalMs: 310, answeredAhead: true })), 'slow suggestion request: 310 ms, shown: waiting 310 ms for the answer computed since the edit (answered ahead)');
});
