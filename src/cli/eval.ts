// recur eval CKPT DIR [--json] [--split all|validation] [--backend auto|tensorflow|wasm] [--quiet] [--verbose]
// Scores a checkpoint on the text files of DIR (same corpus rules as training): characters,
// and bits per character and perplexity of the network alone; for a checkpoint with context
// models also of the context models alone and of the whole stack (src/core/evaluate/
// evaluateStack.ts), every byte predicted before anything learns from it. Progress goes to
// stderr. A folder the checkpoint was trained on is scored too, with a warning: its context
// models have read those files, so the figures measure memory, not prediction of new code.
import path from 'node:path';
import { FILE_SEPARATOR } from '../core/corpus';
import { perplexityFromBpc } from '../shared/metrics';
import type { NetworkEvaluator } from '../core/evaluate/evaluation';
import type { PredictorStack } from '../core/predict/predictorStack';
import { stackFromSection } from '../core/predict/stackState';
import { booleanFlag, parseFlags, stringFlag } from './args';
import { loadCheckpointOrFail } from './checkpointFlags';
import type { CliCommand } from './command';
import { CORPUS_FLAGS, readCorpusOrFail } from './corpusFlags';
import { BACKEND_FLAGS, backendFlag, loadBackendOrFail } from './backendFlag';
import { CliError, jsonLine, progress, result } from './output';
import { progressMeter } from './progressMeter';

export const command: CliCommand = {
  name: 'eval',
  usage: 'CKPT DIR [--split all|validation] [--backend auto|tensorflow|wasm] [--verbose] [--quiet] [--json]',
  summary: 'bits per character of a checkpoint on the text files of DIR: the network, the context models, the whole stack',
  async run(argv) {
    const args = parseFlags(argv, { strings: ['split', 'threads'], booleans: ['json', 'quiet'] }, CORPUS_FLAGS, BACKEND_FLAGS);
    const backendChoice = backendFlag(args);
    const quiet = booleanFlag(args, 'quiet');
    const [file, dir, extra] = args.positionals;
    if (extra) throw new CliError(`unexpected argument "${extra}"`);
    const split = stringFlag(args, 'split') ?? 'all';
    if (split !== 'all' && split !== 'validation') throw new CliError(`--split must be all or validation, not "${split}"`);
    const checkpoint = loadCheckpointOrFail(file);
    if (!dir) throw new CliError('missing folder argument: recur eval CKPT DIR');
    const corpus = await readCorpusOrFail(dir, args, { quiet });
    const validationOnly = split === 'validation' || corpus.sameFileForBoth;
    const bytes = validationOnly ? corpus.validationBytes : joinSides(corpus.trainBytes, corpus.validationBytes);
    const languages =
      validationOnly || corpus.validationBytes.length === 0 ? (validationOnly ? corpus.validationLanguages : corpus.trainLanguages) : [...corpus.trainLanguages, ...corpus.validationLanguages];
    if (checkpoint.corpus?.roots.some((root) => path.resolve(root) === path.resolve(dir))) {
      progress(`warning: ${file} was trained on ${dir}: its context models have read these files, so the figures measure memory, not how it predicts new code`);
    }
    const backend = await loadBackendOrFail(backendChoice, undefined, quiet);
    const json = booleanFlag(args, 'json');
    const report: Record<string, unknown> = { checkpoint: file, folder: dir, split, bytes: bytes.length };
    let stack;
    if (checkpoint.context) {
      try {
        stack = stackFromSection(checkpoint.context);
      } catch (err) {
        progress(`warning: ${file}: its context models cannot be used (${(err as Error).message}); scoring the network alone`);
      }
    }
    const network = backend.createNetwork(checkpoint.model, checkpoint.weights);
    try {
      if (stack) await reportStack(network, stack, bytes, languages, report, { quiet, json });
      else reportNetwork(network, bytes, report, { quiet, json });
    } finally {
      network.dispose();
    }
  },
};

/** The network, the context models and the whole stack; `languages` gives each joined file's language code. */
async function reportStack(
  network: NetworkEvaluator,
  stack: PredictorStack,
  bytes: Uint8Array,
  languages: readonly number[],
  report: Record<string, unknown>,
  { quiet, json }: { quiet: boolean; json: boolean },
): Promise<void> {
  const { evaluateStack } = await import('../core/evaluate/evaluateStack');
  let shown = -1;
  const score = await evaluateStack(
    network,
    stack,
    bytes,
    (fraction) => {
      const percent = Math.floor(fraction * 100);
      if (!quiet && (percent >= shown + 10 || (fraction === 1 && shown < 100))) {
        shown = percent;
        progress(`eval: ${percent}% of ${bytes.length} bytes`);
      }
    },
    languages,
  );
  Object.assign(report, { chars: score.chars, networkBpc: score.networkBpc, contextsBpc: score.contextsBpc, bpc: score.stackBpc, perplexity: perplexityFromBpc(score.stackBpc) });
  if (json) result(jsonLine(report));
  else {
    result(`${score.chars} characters, bits per character (perplexity):`);
    result(`  network alone    ${score.networkBpc.toFixed(3)} (${perplexityFromBpc(score.networkBpc).toFixed(2)})`);
    result(`  context models   ${score.contextsBpc.toFixed(3)} (${perplexityFromBpc(score.contextsBpc).toFixed(2)})`);
    result(`  whole stack      ${score.stackBpc.toFixed(3)} (${perplexityFromBpc(score.stackBpc).toFixed(2)})`);
  }
}

/** The network alone (a checkpoint without context models). */
function reportNetwork(network: NetworkEvaluator, bytes: Uint8Array, report: Record<string, unknown>, { quiet, json }: { quiet: boolean; json: boolean }): void {
  const meter = progressMeter('eval', !quiet);
  const score = network.evaluate(bytes, { onProgress: (fraction) => meter(`${(bytes.length / 1024 / 1024).toFixed(1)} MB`, fraction) })!; // no shouldStop: never undefined
  Object.assign(report, { chars: score.chars, networkBpc: score.bpc, bpc: score.bpc, perplexity: score.perplexity });
  if (json) result(jsonLine(report));
  else result(`${score.chars} characters: ${score.bpc.toFixed(3)} bits per character, perplexity ${score.perplexity.toFixed(2)} (the network alone: this checkpoint has no context models)`);
}

function joinSides(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + 1 + b.length);
  out.set(a, 0);
  out[a.length] = FILE_SEPARATOR;
  out.set(b, a.length + 1);
  return out;
}
