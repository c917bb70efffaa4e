// Reads one candidate file in chunks, giving up as soon as it shows it is not training text:
// too large, binary (a NUL byte in the first 8 KB), or minified/generated (a line longer
// than maxLineLength). Memory is bounded by the file-size cap. Any bytes are kept as they
// are (CRLF, any Unicode, even invalid UTF-8): the vocabulary is all 256 byte values.
import { open } from 'node:fs/promises';

export const BINARY_SNIFF_BYTES = 8192;
const CHUNK_BYTES = 64 * 1024;

export type SkipReason = 'tooLarge' | 'binary' | 'minified' | 'empty' | 'unreadable';

export type FileRead = { kind: 'text'; bytes: Buffer } | { kind: 'skipped'; reason: SkipReason };

export interface FileLimits {
  maxFileBytes: number;
  maxLineLength: number;
}

export async function readTextFile(file: string, limits: FileLimits): Promise<FileRead> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return { kind: 'skipped', reason: 'unreadable' };
  }
  try {
    const size = (await handle.stat()).size;
    if (size > limits.maxFileBytes) return { kind: 'skipped', reason: 'tooLarge' };
    if (size === 0) return { kind: 'skipped', reason: 'empty' };
    const bytes = Buffer.alloc(Math.min(size, limits.maxFileBytes));
    let filled = 0;
    let lineLength = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, Math.min(CHUNK_BYTES, bytes.length - filled), filled);
      if (bytesRead === 0) break; // the file shrank while we read it
      const end = filled + bytesRead;
      for (let i = filled; i < end; i++) {
        const b = bytes[i];
        if (b === 0 && i < BINARY_SNIFF_BYTES) return { kind: 'skipped', reason: 'binary' };
        if (b === 0x0a) lineLength = 0;
        else if (++lineLength > limits.maxLineLength) return { kind: 'skipped', reason: 'minified' };
      }
      filled = end;
    }
    let text = bytes.subarray(0, filled);
    if (text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf) text = text.subarray(3); // UTF-8 byte order mark
    if (text.length === 0) return { kind: 'skipped', reason: 'empty' };
    return { kind: 'text', bytes: text };
  } catch {
    return { kind: 'skipped', reason: 'unreadable' };
  } finally {
    await handle.close();
  }
}
