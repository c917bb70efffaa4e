// recur eval CKPT DIR [--json] [--split all|validation] [--quiet] [--verbose]
// Scores a checkpoint on the text files of DIR: characters, bits per character, perplexity.
// Long evaluations show their progress on stderr (progressMeter.ts).
import { FILE_SEPARATOR } from '../core/corpus';
import { booleanFlag, checkFlags, parseArgs, stringFlag } from './args';
import { progressMeter } from './progressMeter';
import { loadCheckpointOrFail } from './checkpointFlags';
import type { CliCommand } from './command';
import { CORPUS_BOOLEAN_FLAGS, CORPUS_FLAGS, readCorpusOrFail } from './corpusFlags';
import { loadTfjs } from './loadTfjs';
import { CliError, jsonLine, result } from './output';

export const command: CliCommand = {
  name: 'eval',
  usage: 'CKPT DIR [--split all|validation] [--verbose] [--quiet] [--json]',
  summary: 'bits per character and perplexity of a checkpoint on the text files of DIR',
  async run(argv) {
    const args = parseArgs(argv, ['json', 'quiet', ...CORPUS_BOOLEAN_FLAGS]);
    checkFlags(args, ['json', 'quiet', 'split', 'threads', ...CORPUS_FLAGS]);
    const quiet = booleanFlag(args, 'quiet');
    const [file, dir, extra] = args.positionals;
    if (extra) throw new CliError(`unexpected argument "${extra}"`);
    const split = stringFlag(args, 'split') ?? 'all';
    if (split !== 'all' && split !== 'validation') throw new CliError(`--split must be all or validation, not "${split}"`);
    const checkpoint = loadCheckpointOrFail(file);
    if (!dir) throw new CliError('missing folder argument: recur eval CKPT DIR');
    const corpus = await readCorpusOrFail(dir, args, { quiet });
    const bytes = split === 'validation' || corpus.sameFileForBoth ? corpus.validationBytes : joinSides(corpus.trainBytes, corpus.validationBytes);
    loadTfjs();
    const { evaluateBytes } = await import('../core/train/trainer');
    const meter = progressMeter('eval', !quiet);
    const score = evaluateBytes(checkpoint.weights, checkpoint.model, bytes, { onProgress: (fraction) => meter(`${(bytes.length / 1024 / 1024).toFixed(1)} MB`, fraction) });
    const report = { checkpoint: file, folder: dir, split, bytes: bytes.length, chars: score.chars, bpc: score.bpc, perplexity: score.perplexity };
    if (booleanFlag(args, 'json')) result(jsonLine(report));
    else result(`${score.chars} characters: ${score.bpc.toFixed(3)} bits per character, perplexity ${score.perplexity.toFixed(2)}`);
  },
};

function joinSides(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + 1 + b.length);
  out.set(a, 0);
  out[a.length] = FILE_SEPARATOR;
  out.set(b, a.length + 1);
  return out;
}
