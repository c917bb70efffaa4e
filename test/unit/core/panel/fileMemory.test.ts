// The activations view says when the model has read the file it shows: memory, not prediction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileMemory } from '../../../../src/core/panel/fileMemory';
import { MEMORY_FAMILIES, memorySentences } from '../../../../src/shared/present/memoryWords';
import { PREDICTOR_FAMILIES } from '../../../../src/core/predict/attribution';

const written = Date.UTC(2026, 11, 6, 16, 40);
const file = (relativePath: string, mtimeMs = written - 60_000, dirty = false) => ({ relativePath, mtimeMs, dirty });

test('a model trained on this workspace has read its files: the network trained on the training files, not on the held-out ones', () => {
  const validationPaths = ['lib/held.js'];
  assert.deepEqual(fileMemory({ origin: 'workspace', modelWrittenMs: written, file: file('lib/route.js'), validationPaths }), {
    readAt: '2026-12-06T16:40:00.000Z',
    network: 'trained',
    changedSince: false,
  });
  assert.equal(fileMemory({ origin: 'workspace', modelWrittenMs: written, file: file('lib/held.js'), validationPaths })?.network, 'heldOut');
  assert.equal(fileMemory({ origin: 'workspace', modelWrittenMs: written, file: file('lib/route.js'), validationPaths: undefined })?.network, 'unknown');
});

test('the base model: read the workspace only once it has read it; its network never trained on it', () => {
  assert.equal(fileMemory({ origin: 'base', modelWrittenMs: written, file: file('lib/route.js'), validationPaths: undefined }), undefined);
  assert.equal(fileMemory({ origin: 'baseReadWorkspace', modelWrittenMs: written, file: file('lib/route.js'), validationPaths: undefined })?.network, 'never');
});

test('a file changed since, by a later save or unsaved edits, says so; an untitled document or one outside the workspace is not memory', () => {
  assert.equal(fileMemory({ origin: 'workspace', modelWrittenMs: written, file: file('a.js', written + 1), validationPaths: [] })?.changedSince, true);
  assert.equal(fileMemory({ origin: 'workspace', modelWrittenMs: written, file: file('a.js', written - 1, true), validationPaths: [] })?.changedSince, true);
  assert.equal(fileMemory({ origin: 'workspace', modelWrittenMs: written, file: undefined, validationPaths: [] }), undefined);
});

test('the words: memory, not prediction, what the network did, what changed', () => {
  const text = memorySentences({ readAt: '', network: 'trained', changedSince: false }, '6 Dec 2026, 16:40');
  assert.equal(
    text,
    'Memory, not prediction: the model read this file when it read the workspace (6 Dec 2026, 16:40), so long contexts and copies carrying its text recall it. The network trained on it too.',
  );
  assert.match(memorySentences({ readAt: '', network: 'heldOut', changedSince: true }, 'x'), /did not train on it \(one of the held-out files\).*The file has changed since/);
  for (const family of MEMORY_FAMILIES) assert.ok((PREDICTOR_FAMILIES as readonly string[]).includes(family), family);
});
