// recur complete CKPT --file F --offset N [--n K] [--json]
//   [--context N] [--max-lines N] [--max-chars N] [--min-accept P]
// What the inline suggestion would be at offset N (UTF-16 code units, as in VS Code) of
// file F: the editor's completion engine (src/core/complete/), with the checkpoint's context
// models when it has them, no tfjs. Without --n: the one suggestion an automatic trigger
// shows; with --n K: up to K candidates, as on an explicit invoke. One per line
// (JSON-quoted) with its estimated acceptance probability; with --json the last line is
// {"candidates":[{"text":..,"acceptProbability":..,"modelProbability":..,"expectedSaving":..}],...}.
import { readFileSync, statSync } from 'node:fs';
import { CompletionEngine, DEFAULT_ENGINE_OPTIONS, ENGINE_OPTIONS, type EngineOptions, REQUEST_AFTER_CHARS } from '../core/complete/completionEngine';
import { languageIdForPath } from '../core/editing/languageRules';
import { InferenceModel } from '../core/infer/inferenceModel';
import { stackFromSection } from '../core/predict/stackState';
import { booleanFlag, type FlagSpec, numberFlag, optionFlag, type ParsedArgs, parseFlags, stringFlag } from './args';
import { loadCheckpointOrFail } from './checkpointFlags';
import type { CliCommand } from './command';
import { CliError, jsonLine, progress, result } from './output';

const FLAGS: FlagSpec = { strings: ['file', 'offset', 'n', 'context', 'max-lines', 'max-chars', 'min-accept'], booleans: ['json'] };

export const command: CliCommand = {
  name: 'complete',
  usage: 'CKPT --file F --offset N [--n K] [--max-lines N] [--max-chars N] [--min-accept P] [--json]',
  summary: 'the inline suggestion a checkpoint makes at an offset of a file',
  async run(argv) {
    const args = parseFlags(argv, FLAGS);
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
    const candidates = numberFlag(args, 'n', ENGINE_OPTIONS.candidates);
    const options = engineOptionsFromFlags(args, candidates);
    const model = new InferenceModel(checkpoint.model, checkpoint.weights);
    let stack;
    if (checkpoint.context) {
      try {
        stack = stackFromSection(checkpoint.context);
      } catch (err) {
        progress(`warning: ${file}: its context models cannot be used (${(err as Error).message}); the network alone suggests`);
      }
    }
    const engine = new CompletionEngine(model, stack);
    const request = { before: text.slice(0, offset), beforeStart: 0, after: text.slice(offset, offset + REQUEST_AFTER_CHARS), languageId: languageIdForPath(textFile) };
    const found = engine.complete('file', request, options, candidates !== undefined);
    const report = found.map(({ text: t, replaceRight, acceptProbability, modelProbability, expectedSaving }) => ({ text: t, replaceRight, acceptProbability, modelProbability, expectedSaving }));
    if (booleanFlag(args, 'json')) result(jsonLine({ checkpoint: file, file: textFile, offset, contextModels: stack !== undefined, candidates: report }));
    else if (found.length === 0) result(`(no suggestion: none is likely enough to be accepted, at --min-accept ${options.minAcceptProbability})`);
    else for (const c of found) result(`${JSON.stringify(c.text)}  (accepted with probability ${c.acceptProbability.toFixed(2)})`);
  },
};

function fileKind(info: import('node:fs').Stats): string {
  if (info.isFile()) return 'file';
  if (info.isDirectory()) return 'folder';
  if (info.isFIFO()) return 'FIFO';
  if (info.isSocket()) return 'socket';
  return 'device';
}

/** The suggestion options from the flags; ranges and defaults are recur.completions.*'s (ENGINE_OPTIONS). Without --n: one candidate, as an automatic trigger shows. */
function engineOptionsFromFlags(args: ParsedArgs, candidates: number | undefined): EngineOptions {
  return {
    ...DEFAULT_ENGINE_OPTIONS,
    candidates: candidates ?? 1,
    contextLength: optionFlag(args, 'context', ENGINE_OPTIONS.contextLength),
    maxLines: optionFlag(args, 'max-lines', ENGINE_OPTIONS.maxLines),
    maxCharacters: optionFlag(args, 'max-chars', ENGINE_OPTIONS.maxCharacters),
    minAcceptProbability: optionFlag(args, 'min-accept', ENGINE_OPTIONS.minAcceptProbability),
  };
}
