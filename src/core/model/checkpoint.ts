// The checkpoint file: the contract between trainer, completion path and panel.
// One self-describing file, so it can be renamed into place atomically:
//
//   bytes 0..7    "RECURCK\n"                      magic
//   bytes 8..11   uint32 LE  N                     header length (bytes, padded to 4)
//   bytes 12..    N bytes of UTF-8 JSON            CheckpointHeader (space padded)
//   then          float32 LE tensors, in header.tensors order, no gaps
//
// Pure Node (fs, no tfjs, no vscode): the extension host reads it for inference.
import { closeSync, fsyncSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { type ModelConfig, type TrainConfig, validateModelConfig } from './config';
import { type Weights, weightShapes } from './weights';
import { emptyMetrics, type MetricsHistory } from './metrics';

export const CHECKPOINT_FORMAT = 'recur-checkpoint';
export const CHECKPOINT_VERSION = 1;
const MAGIC = Buffer.from('RECURCK\n', 'latin1');

export interface TensorEntry {
  name: string;
  shape: number[];
}

/** What the corpus looked like when this model was trained. */
export interface CorpusSummary {
  roots: string[];
  trainFiles: number;
  validationFiles: number;
  trainBytes: number;
  validationBytes: number;
}

export interface AdamState {
  /** Adam's step counter t (bias correction). */
  step: number;
  /** First and second moment estimates, one per weight, same shapes. */
  m: Weights;
  v: Weights;
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
  tensors: TensorEntry[];
}

/** A checkpoint that cannot be used; the message names the file and says what to do. */
export class CheckpointError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'CheckpointError';
  }
}

export function encodeCheckpoint(ckpt: Checkpoint): Buffer {
  const shapes = weightShapes(ckpt.model);
  const tensors: TensorEntry[] = [];
  const arrays: Float32Array[] = [];
  const add = (name: string, shape: number[], data: Float32Array | undefined) => {
    if (!data) throw new Error(`checkpoint is missing tensor ${name}`);
    if (data.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`tensor ${name} has ${data.length} values, shape ${shape} needs ${shape.reduce((a, b) => a * b, 1)}`);
    tensors.push({ name, shape });
    arrays.push(data);
  };
  for (const [name, shape] of Object.entries(shapes)) add(name, shape, ckpt.weights[name]);
  if (ckpt.optimizer) {
    for (const [name, shape] of Object.entries(shapes)) add(`adam.m.${name}`, shape, ckpt.optimizer.m[name]);
    for (const [name, shape] of Object.entries(shapes)) add(`adam.v.${name}`, shape, ckpt.optimizer.v[name]);
  }
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
    tensors,
  };
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Math.ceil(json.length / 4) * 4;
  json = Buffer.concat([json, Buffer.alloc(padded - json.length, 0x20)]);
  const lengthField = Buffer.alloc(4);
  lengthField.writeUInt32LE(json.length, 0);
  const parts: Buffer[] = [MAGIC, lengthField, json];
  for (const array of arrays) parts.push(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
  return Buffer.concat(parts);
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
  if (header.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(file, `checkpoint format version ${header.version} is not supported by this Recur (it reads version ${CHECKPOINT_VERSION}). Update Recur, or train a fresh model.`);
  }
  try {
    validateModelConfig(header.model);
  } catch (err) {
    throw bad(`invalid model config (${(err as Error).message})`);
  }
  const tensors = new Map<string, Float32Array>();
  let offset = 12 + headerLength;
  for (const entry of header.tensors) {
    const count = entry.shape.reduce((a, b) => a * b, 1);
    const byteLength = count * 4;
    if (offset + byteLength > bytes.length) throw bad(`truncated at tensor ${entry.name}`);
    // Copy into an aligned buffer: the file's bytes may sit at any offset.
    const data = new Float32Array(count);
    Buffer.from(data.buffer).set(bytes.subarray(offset, offset + byteLength));
    tensors.set(entry.name, data);
    offset += byteLength;
  }
  if (offset !== bytes.length) throw bad('unexpected bytes after the last tensor');
  const take = (prefix: string): Weights | undefined => {
    const out: Weights = {};
    for (const [name, shape] of Object.entries(weightShapes(header.model))) {
      const data = tensors.get(prefix + name);
      if (!data) return undefined;
      if (data.length !== shape.reduce((a, b) => a * b, 1)) throw bad(`tensor ${prefix + name} has the wrong size`);
      out[name] = data;
    }
    return out;
  };
  const weights = take('');
  if (!weights) throw bad('missing weights');
  const m = take('adam.m.');
  const v = take('adam.v.');
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
  };
}

export function readCheckpoint(file: string): Checkpoint {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new CheckpointError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return decodeCheckpoint(bytes, file);
}

/**
 * Writes to a temporary file in the same folder, fsyncs it, then renames it over `file`.
 * A crash at any point leaves either the old checkpoint or the new one, never a mix.
 */
export function writeCheckpointAtomic(file: string, ckpt: Checkpoint): void {
  writeFileAtomic(file, encodeCheckpoint(ckpt));
}

export function writeFileAtomic(file: string, bytes: Buffer): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, 'w');
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      /* already gone */
    }
    throw err;
  }
  closeSync(fd);
  renameSync(temp, file);
}

/** What a checkpoint says about itself, without its tensors. */
export type CheckpointInfo = Omit<Checkpoint, 'weights' | 'optimizer' | 'corpus' | 'savedAt'> & { corpus: CorpusSummary | undefined; savedAt: string | undefined };

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
    };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
