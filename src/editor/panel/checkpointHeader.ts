// A checkpoint's header without its tensors (a few kilobytes to a few megabytes of JSON
// for a long history): the metrics history and the configuration the training view shows.
// Pure Node. Undefined when the file is missing or not a readable Recur checkpoint (the
// ModelStore reports why a model cannot be used; the training view just shows less).
import { closeSync, openSync, readSync } from 'node:fs';
import type { CorpusSummary } from '../../core/model/checkpoint';
import type { ModelConfig, TrainConfig } from '../../core/model/config';
import { emptyMetrics, type MetricsHistory } from '../../core/model/metrics';

export interface CheckpointHeader {
  model: ModelConfig;
  train: TrainConfig;
  step: number;
  charsSeen: number;
  savedAt: string | undefined;
  metrics: MetricsHistory;
  corpus: CorpusSummary | undefined;
}

const MAGIC = 'RECURCK\n';
const MAX_HEADER_BYTES = 256 * 1024 * 1024;

export function readCheckpointHeader(file: string): CheckpointHeader | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(12);
    if (readSync(fd, head, 0, 12, 0) < 12 || head.toString('latin1', 0, 8) !== MAGIC) return undefined;
    const length = head.readUInt32LE(8);
    if (length > MAX_HEADER_BYTES) return undefined;
    const json = Buffer.alloc(length);
    if (readSync(fd, json, 0, length, 12) < length) return undefined;
    const header = JSON.parse(json.toString('utf8')) as Partial<CheckpointHeader> & { format?: string };
    if (header.format !== 'recur-checkpoint' || !header.model || !header.train) return undefined;
    const metrics = { ...emptyMetrics(), ...(header.metrics ?? {}) };
    return {
      model: header.model,
      train: header.train,
      step: header.step ?? 0,
      charsSeen: header.charsSeen ?? 0,
      savedAt: header.savedAt,
      metrics,
      corpus: header.corpus,
    };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The header with the fuller history of the two checkpoints: the latest one (written at
 * every evaluation) unless the best one is further along (e.g. a model copied in by hand).
 */
export function readHistoryHeader(latestFile: string, bestFile: string): CheckpointHeader | undefined {
  const latest = readCheckpointHeader(latestFile);
  const best = readCheckpointHeader(bestFile);
  if (latest && best) return best.step > latest.step ? best : latest;
  return latest ?? best;
}
