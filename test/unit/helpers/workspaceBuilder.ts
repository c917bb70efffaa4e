// Builds small throw-away workspaces for the corpus tests (files given as path -> content).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function makeWorkspace(files: Record<string, string | Uint8Array>): { root: string; remove(): void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'recur-corpus-'));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export const LIMITS = { maxTotalBytes: 1024 * 1024, maxFileBytes: 64 * 1024, maxLineLength: 200, excludeGlobs: [] as string[] };
