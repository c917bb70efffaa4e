// The checkpoint file: the contract between trainer, completion path and panel.
// One self-describing file, so it can be renamed into place atomically:
//
//   bytes 0..7    "RECURCK\n"                      magic
//   bytes 8..11   uint32 LE  N                     header length (bytes, padded to 4)
//   bytes 12..    N bytes of UTF-8 JSON            CheckpointHeader (space padded)
//   then          uint32 LE  crc32 of bytes 0..12+N (version 3 on: the header's checksum)
//   then          the tensors, in header.tensors order, no gaps, to the end of the file
//
// Version 3 (written now): the header is checksummed, and each tensor entry names its dtype
// (float32, uint8, uint16, int32, little-endian), its stored byte length, an optional
// encoding ('deflate', for large sparse tables such as the context statistics) and the crc32
// of its stored bytes: every byte of the file is covered by a checksum. Version 2 (the same
// without the header's checksum) still loads, its tensors checked and its header not; version
// 1 (float32 tensors, no checksums) still loads, unchecked. Either says so (integrityNote).
//
// Reading trusts nothing: the header is checked field by field (./checkpointSchema.ts), every
// declared size against ./checkpointLimits.ts before anything is allocated (the network's
// tensors must have exactly the shapes its config gives), a deflated tensor is inflated no
// further than its declared size, and every float must be finite; a file that fails any of
// these is refused with one line naming the file and what to do. Nothing non-finite is ever
// written. The file is opened through ../files/boundedRead.ts (a regular file) and read one
// tensor at a time.
//
// Pure Node (fs, zlib, no tfjs, no vscode): the extension host's checkpoint thread reads it.
import { closeSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';
import type { ModelConfig, TrainConfig } from './config';
import { type Weights, weightShapes } from './weights';
import { writeFileAtomic } from '../files/atomicWrite';
import { describeRefusal, openRegularSync } from '../files/boundedRead';
import {
  type ByteSource,
  BYTES_PER_ELEMENT,
  bufferSource,
  decodeTensor,
  fdSource,
  firstNonFinite,
  HEADER_CRC_BYTES,
  headerChecksum,
  MAGIC,
  PREFIX_BYTES,
  readBytes,
  type TensorPlan,
} from './checkpointBytes';
import { MAX_CHECKPOINT_FILE_BYTES, MAX_CONTEXT_SECTION_BYTES, MAX_DECODED_BYTES, MAX_HEADER_BYTES } from './checkpointLimits';
import { type CheckedHeader, checkHeader, HeaderFieldError } from './checkpointSchema';
import { historyJson } from './historyJson';
import type { CorpusSummary } from '../../shared/corpus';

export type { CorpusSummary } from '../../shared/corpus';

export const CHECKPOINT_FORMAT = 'recur-checkpoint';
export const CHECKPOINT_VERSION = 3;
/** Versions this code reads. */
const READABLE_VERSIONS = [1, 2, 3];

export type { AdamState, BaseModelInfo, Checkpoint, CheckpointIntegrity, CheckpointSection, TensorData, TensorDtype, TensorEntry } from './checkpointTypes';
import type { BaseModelInfo, Checkpoint, CheckpointIntegrity, CheckpointSection, TensorData, TensorDtype, TensorEntry } from './checkpointTypes';

/** The header as written (the metrics are added last, by historyJson). */
interface CheckpointHeader {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  vocabulary: { kind: 'utf8-bytes'; size: 256 };
  model: ModelConfig;
  train: TrainConfig;
  step: number;
  charsSeen: number;
  savedAt: string;
  optimizerStep?: number;
  corpus?: CorpusSummary;
  context?: Record<string, unknown>;
  base?: BaseModelInfo;
  tensors: TensorEntry[];
}

/** A checkpoint that cannot be used; the message names the file and says what to do. */
export class CheckpointError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'CheckpointError';
  }
}

const CONTEXT_PREFIX = 'context.';
const ADAM_PREFIXES = ['adam.m.', 'adam.v.'] as const;
const FRESH_START = 'Delete it or train a fresh model ("Recur: Train on Workspace", then "Start fresh").';

