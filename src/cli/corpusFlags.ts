// The corpus options shared by `train` and `eval`, with the settings' defaults and ranges, and the
// reading of the corpus with progress on stderr and what was left out (every file by name
// with --verbose).
import { CLI_KNOBS, type Corpus, CORPUS_OPTIONS, CorpusError, type CorpusOptions, corpusOptionsFrom, describeSkipped, readCorpus, skippedLines } from '../core/corpus';
import { type FlagSpec, type ParsedArgs, booleanFlag, optionFlag, stringFlag } from './args';
import { CliError, progress } from './output';
import { progressMeter } from './progressMeter';

export const CORPUS_FLAGS: FlagSpec = { strings: ['max-mb', 'max-file-kb', 'max-line', 'exclude'], booleans: ['verbose'] };

/** --max-mb, --max-file-kb, --max-line: the ranges and defaults of recur.corpus.* (CORPUS_OPTIONS). */
export function corpusOptions(args: ParsedArgs): CorpusOptions {
  return corpusOptionsFrom(
    {
      maxTotalSizeMB: optionFlag(args, 'max-mb', CORPUS_OPTIONS.maxTotalSizeMB),
      maxFileSizeKB: optionFlag(args, 'max-file-kb', CORPUS_OPTIONS.maxFileSizeKB),
      maxLineLength: optionFlag(args, 'max-line', CORPUS_OPTIONS.maxLineLength),
      excludeGlobs: (stringFlag(args, 'exclude') ?? '')
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean),
    },
    CLI_KNOBS,
  );
}

/**
 * Reads the corpus of DIR; prints its warnings, one line on what it holds and what was left
 * out (unless quiet) and, with --verbose, every file left out with its reason.
 */
export async function readCorpusOrFail(dir: string | undefined, args: ParsedArgs, options: { quiet?: boolean } = {}): Promise<Corpus> {
  if (!dir) throw new CliError('missing folder argument');
  const corpusOpts = corpusOptions(args);
  const verbose = booleanFlag(args, 'verbose');
  const meter = progressMeter(`reading ${dir}`, !options.quiet);
  let corpus: Corpus;
  try {
    corpus = await readCorpus([dir], corpusOpts, (p) => meter(`${p.filesRead} files read, ${(p.bytesTaken / 1024 / 1024).toFixed(1)} MB of text`));
  } catch (err) {
    if (err instanceof CorpusError) throw new CliError(err.message);
    throw err;
  }
  for (const warning of corpus.warnings) progress(`warning: ${warning}`);
  if (verbose) for (const line of skippedLines(corpus, corpusOpts, CLI_KNOBS)) progress(`  ${line}`);
  if (!options.quiet) {
    const s = corpus.summary;
    const listed = corpus.skippedFiles.length > 0 && !verbose ? '; --verbose lists them' : '';
    progress(
      `corpus: ${s.trainFiles} training files (${s.trainBytes} bytes), ${s.validationFiles} validation files (${s.validationBytes} bytes)${describeSkipped(corpus.skipped, corpusOpts, CLI_KNOBS)}${listed}`,
    );
  }
  return corpus;
}
