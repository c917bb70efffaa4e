// recur complete CKPT --file F --offset N [--n K] [--json]
//   [--context N] [--max-lines N] [--max-chars N] [--min-accept P]
// What the inline suggestion would be at offset N (UTF-16 code units, as in VS Code) of
// file F: the editor's completion engine (src/core/complete/), with the checkpoint's context
// models when it has them, no tfjs. Without --n: the one suggestion an automatic trigger
// shows; with --n K: up to K candidates, as on an explicit invoke. One per line
// (JSON-quoted) with its estimated acceptance probability; with --json the last line is
// {"candidates":[{"text":..,"acceptProbability":..,"modelProbability":..,"expectedSaving":..}],...}.
import { describeRefusal, readBoundedSync } from '../core/files/boundedRead';
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
    // A regular file (a FIFO or a device would block or never end), a link to one is fine: the user named it.
    const read = readBoundedSync(textFile, { maxBytes: MAX_DOCUMENT_BYTES, followLinks: true });
    if (!read.ok) throw new CliError(`${textFile}: ${describeRefusal(read, MAX_DOCUMENT_BYTES)}; --file must name a text file`);
    const text = read.bytes.toString('utf8');
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

/** The largest --file read: far above any file the editor would suggest in. */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

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
