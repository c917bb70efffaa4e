// The corpus: which workspace files become training text, and reference scores on it.
export { readCorpus, CorpusError, FILE_SEPARATOR, type Corpus, type CorpusOptions, type CorpusSkipReason, describeSkipped } from './readCorpus';
export { computeBaselines, brotliBpc } from './baselines';
export { splitFiles, splitScore, VALIDATION_SHARE } from './split';
