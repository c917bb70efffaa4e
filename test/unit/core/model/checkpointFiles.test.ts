import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adoptLegacyLatest, checkpointFilesFor, workspaceCheckpointFiles } from '../../../../src/core/model/checkpointFiles';

test('the latest checkpoint is named after the best one: m.recur -> m.latest.recur; another name gets .latest', () => {
  assert.deepEqual(checkpointFilesFor('/runs/m.recur'), { best: '/runs/m.recur', latest: '/runs/m.latest.recur' });
  assert.deepEqual(checkpointFilesFor('/runs/model'), { best: '/runs/model', latest: '/runs/model.latest' });
});

test("a workspace's files are what `recur train --out STORAGE/model.recur` writes", () => {
  const files = workspaceCheckpointFiles('/storage');
  assert.equal(files.best, path.join('/storage', 'model.recur'));
  assert.deepEqual(files, checkpointFilesFor(files.best));
  assert.equal(files.latest, path.join('/storage', 'model.latest.recur'));
});

test("the editor's old latest.recur is renamed to model.latest.recur, once, and never over a newer one", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recur-names-'));
  try {
    const { latest } = workspaceCheckpointFiles(dir);
    const legacy = path.join(dir, 'latest.recur');
    writeFileSync(legacy, 'old');
    assert.equal(adoptLegacyLatest(dir), latest);
    assert.equal(readFileSync(latest, 'utf8'), 'old');
    assert.equal(existsSync(legacy), false);
    assert.equal(adoptLegacyLatest(dir), undefined, 'nothing left to rename');

    writeFileSync(legacy, 'older');
    assert.equal(adoptLegacyLatest(dir), undefined);
    assert.equal(readFileSync(latest, 'utf8'), 'old', 'the current latest checkpoint is kept');
    assert.equal(readFileSync(legacy, 'utf8'), 'older', 'and the old file is left where it is');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
