// The byte level of a checkpoint file (./checkpoint.ts has the layout): where its parts are,
// their checksums, and each tensor decoded with every size checked first. Reads go through a
// ByteSource, so a file is read one tensor at a time (an open descriptor) and a buffer in
// memory is read the same way (tests, encode-decode round trips).
import { readSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';
import { maxDeflatedBytes } from './checkpointLimits';
import type { TensorData, TensorDtype, TensorEntry } from './checkpointTypes';

export const MAGIC = Buffer.from('RECURCK\n', 'latin1');
/** Magic (8 bytes) and the header length (uint32 LE). */
export const PREFIX_BYTES = 12;
/** The header's checksum after it (version 3 on): crc32 of the magic, the length and the header. */
export const HEADER_CRC_BYTES = 4;

export const BYTES_PER_ELEMENT: Record<TensorDtype, number> = { float32: 4, uint8: 1, uint16: 2, int32: 4 };

/** Bytes at any offset of a file or a buffer. */
export interface ByteSource {
  readonly size: number;
  /** Exactly `into.length` bytes from `offset` (the caller checked they are there). */
  readInto(offset: number, into: Uint8Array): void;
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, readInto: (offset, into) => into.set(bytes.subarray(offset, offset + into.length)) };
}

export function fdSource(fd: number, size: number): ByteSource {
  return {
    size,
    readInto(offset, into) {
      let filled = 0;
      while (filled < into.length) {
        const n = readSync(fd, into, filled, into.length - filled, offset + filled);
        if (n === 0) throw new Error('the file was shortened while it was read');
        filled += n;
      }
    },
  };
}

export function readBytes(source: ByteSource, offset: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  source.readInto(offset, out);
  return out;
}

/** crc32 of the prefix and the header, as stored after the header from version 3 on. */
export function headerChecksum(prefixAndHeader: Uint8Array): number {
  return crc32(prefixAndHeader);
}

/** What a tensor takes, computed from its entry before anything is allocated. */
export interface TensorPlan {
  entry: TensorEntry;
  dtype: TensorDtype;
  count: number;
  decodedBytes: number;
  storedBytes: number;
  /** Where its stored bytes start in the file. */
  offset: number;
}

function newTensor(dtype: TensorDtype, count: number): TensorData {
  if (dtype === 'float32') return new Float32Array(count);
  if (dtype === 'uint8') return new Uint8Array(count);
  if (dtype === 'uint16') return new Uint16Array(count);
  return new Int32Array(count);
}

/** Index of the first non-finite value, or -1. */
export function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i;
  return -1;
}

/**
 * One tensor, read and checked: its stored bytes' crc32 (when `checked`), inflated no further
 * than its declared size, the size exact, every float finite. Throws an Error whose message
 * says what is wrong with it (the caller names the file). The result owns its ArrayBuffer.
 */
export function decodeTensor(source: ByteSource, plan: TensorPlan, checked: boolean): TensorData {
  const { entry, dtype, count, decodedBytes, storedBytes } = plan;
  const data = newTensor(dtype, count);
  const view = new Uint8Array(data.buffer);
  if (entry.encoding === 'deflate') {
    if (storedBytes > maxDeflatedBytes(decodedBytes)) throw new Error(`tensor ${entry.name} is stored larger than its data could be`);
    const stored = readBytes(source, plan.offset, storedBytes);
    if (checked && crc32(stored) !== entry.crc32) throw new Error(`tensor ${entry.name} is damaged (its checksum does not match)`);
    let raw: Buffer;
    try {
      raw = inflateRawSync(stored, { maxOutputLength: Math.max(1, decodedBytes) });
    } catch (err) {
      const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError;
      throw new Error(tooLarge ? `tensor ${entry.name} inflates past its declared size (${decodedBytes} bytes)` : `tensor ${entry.name} cannot be decompressed`, { cause: err });
    }
    if (raw.length !== decodedBytes) throw new Error(`tensor ${entry.name} has the wrong size (${raw.length} bytes, its shape needs ${decodedBytes})`);
    view.set(raw);
  } else {
    if (storedBytes !== decodedBytes) throw new Error(`tensor ${entry.name} has the wrong size (${storedBytes} bytes stored, its shape needs ${decodedBytes})`);
    source.readInto(plan.offset, view);
    if (checked && crc32(view) !== entry.crc32) throw new Error(`tensor ${entry.name} is damaged (its checksum does not match)`);
  }
  if (data instanceof Float32Array) {
    const at = firstNonFinite(data);
    if (at >= 0) throw new Error(`tensor ${entry.name} holds a non-finite value (${data[at]} at ${at})`);
  }
  return data;
}
