// The training history the panel shows: from whichever of the two checkpoints is further
// along. Pure Node (headers only: see readCheckpointInfo).
import { type CheckpointInfo, readCheckpointInfo } from '../../core/model/checkpoint';

/**
 * The header with the fuller history of the two checkpoints: the latest one (written at
 * every evaluation) unless the best one is further along (e.g. a model copied in by hand).
 */
export function readHistoryHeader(latestFile: string, bestFile: string): CheckpointInfo | undefined {
  const latest = readCheckpointInfo(latestFile);
  const best = readCheckpointInfo(bestFile);
  if (latest && best) return best.step > latest.step ? best : latest;
  return latest ?? best;
}
