// The training history the panel shows: from whichever of the two checkpoints is further
// along. Headers only, read on the checkpoint thread (../../core/index/checkpointThread.ts):
// a long history is megabytes of JSON, which the editor's thread must not parse, and is
// thinned there to at most MAX_SHOWN_TRAIN_POINTS logged steps (the chart's resolution).
import type { CheckpointInfo } from '../../core/model/checkpoint';
import type { CheckpointThread } from '../../core/index/checkpointThread';
import { MAX_SHOWN_TRAIN_POINTS } from '../../shared/metrics';

/**
 * The header with the fuller history of the two checkpoints: the latest one (written at
 * every evaluation) unless the best one is further along (e.g. a model copied in by hand).
 */
export async function readHistoryHeader(reader: CheckpointThread, latestFile: string, bestFile: string): Promise<CheckpointInfo | undefined> {
  const thinned = { maxTrainPoints: MAX_SHOWN_TRAIN_POINTS };
  const [latest, best] = await Promise.all([reader.headerIfReadable(latestFile, thinned), reader.headerIfReadable(bestFile, thinned)]);
  if (latest && best) return best.step > latest.step ? best : latest;
  return latest ?? best;
}
