// The same-run baseline of the latency measurements: test/fixtures/constant-ghost, an
// extension whose provider answers plain-text files at once with a constant suggestion, in an
// extensions folder for a session (VS Code loads one development extension: Recur).
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './harness';

export const CONSTANT_GHOST = path.join(REPO_ROOT, 'test', 'fixtures', 'constant-ghost');

/** A new extensions folder holding the constant provider (remove it after the session). */
export function extensionsWithConstantGhost(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recur-ui-extensions-'));
  cpSync(CONSTANT_GHOST, path.join(dir, 'recur-test.constant-ghost-0.0.1'), { recursive: true });
  return dir;
}
