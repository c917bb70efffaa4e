import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type AheadAnswer, type AheadKey, AnswerAhead } from '../../../../src/editor/completions/answerAhead';
import type { Suggestion } from '../../../../src/core/complete/suggest';

const MODEL = {};
const key = (over: Partial<AheadKey> = {}): AheadKey => ({ uri: 'file:///a.ts', version: 3, offset: 120, settings: '{}', model: MODEL, ...over });
const suggestion = { text: 'urn value;' } as Suggestion;
const ANSWER: AheadAnswer = { suggestions: [suggestion], work: { prepareMs: 1, preparedSteps: 2, searchMs: 3, slices: 1 }, startedAt: 0 };

/** A computation that runs until it is cancelled or `release()` lets it answer; it records whether it saw the cancellation. */
function controlled(): { compute: (cancelled: () => boolean) => Promise<AheadAnswer | undefined>; release: () => void; sawCancel: () => boolean } {
  let release = () => {};
  let cancelledSeen = false;
  const compute = async (cancelled: () => boolean) => {
    await new Promise<void>((resolve) => (release = resolve));
    cancelledSeen = cancelled();
    return cancelledSeen ? undefined : ANSWER;
  };
  return { compute, release: () => release(), sawCancel: () => cancelledSeen };
}

test('the request with the same key gets the answer computed ahead, and only once', async () => {
  const ahead = new AnswerAhead();
  const work = controlled();
  ahead.start(key(), work.compute);
  const taken = ahead.take(key());
  assert.ok(taken);
  work.release();
  assert.equal(await taken, ANSWER);
  assert.equal(work.sawCancel(), false, 'taking it does not stop it');
  assert.equal(ahead.take(key()), undefined, 'a second request computes afresh');
});

test('a request for another version, cursor, setting or model gets nothing, and the computation ahead stops', async () => {
  for (const other of [key({ version: 4 }), key({ offset: 121 }), key({ settings: '{"x":1}' }), key({ model: {} }), key({ uri: 'file:///b.ts' })]) {
    const ahead = new AnswerAhead();
    const work = controlled();
    ahead.start(key(), work.compute);
    assert.equal(ahead.take(other), undefined);
    work.release();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(work.sawCancel(), true, JSON.stringify(other));
  }
});

test('a newer edit replaces the answer being computed; cancel() stops it', async () => {
  const ahead = new AnswerAhead();
  const first = controlled();
  const second = controlled();
  ahead.start(key({ version: 3 }), first.compute);
  ahead.start(key({ version: 4 }), second.compute);
  first.release();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(first.sawCancel(), true);
  ahead.cancel();
  second.release();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(second.sawCancel(), true);
  assert.equal(ahead.take(key({ version: 4 })), undefined);
});
