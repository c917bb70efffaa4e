// The corpus as the processes describe it to one another: how to read it (CorpusOptions, in a
// training or index request), and what was read (CorpusSummary, in checkpoints, training
// events and the panel). Reading it: src/core/corpus/.

export interface CorpusOptions {
  maxTotalBytes: number;
  maxFileBytes: number;
  maxLineLength: number;
  /** Globs (VS Code syntax) relative to each folder: files.exclude + search.exclude + recur.corpus.exclude. */
  excludeGlobs: readonly string[];
  /** How the caps are named where the warnings are read (default: the extension's settings). */
  knobs?: CorpusKnobs;
}

/** The names, on one surface, of the knobs that decide what is left out. */
export interface CorpusKnobs {
  maxFileSize: string;
  maxLineLength: string;
  maxTotalSize: string;
  exclude: string;
}

/** What the corpus looked like when this model was trained. */
export interface CorpusSummary {
  roots: string[];
  trainFiles: number;
  validationFiles: number;
  trainBytes: number;
  validationBytes: number;
  /** Files and folders left out, counted by reason (src/core/corpus/skipReport.ts words them). */
  skipped?: Record<string, number>;
  /** The held-out files' paths (relative to their folder), when there are at most MAX_LISTED_VALIDATION_PATHS. */
  validationPaths?: string[];
}

/** A corpus summary (stored in checkpoints) lists the held-out files' paths up to this many (the panel tells a held-out file from a training file by it). */
export const MAX_LISTED_VALIDATION_PATHS = 500;
