// The corpus: which workspace files become training text, and reference scores on it.
export {
  readCorpus,
  CorpusError,
  FILE_SEPARATOR,
  CORPUS_OPTIONS,
  corpusOptionsFrom,
  type Corpus,
  type CorpusOptions,
  type CorpusKnobValues,
  type CorpusSkipReason,
  type SkippedFile,
  type CorpusProgress,
} from './readCorpus';
export { describeSkipped, skippedLines, skipReason, type CorpusKnobs, CLI_KNOBS, SETTING_KNOBS } from './skipReport';
export { computeBaselines, brotliBpc } from './baselines';
export { inTrainingOrder, splitFiles, splitScore, VALIDATION_SHARE } from './split';
