// recur complete CKPT --file F --offset N [--n K] [--seed S] [--json]
//   [--temperature X] [--sampling greedy|topK|topP] [--top-k K] [--top-p P]
//   [--context N] [--max-lines N] [--max-chars N] [--min-confidence P]
// What the inline suggestion would be at offset N (UTF-16 code units, as in VS Code) of
// file F: the same path as the editor (src/core/infer/complete.ts), no tfjs. Prints the candidates, most likely first, one per line (JSON-quoted); with --json
// the last line is {"candidates":[{"text":..,"meanLogProb":..,"logProb":..}],...}.
import { readFileSync, statSync } from 'node:fs';
import { completeText, type CompletionOptions, DEFAULT_COMPLETION_OPTIONS } from '../core/infer/complete';
import { InferenceModel } from '../core/infer/inferenceModel';
import type { SamplingMode } from '../core/infer/sampler';
import { booleanFlag, checkFlags, numberFlag, parseArgs, stringFlag } from './args';
import { loadCheckpointOrFail } from './checkpointFlags';
import type { CliCommand } from './command';
import { CliError, jsonLine, result } from './output';

const FLAGS = ['file', 'offset', 'n', 'seed', 'json', 'temperature', 'sampling', 'top-k', 'top-p', 'context', 'max-lines', 'max-chars', 'min-confidence'];

export const command: CliCommand = {
  name: 'complete',
  usage: 'CKPT --file F --offset N [--n K] [--seed S] [--temperature X] [--sampling greedy|topK|topP] [--min-confidence P] [--json]',
  summary: 'the inline suggestion a checkpoint makes at an offset of a file',
  async run(argv) {
    const args = parseArgs(argv, ['json']);
    checkFlags(args, FLAGS);
    const [file, extra] = args.positionals;
    if (extra) throw new CliError(`unexpected argument "${extra}"`);
    const checkpoint = loadCheckpointOrFail(file);
    const textFile = stringFlag(args, 'file');
    if (!textFile) throw new CliError('missing --file F (the document to complete in)');
    let text: string;
    try {
      // A FIFO or a device would block the read forever (or never end): regular files only.
      const kind = fileKind(statSync(textFile));
      if (kind !== 'file') throw new CliError(`${textFile}: not a regular file (it is a ${kind}); --file must name a text file`);
      text = readFileSync(textFile, 'utf8');
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(`${textFile}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    const offset = numberFlag(args, 'offset', { integer: true, min: 0, max: text.length }) ?? text.length;
    const options = completionOptionsFromFlags(args);
    const model = new InferenceModel(checkpoint.model, checkpoint.weights);
    const candidates = completeText(model, text.slice(0, offset), text.slice(offset), options);
    if (booleanFlag(args, 'json')) result(jsonLine({ checkpoint: file, file: textFile, offset, seed: options.seed, candidates }));
    else if (candidates.length === 0) result('(no suggestion: the model is not confident enough here)');
    else for (const c of candidates) result(`${JSON.stringify(c.text)}  (mean ln p ${c.meanLogProb.toFixed(3)})`);
  },
};

function fileKind(info: import('node:fs').Stats): string {
  if (info.isFile()) return 'file';
  if (info.isDirectory()) return 'folder';
  if (info.isFIFO()) return 'FIFO';
  if (info.isSocket()) return 'socket';
  return 'device';
}

function completionOptionsFromFlags(args: ReturnType<typeof parseArgs>): CompletionOptions {
  const d = DEFAULT_COMPLETION_OPTIONS;
  const sampling = stringFlag(args, 'sampling') ?? d.sampling;
  if (sampling !== 'greedy' && sampling !== 'topK' && sampling !== 'topP') throw new CliError(`--sampling must be greedy, topK or topP, not "${sampling}"`);
  return {
    sampling: sampling as SamplingMode,
    candidates: numberFlag(args, 'n', { integer: true, min: 1, max: 100 }) ?? d.candidates,
    seed: numberFlag(args, 'seed', { integer: true }) ?? d.seed,
    temperature: numberFlag(args, 'temperature', { min: 0, max: 10 }) ?? d.temperature,
    topK: numberFlag(args, 'top-k', { integer: true, min: 1, max: 256 }) ?? d.topK,
    topP: numberFlag(args, 'top-p', { min: 1e-6, max: 1 }) ?? d.topP,
    contextLength: numberFlag(args, 'context', { integer: true, min: 2, max: 1 << 20 }) ?? d.contextLength,
    maxLines: numberFlag(args, 'max-lines', { integer: true, min: 1 }) ?? d.maxLines,
    maxCharacters: numberFlag(args, 'max-chars', { integer: true, min: 1 }) ?? d.maxCharacters,
    minConfidence: numberFlag(args, 'min-confidence', { min: 0, max: 1 }) ?? d.minConfidence,
  };
}
