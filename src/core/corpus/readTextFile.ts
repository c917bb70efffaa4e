// Reads one candidate file in chunks, giving up as soon as it shows it is not training text:
// too large, binary (a NUL byte in the first 8 KB), or minified/generated (a line longer
// than maxLineLength; a line ends at LF, CR or CRLF, so old Mac files are not mistaken for
// one long line). Memory is bounded by the file-size cap. Bytes are kept as they are (CRLF,
// any Unicode, even invalid UTF-8): the vocabulary is all 256 byte values. Two exceptions:
// a UTF-8 byte order mark is dropped, and a file that starts with a UTF-16 byte order mark
// (as Windows tools write) is decoded and kept as UTF-8, and says so (`converted`).
// The file is opened through ../files/boundedRead.ts: a regular file only (a FIFO or device
// is never opened), never through a link, inside `within` when given, with a timeout.
import type { FileHandle } from 'node:fs/promises';
import { type Refusal, withOpenedFile } from '../files/boundedRead';

export const BINARY_SNIFF_BYTES = 8192;
const CHUNK_BYTES = 64 * 1024;

export type SkipReason = 'tooLarge' | 'binary' | 'minified' | 'empty' | 'unreadable' | 'symlink' | 'special';

export type FileRead = { kind: 'text'; bytes: Buffer; converted?: Utf16Encoding } | { kind: 'skipped'; reason: SkipReason; size?: number };

export type Utf16Encoding = 'UTF-16LE' | 'UTF-16BE';

export interface FileLimits {
  maxFileBytes: number;
  maxLineLength: number;
  /** The workspace folder the file must be inside (real paths); absent: anywhere. */
  within?: string;
  /** Give up on a file after this long (default: boundedRead's). */
  timeoutMs?: number;
}

/** The UTF-16 encoding named by a byte order mark at the start of `bytes`, if any. */
export function utf16Bom(bytes: Uint8Array): Utf16Encoding | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe && !(bytes[2] === 0 && bytes[3] === 0)) return 'UTF-16LE'; // FF FE 00 00 is UTF-32LE
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE';
  return undefined;
}

/** Checks bytes[from..to) of a file for NUL bytes (in the first 8 KB) and long lines; `line` carries the current line's length across calls. */
function scan(bytes: Uint8Array, from: number, to: number, line: { length: number }, maxLineLength: number): SkipReason | undefined {
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b === 0 && i < BINARY_SNIFF_BYTES) return 'binary';
    if (b === 0x0a || b === 0x0d) line.length = 0;
    else if (++line.length > maxLineLength) return 'minified';
  }
  return undefined;
}

export async function readTextFile(file: string, limits: FileLimits): Promise<FileRead> {
  const read = await withOpenedFile(file, { maxBytes: limits.maxFileBytes, within: limits.within, timeoutMs: limits.timeoutMs }, (handle, size) => readOpened(handle, size, limits));
  return 'ok' in read ? skippedFor(read) : read;
}

/** A file the bounded reader refused, as the corpus counts it. */
function skippedFor(refusal: Refusal): FileRead {
  switch (refusal.reason) {
    case 'tooLarge':
      return { kind: 'skipped', reason: 'tooLarge', size: refusal.size };
    case 'symlink':
    case 'outside':
      return { kind: 'skipped', reason: 'symlink' };
    case 'notRegular':
      return { kind: 'skipped', reason: 'special' };
    default:
      return { kind: 'skipped', reason: 'unreadable' };
  }
}

async function readOpened(handle: FileHandle, size: number, limits: FileLimits): Promise<FileRead> {
  if (size === 0) return { kind: 'skipped', reason: 'empty' };
  const bytes = Buffer.alloc(Math.min(size, limits.maxFileBytes));
  let filled = 0;
  const line = { length: 0 };
  let encoding: Utf16Encoding | undefined;
  while (filled < bytes.length) {
    const { bytesRead } = await handle.read(bytes, filled, Math.min(CHUNK_BYTES, bytes.length - filled), filled);
    if (bytesRead === 0) break; // the file shrank while we read it
    if (filled === 0) encoding = utf16Bom(bytes.subarray(0, bytesRead));
    // UTF-16 text is full of NUL bytes: it is checked once decoded, below.
    const problem = encoding ? undefined : scan(bytes, filled, filled + bytesRead, line, limits.maxLineLength);
    if (problem) return { kind: 'skipped', reason: problem };
    filled += bytesRead;
  }
  let text = bytes.subarray(0, filled);
  if (encoding) {
    text = Buffer.from(new TextDecoder(encoding.toLowerCase()).decode(text.subarray(2)), 'utf8');
    const problem = scan(text, 0, text.length, { length: 0 }, limits.maxLineLength);
    if (problem) return { kind: 'skipped', reason: problem };
  } else if (text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf) text = text.subarray(3); // UTF-8 byte order mark
  if (text.length === 0) return { kind: 'skipped', reason: 'empty' };
  return encoding ? { kind: 'text', bytes: text, converted: encoding } : { kind: 'text', bytes: text };
}
