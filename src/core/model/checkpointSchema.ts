// The checkpoint's JSON header, checked field by field before anything is built from it: a
// header is untrusted input (a version 1 or 2 file's header has no checksum), and code that
// reads `header.corpus.roots` must find a list of strings there, not a number. Every problem
// is reported as the header path and what it must be ("corpus.roots must be a list of
// folder paths, not 5"); ./checkpoint.ts puts the file name and the fix around it.
// Sizes are checked against ./checkpointLimits.ts; the train config against TRAIN_OPTIONS
// (the same check as the settings and flags: ../options.ts optionProblem).
import type { MetricsHistory } from '../../shared/metrics';
import { optionProblem, quoteValue } from '../options';
import { DEFAULT_TRAIN_CONFIG, type ModelConfig, TRAIN_OPTIONS, type TrainConfig, validateModelConfig } from './config';
import { MAX_TENSOR_NAME, MAX_TENSOR_RANK, MAX_TENSORS } from './checkpointLimits';
import { type CorpusSummary, MAX_LISTED_VALIDATION_PATHS } from '../../shared/corpus';
import type { BaseModelInfo, TensorDtype, TensorEntry } from './checkpointTypes';

/** A header field that is not what it must be. */
export class HeaderFieldError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field} ${problem}`);
    this.name = 'HeaderFieldError';
  }
}

export interface CheckedHeader {
  format: string;
  version: number;
  model: ModelConfig;
  train: TrainConfig;
  step: number;
  charsSeen: number;
  savedAt?: string;
  optimizerStep?: number;
  metrics: MetricsHistory;
  corpus?: CorpusSummary;
  context?: Record<string, unknown>;
  base?: BaseModelInfo;
  tensors: TensorEntry[];
}

export const TENSOR_DTYPES: readonly TensorDtype[] = ['float32', 'uint8', 'uint16', 'int32'];

type Json = Record<string, unknown>;

function fail(field: string, problem: string, value: unknown): never {
  throw new HeaderFieldError(field, `${problem}, not ${quoteValue(value)}`);
}

function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, 'must be an object', value);
  return value as Json;
}

function list(value: unknown, field: string, max = Infinity): unknown[] {
  if (!Array.isArray(value)) fail(field, 'must be a list', value);
  if (value.length > max) fail(field, `must have at most ${max} entries`, value.length);
  return value;
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(field, 'must be a whole number >= 0', value);
  return value;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') fail(field, 'must be a string', value);
  return value;
}

/** A measured number: JSON writes NaN (not measured) as null, which is taken. */
function score(value: unknown, field: string): void {
  if (value !== null && (typeof value !== 'number' || Number.isNaN(value))) fail(field, 'must be a number or null', value);
}

function optional<T>(value: unknown, field: string, read: (value: unknown, field: string) => T): T | undefined {
  return value === undefined ? undefined : read(value, field);
}

function modelConfig(value: unknown): ModelConfig {
  const model = object(value, 'model');
  try {
    validateModelConfig(model as unknown as ModelConfig);
  } catch (err) {
    throw new HeaderFieldError('model', `is not a model Recur can run: ${(err as Error).message}`);
  }
  return model as unknown as ModelConfig;
}

/** The run's configuration: each knob within its option's range; knobs missing from older files take their defaults. */
function trainConfig(value: unknown): TrainConfig {
  const train = object(value, 'train');
  const out: Json = { ...DEFAULT_TRAIN_CONFIG };
  for (const key of Object.keys(DEFAULT_TRAIN_CONFIG) as (keyof TrainConfig)[]) {
    const v = train[key];
    if (v === undefined) continue;
    const option = (TRAIN_OPTIONS as Record<string, (typeof TRAIN_OPTIONS)[keyof typeof TRAIN_OPTIONS] | undefined>)[key];
    const problem = option ? optionProblem(option, v) : typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : `must be a number >= 0, not ${quoteValue(v)}`;
    if (problem) throw new HeaderFieldError(`train.${key}`, problem);
    out[key] = v;
  }
  return out as unknown as TrainConfig;
}

function metrics(value: unknown): MetricsHistory {
  if (value === undefined) return { runs: [], train: [], eval: [], baselines: [] };
  const m = object(value, 'metrics');
  const runs = list(m.runs ?? [], 'metrics.runs');
  runs.forEach((r, i) => {
    const run = object(r, `metrics.runs[${i}]`);
    for (const key of ['run', 'startStep', 'hiddenSize', 'layers']) count(run[key], `metrics.runs[${i}].${key}`);
    text(run.startedAt, `metrics.runs[${i}].startedAt`);
    text(run.cell, `metrics.runs[${i}].cell`);
    optional(run.fromBase, `metrics.runs[${i}].fromBase`, text);
  });
  const train = list(m.train ?? [], 'metrics.train');
  train.forEach((p, i) => {
    const point = object(p, `metrics.train[${i}]`);
    for (const key of ['run', 'step']) count(point[key], `metrics.train[${i}].${key}`);
    for (const key of ['elapsedSec', 'bpc', 'gradNorm', 'learningRate', 'charsPerSec']) score(point[key], `metrics.train[${i}].${key}`);
    if (typeof point.clipped !== 'boolean') fail(`metrics.train[${i}].clipped`, 'must be true or false', point.clipped);
    for (const key of ['windowSteps', 'clippedSteps']) optional(point[key], `metrics.train[${i}].${key}`, count);
  });
  const evals = list(m.eval ?? [], 'metrics.eval');
  evals.forEach((p, i) => {
    const point = object(p, `metrics.eval[${i}]`);
    for (const key of ['run', 'step']) count(point[key], `metrics.eval[${i}].${key}`);
    for (const key of ['elapsedSec', 'valBpc', 'valPerplexity', 'trainBpc']) score(point[key], `metrics.eval[${i}].${key}`);
    if (point.mixBpc !== undefined) score(point.mixBpc, `metrics.eval[${i}].mixBpc`);
  });
  const baselines = list(m.baselines ?? [], 'metrics.baselines');
  baselines.forEach((b, i) => {
    const baseline = object(b, `metrics.baselines[${i}]`);
    text(baseline.name, `metrics.baselines[${i}].name`);
    score(baseline.bpc, `metrics.baselines[${i}].bpc`);
  });
  // Absent in files written before runs were validated at their start: left absent.
  const starts = m.startEval === undefined ? undefined : list(m.startEval, 'metrics.startEval');
  starts?.forEach((p, i) => {
    const point = object(p, `metrics.startEval[${i}]`);
    for (const key of ['run', 'step']) count(point[key], `metrics.startEval[${i}].${key}`);
    for (const key of ['elapsedSec', 'valBpc']) score(point[key], `metrics.startEval[${i}].${key}`);
    if (point.mixBpc !== undefined) score(point.mixBpc, `metrics.startEval[${i}].mixBpc`);
  });
  return { runs, train, eval: evals, baselines, ...(starts ? { startEval: starts } : {}) } as MetricsHistory;
}

function corpusSummary(value: unknown, field: string): CorpusSummary {
  const c = object(value, field);
  if (!Array.isArray(c.roots) || !c.roots.every((r) => typeof r === 'string')) fail(`${field}.roots`, 'must be a list of folder paths', c.roots);
  for (const key of ['trainFiles', 'validationFiles', 'trainBytes', 'validationBytes']) count(c[key], `${field}.${key}`);
  if (c.skipped !== undefined) for (const [reason, n] of Object.entries(object(c.skipped, `${field}.skipped`))) count(n, `${field}.skipped.${reason}`);
  if (
    c.validationPaths !== undefined &&
    !(Array.isArray(c.validationPaths) && c.validationPaths.length <= MAX_LISTED_VALIDATION_PATHS && c.validationPaths.every((p) => typeof p === 'string' && p.length <= 4096))
  ) {
    fail(`${field}.validationPaths`, `must be a list of at most ${MAX_LISTED_VALIDATION_PATHS} file paths`, c.validationPaths);
  }
  return c as unknown as CorpusSummary;
}

function baseInfo(value: unknown, field: string): BaseModelInfo {
  const b = object(value, field);
  text(b.name, `${field}.name`);
  count(b.step, `${field}.step`);
  count(b.charsSeen, `${field}.charsSeen`);
  return b as unknown as BaseModelInfo;
}

/** The tensor list: names unique and short, shapes of whole numbers, dtypes, stored sizes and checksums where the version has them. */
function tensorEntries(value: unknown, version: number): TensorEntry[] {
  const entries = list(value, 'tensors', MAX_TENSORS);
  const seen = new Set<string>();
  return entries.map((e, i) => {
    const entry = object(e, `tensors[${i}]`);
    const name = text(entry.name, `tensors[${i}].name`);
    if (name.length === 0 || name.length > MAX_TENSOR_NAME || seen.has(name)) fail(`tensors[${i}].name`, `must be a unique name of 1 to ${MAX_TENSOR_NAME} characters`, name);
    seen.add(name);
    const shape = list(entry.shape, `tensors[${i}].shape (${name})`, MAX_TENSOR_RANK).map((d) => count(d, `tensors[${i}].shape (${name})`));
    if (version < 2) return { name, shape };
    if (typeof entry.dtype !== 'string' || !TENSOR_DTYPES.includes(entry.dtype as TensorDtype)) fail(`tensors[${i}].dtype (${name})`, `must be one of ${TENSOR_DTYPES.join(', ')}`, entry.dtype);
    if (entry.encoding !== undefined && entry.encoding !== 'deflate') fail(`tensors[${i}].encoding (${name})`, 'must be "deflate" or absent', entry.encoding);
    const crc = count(entry.crc32, `tensors[${i}].crc32 (${name})`);
    if (crc > 0xffffffff) fail(`tensors[${i}].crc32 (${name})`, 'must be a 32-bit checksum', crc);
    return { name, shape, dtype: entry.dtype as TensorDtype, bytes: count(entry.bytes, `tensors[${i}].bytes (${name})`), ...(entry.encoding ? { encoding: 'deflate' as const } : {}), crc32: crc };
  });
}

/**
 * The header as Recur uses it, every field checked (format and version are the caller's:
 * they decide whether the rest is read at all). Throws HeaderFieldError.
 */
export function checkHeader(value: unknown): CheckedHeader {
  const h = object(value, 'header');
  const version = count(h.version, 'version');
  return {
    format: text(h.format, 'format'),
    version,
    model: modelConfig(h.model),
    train: trainConfig(h.train),
    step: count(h.step ?? 0, 'step'),
    charsSeen: count(h.charsSeen ?? 0, 'charsSeen'),
    savedAt: optional(h.savedAt, 'savedAt', text),
    optimizerStep: optional(h.optimizerStep, 'optimizerStep', count),
    metrics: metrics(h.metrics),
    corpus: optional(h.corpus, 'corpus', corpusSummary),
    context: optional(h.context, 'context', object),
    base: optional(h.base, 'base', baseInfo),
    tensors: tensorEntries(h.tensors, version),
  };
}
