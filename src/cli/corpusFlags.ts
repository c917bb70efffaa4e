// The corpus options shared by `train` and `eval`, with the settings' defaults, and the
// reading of the corpus with progress on stderr and what was left out (every file by name
// with --verbose).
import { CLI_KNOBS, type Corpus, CorpusError, type CorpusOptions, describeSkipped, readCorpus, skippedLines } from '../core/corpus';
import { type ParsedArgs, booleanFlag, numberFlag, stringFlag } from './args';
import { CliError, progress } from './output';
import { progressMeter } from './progressMeter';

export const CORPUS_FLAGS = ['max-mb', 'max-file-kb', 'max-line', 'exclude', 'verbose'] as const;
export const CORPUS_BOOLEAN_FLAGS = ['verbose'] as const;

export function corpusOptions(args: ParsedArgs): CorpusOptions {
  return {
    maxTotalBytes: Math.round((numberFlag(args, 'max-mb', { min: 0.001 }) ?? 20) * 1024 * 1024),
    maxFileBytes: Math.round((numberFlag(args, 'max-file-kb', { min: 1 }) ?? 512) * 1024),
    maxLineLength: numberFlag(args, 'max-line', { integer: true, min: 1 }) ?? 1000,
    excludeGlobs: (stringFlag(args, 'exclude') ?? '').split(',').map((g) => g.trim()).filter(Boolean),
    knobs: CLI_KNOBS,
  };
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
    progress(`corpus: ${s.trainFiles} training files (${s.trainBytes} bytes), ${s.validationFiles} validation files (${s.validationBytes} bytes)${describeSkipped(corpus.skipped, corpusOpts, CLI_KNOBS)}${listed}`);
  }
  return corpus;
}
