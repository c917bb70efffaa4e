// Which files of a workspace folder have changed since git last recorded them: read from
// .git/index without running git (no child process, nothing in the repository's config can
// run), so it works in untrusted folders and where git is not installed. A tracked file has
// changed when its size or modification time (seconds) differs from its index entry; a file
// git does not track is new, so changed too. Index versions 2, 3 and 4 (path compression),
// SHA-1 and SHA-256 repositories. Bounded: an index over MAX_INDEX_BYTES, or with more than
// MAX_ENTRIES entries, gives no answer (undefined) rather than a slow one.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export const MAX_INDEX_BYTES = 64 * 1024 * 1024;
export const MAX_ENTRIES = 100_000;

export interface GitEntry {
  /** Path relative to the repository's top folder, forward slashes. */
  path: string;
  mtimeSeconds: number;
  size: number;
}

/** The folder holding the repository's files: `.git`, or where a `.git` file (worktrees, submodules) points. */
async function gitDirectory(root: string): Promise<string | undefined> {
  const dotGit = path.join(root, '.git');
  const info = await stat(dotGit).catch(() => undefined);
  if (info?.isDirectory()) return dotGit;
  if (!info?.isFile() || info.size > 4096) return undefined;
  const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(await readFile(dotGit, 'utf8'))?.[1];
  return pointer ? path.resolve(root, pointer) : undefined;
}

/** The entries of a .git/index file's bytes; undefined when it is not one this reader understands. */
export function parseGitIndex(bytes: Buffer, hashBytes = 20): GitEntry[] | undefined {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = bytes.readUInt32BE(4);
  const count = bytes.readUInt32BE(8);
  if (version < 2 || version > 4 || count > MAX_ENTRIES) return undefined;
  const entries: GitEntry[] = [];
  let offset = 12;
  let previous = '';
  for (let i = 0; i < count; i++) {
    const start = offset;
    const fixed = 40 + hashBytes + 2;
    if (offset + fixed > bytes.length) return undefined;
    const mtimeSeconds = bytes.readUInt32BE(offset + 8);
    const size = bytes.readUInt32BE(offset + 36);
    const flags = bytes.readUInt16BE(offset + 40 + hashBytes);
    offset += fixed + (version >= 3 && flags & 0x4000 ? 2 : 0);
    let name: string;
    if (version === 4) {
      const strip = readVarint(bytes, offset);
      if (!strip || strip.value > previous.length) return undefined;
      offset = strip.next;
      const end = bytes.indexOf(0, offset);
      if (end < 0) return undefined;
      name = previous.slice(0, previous.length - strip.value) + bytes.toString('utf8', offset, end);
      offset = end + 1;
    } else {
      const end = bytes.indexOf(0, offset);
      if (end < 0) return undefined;
      name = bytes.toString('utf8', offset, end);
      offset = start + Math.ceil((end + 1 - start) / 8) * 8; // 1 to 8 NULs pad the entry to a multiple of 8
    }
    previous = name;
    entries.push({ path: name, mtimeSeconds, size });
  }
  return entries;
}

/** git's offset encoding (varint.c): 7 bits a byte, each continuation adds one. */
function readVarint(bytes: Buffer, offset: number): { value: number; next: number } | undefined {
  let byte = bytes[offset++];
  if (byte === undefined) return undefined;
  let value = byte & 0x7f;
  while (byte & 0x80) {
    byte = bytes[offset++];
    if (byte === undefined || value > 1 << 20) return undefined;
    value = ((value + 1) << 7) | (byte & 0x7f);
  }
  return { value, next: offset };
}

/**
 * The paths among `candidates` (relative to `root`, which must be the repository's top
 * folder) that changed since git last recorded them, or undefined when `root` has no
 * repository this reader understands.
 */
export async function changedSinceGit(root: string, candidates: readonly string[]): Promise<Set<string> | undefined> {
  const gitDir = await gitDirectory(root);
  if (!gitDir) return undefined;
  const indexFile = path.join(gitDir, 'index');
  const info = await stat(indexFile).catch(() => undefined);
  if (!info?.isFile() || info.size > MAX_INDEX_BYTES) return undefined;
  const config = await readFile(path.join(gitDir, 'config'), 'utf8').catch(() => '');
  const entries = parseGitIndex(await readFile(indexFile), /objectformat\s*=\s*sha256/i.test(config) ? 32 : 20);
  if (!entries) return undefined;
  const tracked = new Map(entries.map((e) => [e.path, e]));
  const changed = new Set<string>();
  for (const relativePath of candidates) {
    const entry = tracked.get(relativePath);
    if (!entry) {
      changed.add(relativePath);
      continue;
    }
    const now = await stat(path.join(root, relativePath)).catch(() => undefined);
    if (now && (now.size !== entry.size || Math.floor(now.mtimeMs / 1000) !== entry.mtimeSeconds)) changed.add(relativePath);
  }
  return changed;
}
