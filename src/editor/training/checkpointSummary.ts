// What the status bar needs from a checkpoint without loading its weights: the header only
// (a few kilobytes), read synchronously. Pure Node; undefined when there is no usable file.
import { closeSync, openSync, readSync } from 'node:fs';
import type { EvalPoint } from '../../core/model/metrics';

export interface CheckpointSummary {
  step: number;
  lastEval: EvalPoint | undefined;
  /** Best validation perplexity recorded, if any. */
  bestPerplexity: number | undefined;
}

export function readCheckpointSummary(file: string): CheckpointSummary | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(12);
    if (readSync(fd, head, 0, 12, 0) < 12 || head.toString('latin1', 0, 8) !== 'RECURCK\n') return undefined;
    const length = head.readUInt32LE(8);
    if (length > 64 * 1024 * 1024) return undefined;
    const json = Buffer.alloc(length);
    if (readSync(fd, json, 0, length, 12) < length) return undefined;
    const header = JSON.parse(json.toString('utf8')) as { step?: number; metrics?: { eval?: EvalPoint[] } };
    const evals = (header.metrics?.eval ?? []).filter((p) => Number.isFinite(p.valPerplexity));
    const best = evals.reduce<number | undefined>((min, p) => (min === undefined || p.valPerplexity < min ? p.valPerplexity : min), undefined);
    return { step: header.step ?? 0, lastEval: evals.at(-1), bestPerplexity: best };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
