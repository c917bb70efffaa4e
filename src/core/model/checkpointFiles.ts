// The names of a model's two checkpoint files, for `recur train --out` and the editor's
// workspace storage alike, so that a model trained by one is continued by the other:
//   NAME.recur         the best checkpoint by validation loss (what completions use)
//   NAME.latest.recur  the most recent one, with the optimizer state (what training continues)
// In a workspace's storage NAME is "model". Editors before this naming kept the latest one as
// latest.recur; adoptLegacyLatest renames it once.
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';

export interface CheckpointFiles {
  /** The best checkpoint (what completions use); a run's lock is taken on it. */
  best: string;
  /** The latest checkpoint, with the optimizer state (what a run continues). */
  latest: string;
}

/** The best checkpoint's file name in a workspace's storage. */
export const WORKSPACE_MODEL_FILE = 'model.recur';

/** The latest checkpoint's name in a workspace's storage before the names were shared with the CLI. */
const LEGACY_LATEST_FILE = 'latest.recur';

/** The files that go with a best checkpoint path: model.recur -> model.latest.recur (a name without .recur gets .latest). */
export function checkpointFilesFor(best: string): CheckpointFiles {
  const latest = best.endsWith('.recur') ? `${best.slice(0, -'.recur'.length)}.latest.recur` : `${best}.latest`;
  return { best, latest };
}

/** A workspace's checkpoint files in its storage folder. */
export function workspaceCheckpointFiles(storageDir: string): CheckpointFiles {
  return checkpointFilesFor(path.join(storageDir, WORKSPACE_MODEL_FILE));
}

/**
 * Renames a workspace's latest.recur (the editor's old name) to model.latest.recur, unless that
 * exists already, so training continues where it was. Returns the new path when it renamed.
 */
export function adoptLegacyLatest(storageDir: string): string | undefined {
  const legacy = path.join(storageDir, LEGACY_LATEST_FILE);
  const { latest } = workspaceCheckpointFiles(storageDir);
  if (!existsSync(legacy) || existsSync(latest)) return undefined;
  renameSync(legacy, latest);
  return latest;
}
