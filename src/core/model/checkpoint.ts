// The checkpoint file: the contract between trainer, completion path and panel.
// One self-describing file, so it can be renamed into place atomically:
//
//   bytes 0..7    "RECURCK\n"                      magic
//   bytes 8..11   uint32 LE  N                     header length (bytes, padded to 4)
//   bytes 12..    N bytes of UTF-8 JSON            CheckpointHeader (space padded)
//   then          the tensors, in header.tensors order, no gaps
//
// Version 2 (written now): each tensor entry names its dtype (float32, uint8, uint16,
// int32, little-endian), its stored byte length, an optional encoding ('deflate', for large
// sparse tables such as the context statistics) and the crc32 of its stored bytes; every
// checksum is verified and every float must be finite, or the file is refused with a
// message naming the tensor. Version 1 (float32 tensors, no checksums) still loads, and
// says it is unchecked. Nothing non-finite is ever written.
//
// Pure Node (fs, zlib, no tfjs, no vscode): the extension host reads it for inference.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { type ModelConfig, type TrainConfig, validateModelConfig } from './config';
import { type Weights, weightShapes } from './weights';
import { emptyMetrics, type MetricsHistory } from '../../shared/metrics';
import { writeFileAtomic } from '../files/atomicWrite';

export const CHECKPOINT_FORMAT = 'recur-checkpoint';
export const CHECKPOINT_VERSION = 2;
/** Versions this code reads. */
const READABLE_VERSIONS = [1, 2];
const MAGIC = Buffer.from('RECURCK\n', 'latin1');

export type TensorDtype = 'float32' | 'uint8' | 'uint16' | 'int32';
export type TensorData = Float32Array | Uint8Array | Uint16Array | Int32Array;

export interface TensorEntry {
  name: string;
  shape: number[];
  /** Absent in version 1 (float32). */
  dtype?: TensorDtype;
  /** Bytes stored in the file (version 2). */
  bytes?: number;
  encoding?: 'deflate';
  /** crc32 of the stored bytes (version 2). */
  crc32?: number;
}

/** What the corpus looked like when this model was trained. */
export interface CorpusSummary {
  roots: string[];
  trainFiles: number;
  validationFiles: number;
  trainBytes: number;
  validationBytes: number;
  /** Files and folders left out, counted by reason (../corpus/skipReport.ts words them). */
  skipped?: Record<string, number>;
  /** The held-out files' paths (relative to their folder), when there are at most MAX_LISTED_VALIDATION_PATHS (../corpus/readCorpus.ts). */
  validationPaths?: string[];
}

export interface AdamState {
  /** Adam's step counter t (bias correction). */
  step: number;
  /** First and second moment estimates, one per weight, same shapes. */
  m: Weights;
  v: Weights;
}

/**
 * A named group of extra tensors with a JSON description, owned by another module (the
 * context statistics: ../predict/stackState.ts). The checkpoint stores and checks it, and
 * knows nothing else about it.
 */
export interface CheckpointSection {
  meta: Record<string, unknown>;
  tensors: Record<string, { data: TensorData; shape: number[]; compress?: boolean }>;
}

/** The base model a checkpoint was fine-tuned from. */
export interface BaseModelInfo {
  /** The base model's name (e.g. "recur-base"). */
  name: string;
  /** Its training step when this model started from it. */
  step: number;
  /** Characters it had been trained on. */
  charsSeen: number;
}

export interface Checkpoint {
  model: ModelConfig;
  train: TrainConfig;
  /** Training steps taken in total, over every run. */
  step: number;
  /** Characters (code points) trained on in total. */
  charsSeen: number;
  weights: Weights;
  optimizer?: AdamState;
  metrics: MetricsHistory;
  corpus?: CorpusSummary;
  /** ISO time the file was written. */
  savedAt?: string;
  /** The context statistics and mixer that go with the network (absent: the LSTM alone). */
  context?: CheckpointSection;
  /** The base model this one continued from, if any. */
  base?: BaseModelInfo;
  /** On reading: 'verified' when every tensor's checksum was checked, 'unchecked' for a version 1 file. */
  integrity?: 'verified' | 'unchecked';
}

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
  metrics: MetricsHistory;
  corpus?: CorpusSummary;
  context?: Record<string, unknown>;
  base?: BaseModelInfo;
  tensors: TensorEntry[];
}

