// The saved workspace index (base-index.recur in the workspace's storage): the prediction
// stack's statistics of the workspace (../predict/stackState.ts's section), what they were
// read from (indexManifest.ts) and the base model they belong to. Not a checkpoint: the
// network is the base model's (models/base.recur), which the editor loads beside it.
//
//   bytes 0..7    "RECURIX\n"                          magic
//   bytes 8..11   uint32 LE  N                         header length
//   bytes 12..15  uint32 LE  crc32 of the header bytes
//   bytes 16..    N bytes of UTF-8 JSON                IndexHeader
//   then          the tensors, in header.tensors order, no gaps, each with its crc32
//
// Versioned (a reader refuses versions it does not know, with the reason); every size is
// checked against the file before anything is allocated, every checksum is verified, and
// floats must be finite. Written atomically (temporary file, fsync, rename).
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { BaseModelInfo, CheckpointSection, TensorData } from '../model/checkpoint';
import { writeFileAtomic } from '../files/atomicWrite';
import { type IndexManifest, manifestProblem } from './indexManifest';

export const INDEX_FORMAT = 'recur-index';
export const INDEX_VERSION = 1;
const MAGIC = Buffer.from('RECURIX\n', 'latin1');
const PREFIX_BYTES = 16;
/** Larger files are refused unread (a default index is about 10 MB). */
export const MAX_INDEX_FILE_BYTES = 2 * 1024 * 1024 * 1024;
const MAX_ELEMENTS = 2 ** 30;

type Dtype = 'float32' | 'uint8' | 'uint16' | 'int32';
const ELEMENT_BYTES: Record<Dtype, number> = { float32: 4, uint8: 1, uint16: 2, int32: 4 };

interface TensorEntry {
  name: string;
  shape: number[];
  dtype: Dtype;
  bytes: number;
  encoding?: 'deflate';
  crc32: number;
}

interface IndexHeader {
  format: typeof INDEX_FORMAT;
  version: number;
  savedAt: string;
  base: BaseModelInfo;
  manifest: IndexManifest;
  stackMeta: Record<string, unknown>;
  tensors: TensorEntry[];
}

export interface SavedIndex {
  /** The base model whose weighing and network the statistics go with. */
  base: BaseModelInfo;
  manifest: IndexManifest;
  /** The statistics, as stackToSection wrote them. */
  stack: CheckpointSection;
  savedAt?: string;
}

/** An index file that cannot be used; the message names the file and the reason. */
export class IndexFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'IndexFileError';
  }
}

function dtypeOf(data: TensorData): Dtype {
  return data instanceof Float32Array ? 'float32' : data instanceof Uint16Array ? 'uint16' : data instanceof Int32Array ? 'int32' : 'uint8';
}

export function encodeIndex(index: SavedIndex): Buffer {
  const tensors: TensorEntry[] = [];
  const stored: Buffer[] = [];
  for (const [name, tensor] of Object.entries(index.stack.tensors)) {
    const { data, shape, compress } = tensor;
    if (data.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`index tensor ${name}: ${data.length} values for shape ${shape}`);
    if (data instanceof Float32Array && !data.every(Number.isFinite)) throw new Error(`index tensor ${name} holds a non-finite value`);
    const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const bytes = compress ? deflateRawSync(raw, { level: 1 }) : raw;
    tensors.push({ name, shape, dtype: dtypeOf(data), bytes: bytes.length, ...(compress ? { encoding: 'deflate' as const } : {}), crc32: crc32(bytes) });
    stored.push(bytes);
  }
  const header: IndexHeader = {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    savedAt: index.savedAt ?? new Date().toISOString(),
    base: index.base,
    manifest: index.manifest,
    stackMeta: index.stack.meta,
    tensors,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(json.length, 8);
  prefix.writeUInt32LE(crc32(json), 12);
  return Buffer.concat([prefix, json, ...stored]);
}

/** The checked header of an index file's first bytes (`fileSize`: the whole file's), or an IndexFileError. */
function decodeHeader(bytes: Buffer, fileSize: number, file: string): IndexHeader {
  const bad = (reason: string) => new IndexFileError(file, `${reason}; it will be built again`);
  if (bytes.length < PREFIX_BYTES || !bytes.subarray(0, 8).equals(MAGIC)) throw bad('not a Recur workspace index');
  const length = bytes.readUInt32LE(8);
  if (PREFIX_BYTES + length > fileSize || PREFIX_BYTES + length > bytes.length) throw bad('truncated header');
  const json = bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + length);
  if (crc32(json) !== bytes.readUInt32LE(12)) throw bad('damaged header (checksum)');
  let header: IndexHeader;
  try {
    header = JSON.parse(json.toString('utf8')) as IndexHeader;
  } catch {
    throw bad('unreadable header');
  }
  if (header.format !== INDEX_FORMAT) throw bad('not a Recur workspace index');
  if (header.version !== INDEX_VERSION) throw bad(`index format version ${String(header.version)} (this Recur reads ${INDEX_VERSION})`);
  const problem = manifestProblem(header.manifest) ?? baseProblem(header.base);
  if (problem) throw bad(problem);
  if (!Array.isArray(header.tensors) || typeof header.stackMeta !== 'object' || header.stackMeta === null) throw bad('no statistics');
  return header;
}

