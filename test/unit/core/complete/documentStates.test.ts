// The stack's per-document context: the document's text before the cursor as a match source,
// read in lockstep with a cursor so that only earlier occurrences are found; cached, sliced,
// rewound after an edit; a long document's first read is cheap (all but its last bytes go
// straight into the history).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentStates, LOCKSTEP_BYTES } from '../../../../src/core/complete/documentStates';
import { predictedByte } from '../../../../src/core/predict/matchModel';
import { MATCH_DOCUMENT, MATCH_WORKSPACE, PredictorStack } from '../../../../src/core/predict/predictorStack';

const stack = () => new PredictorStack({ tableBuckets: 1 << 12, workspaceBytes: 1 << 14 });
const filler = (n: number) => Array.from({ length: n }, (_, i) => `let v${i} = ${i * 7};\n`).join('');

function predicted(contexts: DocumentStates, key: string, text: string): string {
  const context = contexts.prepare(key, text)!;
  const byte = predictedByte(context.cursor.matches[MATCH_DOCUMENT], context.history);
  return byte < 0 ? '' : String.fromCharCode(byte);
}

test('document context: an identifier defined long before the cursor is found, on a first read and typed one byte at a time', () => {
  const head = 'const quintessentialValue = compute();\n';
  const text = `${head}${filler(900)}return quintessentialV`;
  assert.ok(text.length > 4 * LOCKSTEP_BYTES, 'the definition is in the part read in bulk');
  const cold = new DocumentStates(stack());
  assert.equal(predicted(cold, 'doc', text), 'a');
  const typed = new DocumentStates(stack());
  for (let i = text.length - 200; i <= text.length; i++) typed.prepare('doc', text.slice(0, i));
  assert.equal(predicted(typed, 'doc', text), 'a');
});

test('document context: the match never points at the text being typed itself', () => {
  const contexts = new DocumentStates(stack());
  // "abcdefgh" once: at its end there is no earlier occurrence to copy.
  assert.equal(predicted(contexts, 'doc', `${filler(10)}xyz abcdefgh`), '');
});

test('document context: work can be done in slices; an edit before the cursor is caught', () => {
  const contexts = new DocumentStates(stack());
  const text = `${filler(50)}const alphaBeta = 1;\nalphaB`;
  let calls = 1;
  while (!contexts.prepare('doc', text, 0, 100)) calls++;
  assert.ok(calls > 3, `read in ${calls} slices`);
  assert.equal(predicted(contexts, 'doc', text), 'e');
  // The definition changes above the cursor: the document's history follows.
  const edited = text.replace('alphaBeta', 'alphaBravo');
  assert.equal(predicted(contexts, 'doc', edited), 'r');
});

test('document context: text the workspace learns while a document waits is copied from at once, without another keystroke', () => {
  const shared = stack();
  const contexts = new DocumentStates(shared);
  const text = `${filler(20)}import { quibbleFro`;
  const workspaceByte = () => {
    const context = contexts.prepare('doc', text)!;
    const byte = predictedByte(context.cursor.matches[MATCH_WORKSPACE], shared.workspace);
    return byte < 0 ? '' : String.fromCharCode(byte);
  };
  assert.equal(workspaceByte(), '', 'nothing to copy before the file is learned');
  shared.workspace.appendAll(new TextEncoder().encode('export function quibbleFrostmantle(x: number) {}\n'));
  assert.equal(workspaceByte(), 's');
});