function dtypeOf(data: TensorData): TensorDtype {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Uint16Array) return 'uint16';
  return 'int32';
}

function elements(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export interface EncodeOptions {
  /** The history's lists only grow between saves (the trainer's): their JSON is extended, not rebuilt (./historyJson.ts). */
  historyGrowsOnly?: boolean;
}

export function encodeCheckpoint(ckpt: Checkpoint, options: EncodeOptions = {}): Buffer {
  const shapes = weightShapes(ckpt.model);
  const tensors: TensorEntry[] = [];
  const stored: Buffer[] = [];
  const add = (name: string, shape: number[], data: TensorData | undefined, compress = false) => {
    if (!data) throw new Error(`checkpoint is missing tensor ${name}`);
    if (data.length !== elements(shape)) throw new Error(`tensor ${name} has ${data.length} values, shape ${shape} needs ${elements(shape)}`);
    if (data instanceof Float32Array) {
      const bad = firstNonFinite(data);
      if (bad >= 0) throw new Error(`refusing to write a checkpoint with a non-finite value (${data[bad]}) in ${name}[${bad}]: training has diverged; try a lower learning rate`);
    }
    const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const bytes = compress ? deflateRawSync(raw, { level: 1 }) : raw;
    tensors.push({ name, shape, dtype: dtypeOf(data), bytes: bytes.length, ...(compress ? { encoding: 'deflate' as const } : {}), crc32: crc32(bytes) });
    stored.push(bytes);
  };
  for (const [name, shape] of Object.entries(shapes)) add(name, shape, ckpt.weights[name]);
  if (ckpt.optimizer) {
    for (const [name, shape] of Object.entries(shapes)) add(`adam.m.${name}`, shape, ckpt.optimizer.m[name]);
    for (const [name, shape] of Object.entries(shapes)) add(`adam.v.${name}`, shape, ckpt.optimizer.v[name]);
  }
  for (const [name, tensor] of Object.entries(ckpt.context?.tensors ?? {})) add(CONTEXT_PREFIX + name, tensor.shape, tensor.data, tensor.compress);
  const header: CheckpointHeader = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    vocabulary: { kind: 'utf8-bytes', size: 256 },
    model: ckpt.model,
    train: ckpt.train,
    step: ckpt.step,
    charsSeen: ckpt.charsSeen,
    savedAt: ckpt.savedAt ?? new Date().toISOString(),
    optimizerStep: ckpt.optimizer?.step,
    corpus: ckpt.corpus,
    context: ckpt.context?.meta,
    base: ckpt.base,
    tensors,
  };
  // The history last: its JSON may come from historyJson's cache.
  const json = `${JSON.stringify(header).slice(0, -1)},"metrics":${historyJson(ckpt.metrics, options.historyGrowsOnly)}}`;
  return frame(json, stored, ckpt.metrics.train.length);
}

/** Magic, length, the header (space padded to 4 bytes), its checksum and the stored tensors, in one buffer written once (a long history is tens of MB). */
function frame(json: string, stored: readonly Buffer[], trainPoints: number): Buffer {
  const jsonBytes = Buffer.byteLength(json, 'utf8');
  if (jsonBytes > MAX_HEADER_BYTES)
    throw new Error(
      `the checkpoint's header (mostly its training history: ${trainPoints} logged steps) would be ${Math.round(jsonBytes / 2 ** 20)} MB, over the ${MAX_HEADER_BYTES / 2 ** 20} MB a checkpoint may hold; continue from a copy with a shorter history`,
    );
  const padded = Math.ceil(jsonBytes / 4) * 4;
  const tensorsAt = PREFIX_BYTES + padded + HEADER_CRC_BYTES;
  const out = Buffer.allocUnsafe(tensorsAt + stored.reduce((n, b) => n + b.length, 0));
  MAGIC.copy(out, 0);
  out.writeUInt32LE(padded, 8);
  out.write(json, PREFIX_BYTES, 'utf8');
  out.fill(0x20, PREFIX_BYTES + jsonBytes, PREFIX_BYTES + padded);
  out.writeUInt32LE(headerChecksum(out.subarray(0, PREFIX_BYTES + padded)), PREFIX_BYTES + padded);
  let offset = tensorsAt;
  for (const bytes of stored) offset += bytes.copy(out, offset);
  return out;
}

