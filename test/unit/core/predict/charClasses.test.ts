import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLASS_RUNS_MASK, classOf } from '../../../../src/core/predict/charClasses';

const code = (c: string) => c.charCodeAt(0);

test('byte classes: letters, digits and spaces by shape, common punctuation each on its own, all in 5 bits', () => {
  assert.equal(classOf(code('a')), classOf(code('z')));
  assert.equal(classOf(code('_')), classOf(code('q')), 'identifier bytes share the lower-case class');
  assert.notEqual(classOf(code('A')), classOf(code('a')));
  assert.equal(classOf(code('0')), classOf(code('9')));
  assert.notEqual(classOf(code('(')), classOf(code(')')));
  assert.notEqual(classOf(code('.')), classOf(code(',')));
  assert.equal(classOf(code('%')), classOf(0xc3), 'rare punctuation and other bytes share one class');
  for (let b = 0; b < 256; b++) {
    assert.ok(classOf(b) >= 1 && classOf(b) <= 31, `byte ${b}: class ${classOf(b)}`);
  }
  assert.equal(CLASS_RUNS_MASK, 2 ** 30 - 1);
});
