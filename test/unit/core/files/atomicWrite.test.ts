// An atomic write that fails leaves no temporary file behind, whichever step failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../../../../src/core/files/atomicWrite';

test('a failed rename (the target is a folder) removes the temporary file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recur-atomic-'));
  try {
    const target = path.join(dir, 'm.recur');
    mkdirSync(path.join(target, 'inside'), { recursive: true }); // rename over a non-empty folder fails
    assert.throws(() => writeFileAtomic(target, Buffer.alloc(1 << 20, 7)));
    assert.deepEqual(readdirSync(dir), ['m.recur'], 'no temporary file is left');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a successful write replaces the file and leaves nothing else', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recur-atomic-'));
  try {
    const target = path.join(dir, 'm.recur');
    writeFileAtomic(target, Buffer.from('one'));
    writeFileAtomic(target, Buffer.from('two'));
    assert.equal(readFileSync(target, 'utf8'), 'two');
    assert.deepEqual(readdirSync(dir), ['m.recur']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