interface ReadHeader {
  header: CheckedHeader;
  /** Where the first tensor starts. */
  tensorsAt: number;
  integrity: CheckpointIntegrity;
}

/** Why a file cannot be used, with the way out. */
type Bad = (reason: string) => CheckpointError;

function badFor(file: string): Bad {
  return (reason) => new CheckpointError(file, `${reason}. ${FRESH_START}`);
}

/** The header: framing, length limit, checksum (version 3) and every field checked. */
function readHeader(source: ByteSource, file: string, bad: Bad): ReadHeader {
  if (source.size < PREFIX_BYTES) throw bad('not a Recur checkpoint (too short)');
  const prefix = readBytes(source, 0, PREFIX_BYTES);
  if (!prefix.subarray(0, 8).equals(MAGIC)) throw bad('not a Recur checkpoint (wrong magic bytes)');
  const length = prefix.readUInt32LE(8);
  if (length > MAX_HEADER_BYTES) throw bad(`its header claims ${length} bytes, over the ${MAX_HEADER_BYTES}-byte limit (damaged?)`);
  if (PREFIX_BYTES + length > source.size) throw bad('truncated header');
  const framed = readBytes(source, 0, PREFIX_BYTES + length);
  const stored = PREFIX_BYTES + length + HEADER_CRC_BYTES <= source.size ? readBytes(source, PREFIX_BYTES + length, HEADER_CRC_BYTES).readUInt32LE(0) : undefined;
  const checksumMatches = stored === headerChecksum(framed);
  let json: unknown;
  try {
    json = JSON.parse(framed.subarray(PREFIX_BYTES).toString('utf8'));
  } catch {
    throw bad(checksumMatches || stored === undefined ? 'unreadable header' : 'its header is damaged (unreadable, and its checksum does not match)');
  }
  const { format, version } = (json ?? {}) as { format?: unknown; version?: unknown };
  if (format !== CHECKPOINT_FORMAT) throw bad('not a Recur checkpoint');
  if (typeof version !== 'number' || !READABLE_VERSIONS.includes(version)) {
    if (typeof version === 'number' && version > CHECKPOINT_VERSION && Number.isInteger(version))
      throw new CheckpointError(file, `checkpoint format version ${version} is not supported by this Recur (it reads versions ${READABLE_VERSIONS.join(', ')}). Update Recur, or train a fresh model.`);
    throw bad(`its header is damaged (format version ${JSON.stringify(version)})`);
  }
  if (version >= 3 && !checksumMatches) throw bad('its header is damaged (its checksum does not match)');
  let header: CheckedHeader;
  try {
    header = checkHeader(json);
  } catch (err) {
    if (err instanceof HeaderFieldError) throw bad(`its header is not valid: ${err.message}`);
    throw err;
  }
  const integrity: CheckpointIntegrity = version >= 3 ? 'verified' : version === 2 ? 'headerUnchecked' : 'unchecked';
  return { header, tensorsAt: PREFIX_BYTES + length + (version >= 3 ? HEADER_CRC_BYTES : 0), integrity };
}

/** The shape a tensor of this name must have (its model's), 'context' for the context section, or undefined for a name Recur does not write. */
function expectedShape(name: string, shapes: Record<string, number[]>): number[] | 'context' | undefined {
  if (name.startsWith(CONTEXT_PREFIX)) return 'context';
  const prefix = ADAM_PREFIXES.find((p) => name.startsWith(p)) ?? '';
  return Object.hasOwn(shapes, name.slice(prefix.length)) ? shapes[name.slice(prefix.length)] : undefined;
}

