// Dynamic evaluation in the completion engine (fixture model with context models): each
// document's head learns the text before the cursor as the engine reads it, never the text
// after it nor the search's continuations; heads are bounded; and with dynamic evaluation
// off (or learning nothing) the engine suggests exactly what the trained head gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readCheckpoint } from '../../../../src/core/model/checkpoint';
import { InferenceModel } from '../../../../src/core/infer/inferenceModel';
import { stackFromSection } from '../../../../src/core/predict/stackState';
import { CompletionEngine, DEFAULT_ENGINE_OPTIONS } from '../../../../src/core/complete/completionEngine';
import { DEFAULT_DYNAMIC_EVAL, type DynamicEvalOptions } from '../../../../src/core/infer/adaptedHead';

const file = path.join(__dirname, '..', '..', '..', 'fixtures', 'models', 'tiny-mix.recur');
const fixture = readCheckpoint(file);
const model = new InferenceModel(fixture.model, fixture.weights);
// A stack per engine, each read anew: a stack learns in the arrays of the section it was built from.
const engine = (dynamicEval: DynamicEvalOptions | false) => new CompletionEngine(model, stackFromSection(readCheckpoint(file).context!), undefined, undefined, dynamicEval);
const source = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport function sub(a: number, b: number): number {\n  return a - b;\n}\n';

test("the document's head learns the text before the cursor, never the text after it nor the search's continuations", () => {
  const e = engine(DEFAULT_DYNAMIC_EVAL);
  const before = source.slice(0, 150);
  const request = { before, beforeStart: 0, after: '\n// SHOULD NOT BE LEARNED'.repeat(20) };
  while (!e.prepareStep('doc', request, DEFAULT_ENGINE_OPTIONS));
  const head = e.states.heads!.peek('doc')!;
  // A first read learns its last learnLastBytes bytes (150 were read).
  assert.equal(head.bytesLearned, DEFAULT_DYNAMIC_EVAL.learnLastBytes);
  assert.ok(Buffer.byteLength(before) > DEFAULT_DYNAMIC_EVAL.learnLastBytes);
  const version = head.version;
  const probe = model.newState();
  model.advance(probe, Buffer.from('function mul(a'));
  const logits = head.logitsAt(probe, new Float32Array(256));
  const searchSteps = e.stats.steps;
  const found = e.suggestions('doc', request, { ...DEFAULT_ENGINE_OPTIONS, candidates: 3, minAcceptProbability: 0 }, true);
  assert.ok(found.length > 0, 'the search found something');
  assert.ok(e.stats.steps > searchSteps, 'the search ran');
  assert.equal(head.version, version, 'the search changed nothing in the head');
  assert.deepEqual(head.logitsAt(probe, new Float32Array(256)), logits);
  // Typing one character learns one byte; an edit before the cursor learns what is read again.
  e.complete('doc', { ...request, before: `${before}a` }, DEFAULT_ENGINE_OPTIONS);
  assert.equal(head.bytesLearned, DEFAULT_DYNAMIC_EVAL.learnLastBytes + 1);
  e.complete('doc', { ...request, before: `${before.slice(0, 140)}X${before.slice(141)}a` }, DEFAULT_ENGINE_OPTIONS);
  assert.ok(head.bytesLearned > DEFAULT_DYNAMIC_EVAL.learnLastBytes + 1 && e.states.heads!.peek('doc') === head, 'kept, and learned the re-read text');
  // With a budget as long as the text, the whole first read is learned.
  const all = engine({ ...DEFAULT_DYNAMIC_EVAL, learnLastBytes: 4096 });
  all.complete('doc', request, DEFAULT_ENGINE_OPTIONS);
  assert.equal(all.states.heads!.peek('doc')!.bytesLearned, Buffer.byteLength(before));
});

test('with dynamic evaluation off, or learning nothing, the engine suggests what the trained head gives; with it on the logits differ', () => {
  const off = engine(false);
  const still = engine({ ...DEFAULT_DYNAMIC_EVAL, learningRate: 0, decay: 0 });
  const on = engine(DEFAULT_DYNAMIC_EVAL);
  let differed = false;
  const text = source.repeat(4); // the adapted head is used once it has learned 256 bytes
  for (let n = 20; n <= text.length; n += 7) {
    const request = { before: text.slice(0, n), beforeStart: 0, after: '' };
    const expected = off.complete('doc', request, DEFAULT_ENGINE_OPTIONS);
    assert.deepEqual(still.complete('doc', request, DEFAULT_ENGINE_OPTIONS), expected, `at ${n}`);
    const prepared = off.states.prepare('doc', request.before, DEFAULT_ENGINE_OPTIONS.contextLength)!;
    assert.equal(prepared.head, undefined);
    assert.deepEqual(prepared.logits, model.logits(prepared.state, new Float32Array(256)), 'off: the trained head');
    on.complete('doc', request, DEFAULT_ENGINE_OPTIONS);
    const adapted = on.states.prepare('doc', request.before, DEFAULT_ENGINE_OPTIONS.contextLength)!;
    if (adapted.logits.some((z, i) => Math.abs(z - prepared.logits[i]) > 1e-3)) differed = true;
  }
  assert.ok(differed, "the adapted head's logits differ from the trained head's");
});

test('adapted heads are bounded per engine (maxDocuments), least recently used first out', () => {
  const e = engine({ ...DEFAULT_DYNAMIC_EVAL, maxDocuments: 3 });
  for (let d = 0; d < 7; d++) e.complete(`doc${d}`, { before: source.slice(0, 40 + d), beforeStart: 0, after: '' }, DEFAULT_ENGINE_OPTIONS); // each shorter than learnLastBytes
  const heads = e.states.heads!;
  assert.equal(heads.size, 3);
  assert.equal(heads.made, 3);
  assert.ok(heads.peek('doc6') && heads.peek('doc4') && !heads.peek('doc3'));
  assert.equal(heads.peek('doc6')!.bytesLearned, 46, 'the reused head learned only its own document');
  e.forget('doc6');
  assert.equal(heads.peek('doc6'), undefined);
});