export function decodeIndex(bytes: Buffer, file = 'index'): SavedIndex {
  const bad = (reason: string) => new IndexFileError(file, `${reason}; it will be built again`);
  const header = decodeHeader(bytes, bytes.length, file);
  const length = bytes.readUInt32LE(8);
  const tensors: CheckpointSection['tensors'] = {};
  let offset = PREFIX_BYTES + length;
  for (const entry of header.tensors) {
    const tensor = decodeTensor(bytes, offset, entry, bad);
    tensors[entry.name] = { data: tensor, shape: entry.shape, compress: entry.encoding === 'deflate' };
    offset += entry.bytes;
  }
  if (offset !== bytes.length) throw bad('unexpected bytes after the last tensor');
  return { base: header.base, manifest: header.manifest, stack: { meta: header.stackMeta, tensors }, savedAt: header.savedAt };
}

function baseProblem(base: unknown): string | undefined {
  const b = base as Partial<BaseModelInfo> | null;
  return typeof b === 'object' && b !== null && typeof b.name === 'string' && Number.isFinite(b.step) && Number.isFinite(b.charsSeen) ? undefined : 'no base model named';
}

function decodeTensor(bytes: Buffer, offset: number, entry: TensorEntry, bad: (reason: string) => IndexFileError): TensorData {
  const name = typeof entry?.name === 'string' ? entry.name : '?';
  if (!(entry.dtype in ELEMENT_BYTES) || !Array.isArray(entry.shape) || !entry.shape.every((n) => Number.isInteger(n) && n >= 0)) throw bad(`tensor ${name} is described wrongly`);
  const count = entry.shape.reduce((a, b) => a * b, 1);
  if (count > MAX_ELEMENTS || !Number.isInteger(entry.bytes) || entry.bytes < 0 || offset + entry.bytes > bytes.length) throw bad(`truncated or oversized at tensor ${name}`);
  const stored = bytes.subarray(offset, offset + entry.bytes);
  if (crc32(stored) !== entry.crc32) throw bad(`tensor ${name} is damaged (checksum)`);
  const expected = count * ELEMENT_BYTES[entry.dtype];
  let raw: Buffer = stored;
  if (entry.encoding === 'deflate') {
    try {
      raw = inflateRawSync(stored, { maxOutputLength: Math.max(1, expected) });
    } catch {
      throw bad(`tensor ${name} cannot be decompressed to its size`);
    }
  } else if (entry.encoding !== undefined) throw bad(`tensor ${name} has an unknown encoding`);
  if (raw.length !== expected) throw bad(`tensor ${name} has the wrong size`);
  const data = entry.dtype === 'float32' ? new Float32Array(count) : entry.dtype === 'uint16' ? new Uint16Array(count) : entry.dtype === 'int32' ? new Int32Array(count) : new Uint8Array(count);
  Buffer.from(data.buffer).set(raw);
  if (data instanceof Float32Array && !data.every(Number.isFinite)) throw bad(`tensor ${name} holds a non-finite value`);
  return data;
}

/** What an index file says about itself. */
export type IndexHeaderInfo = Pick<SavedIndex, 'base' | 'manifest'>;

/** What an index file says about itself (its base model and manifest), read without its tensors; undefined when it is missing or unusable. */
export function readIndexHeader(file: string): IndexHeaderInfo | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile()) return undefined;
    const prefix = Buffer.alloc(PREFIX_BYTES);
    if (readSync(fd, prefix, 0, PREFIX_BYTES, 0) < PREFIX_BYTES) return undefined;
    const length = prefix.readUInt32LE(8);
    if (PREFIX_BYTES + length > info.size) return undefined;
    const bytes = Buffer.alloc(PREFIX_BYTES + length);
    if (readSync(fd, bytes, 0, bytes.length, 0) < bytes.length) return undefined;
    const header = decodeHeader(bytes, info.size, file);
    return { base: header.base, manifest: header.manifest };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function writeIndexAtomic(file: string, index: SavedIndex): void {
  writeFileAtomic(file, encodeIndex(index));
}

/** Reads and checks an index file (throws IndexFileError). */
export function readIndex(file: string): SavedIndex {
  let bytes: Buffer;
  try {
    const info = statSync(file);
    if (!info.isFile()) throw new IndexFileError(file, 'not a regular file');
    if (info.size > MAX_INDEX_FILE_BYTES) throw new IndexFileError(file, `${info.size} bytes, more than an index can be`);
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof IndexFileError) throw err;
    throw new IndexFileError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return decodeIndex(bytes, file);
}