/** Every tensor's size, checked against its expected shape and the limits before anything is allocated or read. */
function planTensors(read: ReadHeader, size: number, bad: Bad): TensorPlan[] {
  const { header, tensorsAt } = read;
  const shapes = weightShapes(header.model);
  const plans: TensorPlan[] = [];
  let offset = tensorsAt;
  let decodedTotal = 0;
  let contextTotal = 0;
  for (const entry of header.tensors) {
    const expected = expectedShape(entry.name, shapes);
    if (expected === undefined) throw bad(`it holds a tensor Recur does not write (${entry.name})`);
    const dtype = entry.dtype ?? 'float32';
    if (expected !== 'context' && (dtype !== 'float32' || entry.shape.length !== expected.length || entry.shape.some((d, i) => d !== expected[i]))) {
      throw bad(`tensor ${entry.name} has shape [${entry.shape.join(', ')}] (${dtype}), but its model needs [${expected.join(', ')}] (float32)`);
    }
    const count = elements(entry.shape);
    const decodedBytes = count * BYTES_PER_ELEMENT[dtype];
    decodedTotal += decodedBytes;
    if (expected === 'context') contextTotal += decodedBytes;
    if (!Number.isSafeInteger(decodedTotal) || decodedTotal > MAX_DECODED_BYTES)
      throw bad(`its tensors would take more than ${MAX_DECODED_BYTES / 2 ** 20} MB (at ${entry.name}): damaged or not made by Recur`);
    if (contextTotal > MAX_CONTEXT_SECTION_BYTES)
      throw bad(`its context statistics would take more than ${Math.round(MAX_CONTEXT_SECTION_BYTES / 2 ** 20)} MB (at ${entry.name}), more than the largest recur.context.memoryMB stores`);
    const storedBytes = read.integrity === 'unchecked' ? decodedBytes : (entry.bytes ?? -1);
    plans.push({ entry, dtype, count, decodedBytes, storedBytes, offset });
    offset += storedBytes;
    if (offset > size) throw bad(`truncated at tensor ${entry.name}`);
  }
  if (offset !== size) throw bad('unexpected bytes after the last tensor');
  return plans;
}

export interface DecodeOptions {
  /** Decode the optimizer state too (default true; the editor does not need it). */
  optimizer?: boolean;
}

function decodeSource(source: ByteSource, file: string, options: DecodeOptions = {}): Checkpoint {
  const bad = badFor(file);
  const read = readHeader(source, file, bad);
  const { header } = read;
  const tensors = new Map<string, TensorData>();
  for (const plan of planTensors(read, source.size, bad)) {
    if (options.optimizer === false && ADAM_PREFIXES.some((p) => plan.entry.name.startsWith(p))) continue;
    try {
      tensors.set(plan.entry.name, decodeTensor(source, plan, read.integrity !== 'unchecked'));
    } catch (err) {
      throw bad((err as Error).message);
    }
  }
  return assemble(header, tensors, read.integrity, bad);
}

/** The checkpoint from its checked header and decoded tensors (every network tensor already has its shape). */
function assemble(header: CheckedHeader, tensors: Map<string, TensorData>, integrity: CheckpointIntegrity, bad: Bad): Checkpoint {
  const take = (prefix: string): Weights | undefined => {
    const out: Weights = {};
    for (const name of Object.keys(weightShapes(header.model))) {
      const data = tensors.get(prefix + name);
      if (!(data instanceof Float32Array)) return undefined;
      out[name] = data;
    }
    return out;
  };
  const weights = take('');
  if (!weights) throw bad('missing weights');
  const m = take('adam.m.');
  const v = take('adam.v.');
  let context: CheckpointSection | undefined;
  if (header.context) {
    context = { meta: header.context, tensors: {} };
    for (const entry of header.tensors) {
      const data = tensors.get(entry.name);
      if (entry.name.startsWith(CONTEXT_PREFIX) && data) context.tensors[entry.name.slice(CONTEXT_PREFIX.length)] = { data, shape: entry.shape, compress: entry.encoding === 'deflate' };
    }
  }
  return {
    model: header.model,
    train: header.train,
    step: header.step,
    charsSeen: header.charsSeen,
    savedAt: header.savedAt,
    weights,
    optimizer: m && v && header.optimizerStep !== undefined ? { step: header.optimizerStep, m, v } : undefined,
    metrics: header.metrics,
    corpus: header.corpus,
    context,
    base: header.base,
    integrity,
  };
}

