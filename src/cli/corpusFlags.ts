// The corpus options shared by `train` and `eval`, with the settings' defaults.
import { CorpusError, readCorpus, type Corpus, type CorpusOptions } from '../core/corpus';
import { type ParsedArgs, numberFlag, stringFlag } from './args';
import { CliError } from './output';

export const CORPUS_FLAGS = ['max-mb', 'max-file-kb', 'max-line', 'exclude'] as const;

export function corpusOptions(args: ParsedArgs): CorpusOptions {
  return {
    maxTotalBytes: Math.round((numberFlag(args, 'max-mb', { min: 0.001 }) ?? 20) * 1024 * 1024),
    maxFileBytes: Math.round((numberFlag(args, 'max-file-kb', { min: 1 }) ?? 512) * 1024),
    maxLineLength: numberFlag(args, 'max-line', { integer: true, min: 1 }) ?? 1000,
    excludeGlobs: (stringFlag(args, 'exclude') ?? '').split(',').map((g) => g.trim()).filter(Boolean),
  };
}

export async function readCorpusOrFail(dir: string | undefined, options: CorpusOptions): Promise<Corpus> {
  if (!dir) throw new CliError('missing folder argument');
  try {
    return await readCorpus([dir], options);
  } catch (err) {
    if (err instanceof CorpusError) throw new CliError(err.message);
    throw err;
  }
}
