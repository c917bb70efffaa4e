// The workspace index as the benchmarks build it in-process: the index job's own steps
// (src/core/index/indexJob.ts) at the default settings (recur.corpus.*, recur.context.memoryMB),
// with no saved index, to the end of the full build; the result as a checkpoint (the base
// model with the index's statistics as its context models) that the benchmarks' engines load.
import { CORPUS_OPTIONS, corpusOptionsFrom } from '../../../src/core/corpus';
import type { Checkpoint } from '../../../src/core/model/checkpoint';
import { defaultsOf } from '../../../src/core/options';
import { DEFAULT_CONTEXT_MEMORY_MB, stackSizesFor } from '../../../src/core/predict/stackConfig';
import { type IndexResult, runIndex } from '../../../src/core/index/indexJob';
import type { SavedIndex } from '../../../src/core/index/indexFile';
import type { WeighingShare } from '../../../src/core/index/weighedFiles';

export interface BenchIndex {
  checkpoint: Checkpoint;
  index: SavedIndex;
  result: IndexResult;
}

/** The base checkpoint after indexing `roots` with `focus` (absolute paths) open; `weighing` as the index job's (default: its own). */
export async function indexFolders(base: Checkpoint, roots: string[], focus: string[], weighing?: WeighingShare): Promise<BenchIndex> {
  const corpus = corpusOptionsFrom({ ...defaultsOf(CORPUS_OPTIONS), excludeGlobs: [] });
  let full: { index: SavedIndex; result: IndexResult } | undefined;
  await runIndex(
    {
      base,
      previous: undefined,
      roots,
      excludes: roots.map(() => []),
      focus,
      limits: { maxFileBytes: corpus.maxFileBytes, maxLineLength: corpus.maxLineLength, maxTotalBytes: corpus.maxTotalBytes },
      sizes: stackSizesFor(DEFAULT_CONTEXT_MEMORY_MB),
      weighing,
    },
    {
      shouldStop: () => false,
      onProgress: () => {},
      save: (index, result) => {
        if (index && result.phase === 'full') full = { index, result };
      },
    },
  );
  if (!full) throw new Error('the index did not finish');
  return { checkpoint: checkpointWithIndex(base, full.index), ...full };
}

/** The base checkpoint with an index's statistics as its context models. */
export function checkpointWithIndex(base: Checkpoint, index: SavedIndex): Checkpoint {
  return { ...base, optimizer: undefined, context: index.stack, base: index.base, savedAt: undefined, integrity: undefined };
}