export function decodeCheckpoint(bytes: Buffer, file = 'checkpoint', options?: DecodeOptions): Checkpoint {
  return decodeSource(bufferSource(bytes), file, options);
}

/** Runs `read` on the checkpoint file opened as a regular file (a link to one is followed: the user or the extension named it). */
function withCheckpointFile<T>(file: string, read: (source: ByteSource) => T): T {
  const opened = openRegularSync(file, { maxBytes: MAX_CHECKPOINT_FILE_BYTES, followLinks: true });
  if (!opened.ok) {
    const why = opened.reason === 'notRegular' ? 'not a regular file (a checkpoint is a file written by recur train or the extension)' : describeRefusal(opened, MAX_CHECKPOINT_FILE_BYTES);
    throw new CheckpointError(file, opened.reason === 'unreadable' || opened.reason === 'missing' ? `cannot be read (${opened.detail ?? 'ENOENT'})` : why);
  }
  try {
    return read(fdSource(opened.fd, opened.size));
  } catch (err) {
    if (err instanceof CheckpointError) throw err;
    throw new CheckpointError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  } finally {
    closeSync(opened.fd);
  }
}

export function readCheckpoint(file: string, options?: DecodeOptions): Checkpoint {
  return withCheckpointFile(file, (source) => decodeSource(source, file, options));
}

/** One line for the log when a checkpoint's data is not fully checksummed (an older format), else undefined. */
export function integrityNote(ckpt: Pick<Checkpoint, 'integrity'>, file: string): string | undefined {
  if (ckpt.integrity === 'unchecked') return `${file} is a version 1 checkpoint: its data has no checksums, so damage to it cannot be detected (checkpoints written now are checksummed whole)`;
  if (ckpt.integrity === 'headerUnchecked') return `${file} is a version 2 checkpoint: its tensors are checksummed but its header is not (checkpoints written now are checksummed whole)`;
  return undefined;
}

/**
 * Writes to a temporary file in the same folder, fsyncs it, then renames it over `file`
 * (../files/atomicWrite.ts). A crash at any point leaves either the old checkpoint or the
 * new one, never a mix; a failed write leaves no temporary file.
 */
export function writeCheckpointAtomic(file: string, ckpt: Checkpoint, options?: EncodeOptions): void {
  writeFileAtomic(file, encodeCheckpoint(ckpt, options));
}

/** What a checkpoint says about itself, without its tensors. */
export type CheckpointInfo = Omit<Checkpoint, 'weights' | 'optimizer' | 'corpus' | 'savedAt' | 'context'> & {
  corpus: CorpusSummary | undefined;
  savedAt: string | undefined;
  contextMeta: Record<string, unknown> | undefined;
};

/** The header of a checkpoint, checked as a full read checks it; throws CheckpointError. */
export function readCheckpointHeader(file: string): CheckpointInfo {
  return withCheckpointFile(file, (source) => {
    const { header, integrity } = readHeader(source, file, badFor(file));
    return {
      model: header.model,
      train: header.train,
      step: header.step,
      charsSeen: header.charsSeen,
      savedAt: header.savedAt,
      metrics: header.metrics,
      corpus: header.corpus,
      contextMeta: header.context,
      base: header.base,
      integrity,
    };
  });
}

/**
 * Reads only the header of a checkpoint file (kilobytes, or megabytes for a long history),
 * for the status bar and the panel. Undefined when the file is missing or is not a readable
 * Recur checkpoint: whoever needs the reason calls readCheckpointHeader or readCheckpoint.
 */
export function readCheckpointInfo(file: string): CheckpointInfo | undefined {
  try {
    return readCheckpointHeader(file);
  } catch {
    return undefined;
  }
}
