// The one way Recur reads a file it did not write itself (workspace files, .gitignore files,
// checkpoints, lock files): every file is untrusted, so a read is bounded and cannot block.
//
//   - regular files only: the path is lstat'ed first (a FIFO, socket or device is refused
//     without being opened: opening some devices has effects), then opened with O_NOFOLLOW |
//     O_NONBLOCK (a FIFO swapped in meanwhile cannot block the open) and checked again on the
//     descriptor (fstat: a regular file, the same inode as the lstat saw);
//   - never through a symbolic link at the last component (O_NOFOLLOW), unless the caller
//     asks to follow one (a checkpoint the user named on the command line);
//   - never outside a folder, when one is given: the real path of the file's parent must be
//     that folder's real path or inside it (a linked parent folder is refused);
//   - at most maxBytes: a larger file is refused from its size, and a file that grows while it
//     is read is cut off after maxBytes + 1 bytes and refused;
//   - within timeoutMs (the async path: a read on a hung network mount gives up; the sync path
//     checks the deadline between chunks, so a local regular file is always read to its end).
//
// Every refusal is a value with a reason (BoundedRead), or a FileRefusedError whose message
// names the file and says why in a few words (describeRefusal).
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats, statSync } from 'node:fs';
import { type FileHandle, lstat, open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export type RefusalReason = 'missing' | 'symlink' | 'notRegular' | 'outside' | 'tooLarge' | 'unreadable' | 'timeout';

export interface BoundedReadOptions {
  /** The most bytes the file may hold. */
  maxBytes: number;
  /** The folder the file must be inside (checked on real paths); absent: anywhere. */
  within?: string;
  /** Follow a symbolic link at the last component (default: refuse it). */
  followLinks?: boolean;
  /** Give up after this long (default DEFAULT_READ_TIMEOUT_MS). */
  timeoutMs?: number;
}

export type Refusal = { ok: false; reason: RefusalReason; size?: number; detail?: string };
export type BoundedRead = { ok: true; bytes: Buffer } | Refusal;

/** A file opened for reading by openRegularSync: a regular file of `size` bytes (<= maxBytes). */
export type OpenedFile = { ok: true; fd: number; size: number } | Refusal;

export const DEFAULT_READ_TIMEOUT_MS = 5000;
const CHUNK_BYTES = 1024 * 1024;
// O_NOFOLLOW and O_NONBLOCK are POSIX; elsewhere (Windows) they are 0 and the stat checks remain.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** A file that was refused; the message names it and says why. */
export class FileRefusedError extends Error {
  constructor(
    readonly file: string,
    readonly refusal: Refusal,
    maxBytes: number,
  ) {
    super(`${file}: ${describeRefusal(refusal, maxBytes)}`);
    this.name = 'FileRefusedError';
  }
}

/** Why a file was not read, in a few words ("not a regular file (a FIFO, socket or device)"). */
export function describeRefusal(refusal: Refusal, maxBytes: number): string {
  switch (refusal.reason) {
    case 'missing':
      return 'no such file';
    case 'symlink':
      return 'a symbolic link (links are not followed)';
    case 'notRegular':
      return 'not a regular file (a FIFO, socket or device)';
    case 'outside':
      return 'outside the folder it was read for (through a linked folder)';
    case 'tooLarge':
      return `larger than ${formatBytes(maxBytes)}${refusal.size !== undefined ? ` (${formatBytes(refusal.size)})` : ''}`;
    case 'timeout':
      return 'reading it took too long (a hung or very slow disk?)';
    case 'unreadable':
      return `cannot be read${refusal.detail ? ` (${refusal.detail})` : ''}`;
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

function refusal(reason: RefusalReason, extra: { size?: number; detail?: string } = {}): Refusal {
  return { ok: false, reason, ...extra };
}

/** The refusal an error from lstat/open stands for. */
function refusalOf(err: unknown): Refusal {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return refusal('missing');
  if (code === 'ELOOP') return refusal('symlink');
  return refusal('unreadable', { detail: code ?? (err as Error).message });
}

/** What the path names, judged before opening it. */
function judgeEntry(info: Stats, maxBytes: number): Refusal | undefined {
  if (info.isSymbolicLink()) return refusal('symlink');
  if (!info.isFile()) return refusal('notRegular');
  if (info.size > maxBytes) return refusal('tooLarge', { size: info.size });
  return undefined;
}

/** The descriptor must be the regular file the path named a moment ago (not one swapped in). */
function judgeOpened(opened: Stats, before: Stats, maxBytes: number): Refusal | undefined {
  if (!opened.isFile()) return refusal('notRegular');
  if (opened.ino !== before.ino || opened.dev !== before.dev) return refusal('unreadable', { detail: 'it changed while it was opened' });
  if (opened.size > maxBytes) return refusal('tooLarge', { size: opened.size });
  return undefined;
}

function isInside(realParent: string, realRoot: string): boolean {
  return realParent === realRoot || realParent.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}

function checkWithinSync(file: string, within: string | undefined): Refusal | undefined {
  if (within === undefined) return undefined;
  try {
    return isInside(realpathSync.native(path.dirname(file)), realpathSync.native(within)) ? undefined : refusal('outside');
  } catch (err) {
    return refusalOf(err);
  }
}

async function checkWithin(file: string, within: string | undefined): Promise<Refusal | undefined> {
  if (within === undefined) return undefined;
  try {
    const [parent, root] = await Promise.all([realpath(path.dirname(file)), realpath(within)]);
    return isInside(parent, root) ? undefined : refusal('outside');
  } catch (err) {
    return refusalOf(err);
  }
}

/** Opens a regular file for reading after every check above; the caller closes `fd`. */
export function openRegularSync(file: string, options: BoundedReadOptions): OpenedFile {
  let before: Stats;
  let fd: number;
  try {
    before = options.followLinks ? statSync(file) : lstatSync(file);
    const wrong = judgeEntry(before, options.maxBytes) ?? checkWithinSync(file, options.within);
    if (wrong) return wrong;
    fd = openSync(file, OPEN_FLAGS | (options.followLinks ? 0 : NO_FOLLOW));
  } catch (err) {
    return refusalOf(err);
  }
  try {
    const opened = fstatSync(fd);
    const wrong = judgeOpened(opened, before, options.maxBytes);
    if (wrong) {
      closeSync(fd);
      return wrong;
    }
    return { ok: true, fd, size: opened.size };
  } catch (err) {
    closeSync(fd);
    return refusalOf(err);
  }
}

/** Reads all of a file (at most maxBytes) synchronously. */
export function readBoundedSync(file: string, options: BoundedReadOptions): BoundedRead {
  const opened = openRegularSync(file, options);
  if (!opened.ok) return opened;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS);
  try {
    // One byte more than allowed: a file that grew past the cap since fstat is caught.
    const bytes = Buffer.allocUnsafe(Math.min(opened.size, options.maxBytes) + 1);
    let filled = 0;
    for (;;) {
      if (Date.now() > deadline) return refusal('timeout');
      const n = readSync(opened.fd, bytes, filled, Math.min(CHUNK_BYTES, bytes.length - filled), filled);
      if (n === 0) break;
      filled += n;
      if (filled > options.maxBytes) return refusal('tooLarge', { size: filled });
      if (filled === bytes.length) break;
    }
    return { ok: true, bytes: bytes.subarray(0, filled) };
  } catch (err) {
    return refusalOf(err);
  } finally {
    closeSync(opened.fd);
  }
}

/** The async twin of openRegularSync (a FileHandle); the caller closes it. */
export async function openRegular(file: string, options: BoundedReadOptions): Promise<{ ok: true; handle: FileHandle; size: number } | Refusal> {
  let before: Stats;
  let handle: FileHandle;
  try {
    before = options.followLinks ? await stat(file) : await lstat(file);
    const wrong = judgeEntry(before, options.maxBytes) ?? (await checkWithin(file, options.within));
    if (wrong) return wrong;
    handle = await open(file, OPEN_FLAGS | (options.followLinks ? 0 : NO_FOLLOW));
  } catch (err) {
    return refusalOf(err);
  }
  try {
    const opened = await handle.stat();
    const wrong = judgeOpened(opened, before, options.maxBytes);
    if (wrong) {
      await handle.close();
      return wrong;
    }
    return { ok: true, handle, size: opened.size };
  } catch (err) {
    await handle.close().catch(() => {});
    return refusalOf(err);
  }
}

/**
 * Runs `read` on the opened file with a deadline: after timeoutMs the result is a 'timeout'
 * refusal and the handle is closed once its pending read returns (FileHandle.close waits).
 */
export async function withOpenedFile<T>(file: string, options: BoundedReadOptions, read: (handle: FileHandle, size: number) => Promise<T | Refusal>): Promise<T | Refusal> {
  const opened = await openRegular(file, options);
  if (!opened.ok) return opened;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Refusal>((resolve) => {
    timer = setTimeout(() => resolve(refusal('timeout')), options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS);
  });
  const reading = read(opened.handle, opened.size).catch((err: unknown) => refusalOf(err));
  try {
    return await Promise.race([reading, timeout]);
  } finally {
    clearTimeout(timer);
    void reading.finally(() => opened.handle.close().catch(() => {}));
  }
}

/** Reads all of a file (at most maxBytes), giving up after timeoutMs. */
export function readBounded(file: string, options: BoundedReadOptions): Promise<BoundedRead> {
  return withOpenedFile<BoundedRead>(file, options, async (handle, size) => {
    const bytes = Buffer.allocUnsafe(Math.min(size, options.maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(bytes, filled, Math.min(CHUNK_BYTES, bytes.length - filled), filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled > options.maxBytes) return refusal('tooLarge', { size: filled });
      if (filled === bytes.length) break;
    }
    return { ok: true, bytes: bytes.subarray(0, filled) };
  });
}

/** readBoundedSync, throwing FileRefusedError instead of returning a refusal. */
export function readBoundedOrThrow(file: string, options: BoundedReadOptions): Buffer {
  const read = readBoundedSync(file, options);
  if (!read.ok) throw new FileRefusedError(file, read, options.maxBytes);
  return read.bytes;
}