/** A checkpoint that cannot be used; the message names the file and says what to do. */
export class CheckpointError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'CheckpointError';
  }
}

const CONTEXT_PREFIX = 'context.';
const BYTES_PER_ELEMENT: Record<TensorDtype, number> = { float32: 4, uint8: 1, uint16: 2, int32: 4 };

function dtypeOf(data: TensorData): TensorDtype {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Uint16Array) return 'uint16';
  return 'int32';
}

function elements(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Index of the first non-finite value, or -1. */
function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i;
  return -1;
}

export function encodeCheckpoint(ckpt: Checkpoint): Buffer {
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
    metrics: ckpt.metrics,
    corpus: ckpt.corpus,
    context: ckpt.context?.meta,
    base: ckpt.base,
    tensors,
  };
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Math.ceil(json.length / 4) * 4;
  json = Buffer.concat([json, Buffer.alloc(padded - json.length, 0x20)]);
  const lengthField = Buffer.alloc(4);
  lengthField.writeUInt32LE(json.length, 0);
  return Buffer.concat([MAGIC, lengthField, json, ...stored]);
}

export function decodeCheckpoint(bytes: Buffer, file = 'checkpoint'): Checkpoint {
  const bad = (reason: string) => new CheckpointError(file, `${reason}. Delete it or train a fresh model ("Recur: Train on Workspace", then "Start fresh").`);
  if (bytes.length < 12 || !bytes.subarray(0, 8).equals(MAGIC)) throw bad('not a Recur checkpoint (wrong magic bytes)');
  const headerLength = bytes.readUInt32LE(8);
  if (12 + headerLength > bytes.length) throw bad('truncated header');
  let header: CheckpointHeader;
  try {
    header = JSON.parse(bytes.subarray(12, 12 + headerLength).toString('utf8')) as CheckpointHeader;
  } catch {
    throw bad('unreadable header');
  }
  if (header.format !== CHECKPOINT_FORMAT) throw bad('not a Recur checkpoint');
  if (!READABLE_VERSIONS.includes(header.version)) {
    throw new CheckpointError(file, `checkpoint format version ${header.version} is not supported by this Recur (it reads versions ${READABLE_VERSIONS.join(' and ')}). Update Recur, or train a fresh model.`);
  }
  try {
    validateModelConfig(header.model);
  } catch (err) {
    throw bad(`invalid model config (${(err as Error).message})`);
  }
  const checked = header.version >= 2;
  const tensors = new Map<string, TensorData>();
  let offset = 12 + headerLength;
  for (const entry of header.tensors) {
    const dtype = checked ? entry.dtype : 'float32';
    if (!dtype || !(dtype in BYTES_PER_ELEMENT)) throw bad(`tensor ${entry.name} has an unknown type "${String(entry.dtype)}"`);
    const count = elements(entry.shape);
    const byteLength = checked ? entry.bytes ?? -1 : count * 4;
    if (byteLength < 0 || offset + byteLength > bytes.length) throw bad(`truncated at tensor ${entry.name}`);
    const storedBytes = bytes.subarray(offset, offset + byteLength);
    if (checked && crc32(storedBytes) !== entry.crc32) throw bad(`tensor ${entry.name} is damaged (its checksum does not match)`);
    let raw: Buffer = storedBytes;
    if (entry.encoding === 'deflate') {
      try {
        raw = inflateRawSync(storedBytes);
      } catch {
        throw bad(`tensor ${entry.name} cannot be decompressed`);
      }
    } else if (entry.encoding !== undefined) throw bad(`tensor ${entry.name} has an unknown encoding "${String(entry.encoding)}"`);
    if (raw.length !== count * BYTES_PER_ELEMENT[dtype]) throw bad(`tensor ${entry.name} has the wrong size`);
    // Copy into an aligned buffer: the file's bytes may sit at any offset.
    const data = newTensor(dtype, count);
    Buffer.from(data.buffer).set(raw);
    if (data instanceof Float32Array) {
      const at = firstNonFinite(data);
      if (at >= 0) throw bad(`tensor ${entry.name} holds a non-finite value (${data[at]} at ${at})`);
    }
    tensors.set(entry.name, data);
    offset += byteLength;
  }
  if (offset !== bytes.length) throw bad('unexpected bytes after the last tensor');
  const take = (prefix: string): Weights | undefined => {
    const out: Weights = {};
    for (const [name, shape] of Object.entries(weightShapes(header.model))) {
      const data = tensors.get(prefix + name);
      if (!data) return undefined;
      if (!(data instanceof Float32Array) || data.length !== elements(shape)) throw bad(`tensor ${prefix + name} has the wrong size or type`);
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
      if (entry.name.startsWith(CONTEXT_PREFIX)) context.tensors[entry.name.slice(CONTEXT_PREFIX.length)] = { data: tensors.get(entry.name)!, shape: entry.shape, compress: entry.encoding === 'deflate' };
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
    integrity: checked ? 'verified' : 'unchecked',
  };
}

function newTensor(dtype: TensorDtype, count: number): TensorData {
  if (dtype === 'float32') return new Float32Array(count);
  if (dtype === 'uint8') return new Uint8Array(count);
  if (dtype === 'uint16') return new Uint16Array(count);
  return new Int32Array(count);
}

export function readCheckpoint(file: string): Checkpoint {
  let bytes: Buffer;
  try {
    // A FIFO or a device would block the read forever, or never end: regular files only.
    if (!statSync(file).isFile()) throw new CheckpointError(file, 'not a regular file (a checkpoint is a file written by recur train or the extension)');
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof CheckpointError) throw err;
    throw new CheckpointError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return decodeCheckpoint(bytes, file);
}

/**
 * Writes to a temporary file in the same folder, fsyncs it, then renames it over `file`
 * (../files/atomicWrite.ts). A crash at any point leaves either the old checkpoint or the
 * new one, never a mix; a failed write leaves no temporary file.
 */
export function writeCheckpointAtomic(file: string, ckpt: Checkpoint): void {
  writeFileAtomic(file, encodeCheckpoint(ckpt));
}

/** What a checkpoint says about itself, without its tensors. */
export type CheckpointInfo = Omit<Checkpoint, 'weights' | 'optimizer' | 'corpus' | 'savedAt' | 'context' | 'integrity'> & { corpus: CorpusSummary | undefined; savedAt: string | undefined; contextMeta: Record<string, unknown> | undefined };

const MAX_HEADER_BYTES = 256 * 1024 * 1024;

/**
 * Reads only the header of a checkpoint file (kilobytes, or a few megabytes for a long
 * history), for the status bar and the panel. Undefined when the file is missing or is not
 * a readable Recur checkpoint: whoever needs the reason loads it with readCheckpoint.
 */
export function readCheckpointInfo(file: string): CheckpointInfo | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(12);
    if (readSync(fd, head, 0, 12, 0) < 12 || !head.subarray(0, 8).equals(MAGIC)) return undefined;
    const length = head.readUInt32LE(8);
    if (length > MAX_HEADER_BYTES) return undefined;
    const json = Buffer.alloc(length);
    if (readSync(fd, json, 0, length, 12) < length) return undefined;
    const header = JSON.parse(json.toString('utf8')) as Partial<CheckpointHeader>;
    if (header.format !== CHECKPOINT_FORMAT || !header.model || !header.train) return undefined;
    return {
      model: header.model,
      train: header.train,
      step: header.step ?? 0,
      charsSeen: header.charsSeen ?? 0,
      savedAt: header.savedAt,
      metrics: { ...emptyMetrics(), ...(header.metrics ?? {}) },
      corpus: header.corpus,
      contextMeta: header.context,
      base: header.base,
    };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
