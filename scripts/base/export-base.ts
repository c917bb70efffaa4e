// npm run export:base [-- --context-mb M] [--fit-kb K] [--out FILE (default models/base.recur)] [--network FILE]
//   [--learn-mb N]
// Writes models/base.recur, the base model the extension ships (models/README.md), from the
// best checkpoint of `npm run train:base` (${RECUR_CACHE_DIR:-~/.cache/recur}/base-model/):
//   the network      its weights as trained (no optimizer state), and its training history
//                    with the logged steps merged to the chart's resolution (thinHistory)
//   context models   built from the base corpus's training files with a small budget
//                    (--context-mb, default 8), so the file stays within 16 MB
//   the mixer        fitted on the base corpus's validation files (the trainer's 5% split,
//                    at most --fit-kb KB, default 256) with this network as an input, so a
//                    workspace that starts from the base model starts with a mixer that knows
//                    how far to trust the network on code it has not seen
// and prints the figures the model card records. Deterministic for a given checkpoint.
// --network FILE takes the network from another checkpoint (e.g. models/base.recur, to
// rebuild the context models of the shipped model after the stack's composition changed).
// --learn-mb N has the context models read only the first N MB of the base corpus's training
// files (all by default): the weighing a workspace inherits has settled long before.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCorpus } from '../../src/core/corpus';
import { InferenceModel } from '../../src/core/infer/inferenceModel';
import { type Checkpoint, readCheckpoint, writeCheckpointAtomic } from '../../src/core/model/checkpoint';
import { SteppedLstm } from '../../src/core/infer/steppedLstm';
import { DEFAULT_COMPOSITION } from '../../src/core/predict/stackComposition';
import { stackSizesFor } from '../../src/core/predict/stackConfig';
import { CONTEXT_STATE_VERSION, stackFromSection, stackToSection } from '../../src/core/predict/stackState';
import type { PredictorStack, StackSizes } from '../../src/core/predict/predictorStack';
import { bitsPerCharOf, TextScorer } from '../../src/core/predict/textScorer';
import { buildContextStack, learnContexts, splitJoinedFiles } from '../../src/core/index/contextStack';
import { thinHistory } from '../../src/shared/metrics';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const repo = path.resolve(__dirname, '..', '..');
const cache = process.env.RECUR_CACHE_DIR || path.join(os.homedir(), '.cache', 'recur');
const source = path.resolve(option('--network', path.join(cache, 'base-model', 'base.recur')));
const corpusFiles = path.join(cache, 'public-code', 'base-corpus', 'files');
const out = path.resolve(option('--out', path.join(repo, 'models', 'base.recur')));
export const BASE_MODEL_MAX_BYTES = 16 * 1024 * 1024;

/** The context models built from the base corpus's training side: from the cache, or built and cached. */
async function cachedContextStack(checkpoint: Checkpoint, trainBytes: Uint8Array, sizes: StackSizes, started: number): Promise<PredictorStack> {
  // Keyed by what the stack is made of too: a section of other predictors cannot be read back.
  const composition = {
    inputs: DEFAULT_COMPOSITION.predictors.flatMap((kind) => kind.inputs.map((input) => input.name)),
    selectors: DEFAULT_COMPOSITION.selectors.map((selector) => selector.name),
    final: DEFAULT_COMPOSITION.final.name,
  };
  const key = createHash('sha256')
    .update(trainBytes)
    .update(JSON.stringify({ sizes, version: CONTEXT_STATE_VERSION, composition }))
    .digest('hex')
    .slice(0, 16);
  const cached = path.join(cache, 'base-model', `context-${key}.recur`);
  if (existsSync(cached)) {
    const section = readCheckpoint(cached).context;
    if (section) {
      console.log(`context models: ${cached} (built before for this corpus and these sizes)`);
      return stackFromSection(section);
    }
  }
  let last = 0;
  const stack = await buildContextStack(
    trainBytes,
    sizes,
    () => false,
    (fraction) => {
      if (fraction >= last + 0.1) {
        last = fraction;
        console.log(`  context models: ${Math.round(fraction * 100)}%`);
      }
    },
  );
  if (!stack) throw new Error('stopped');
  console.log(`context models built in ${((Date.now() - started) / 1000).toFixed(0)} s (table ${(sizes.tableBuckets * 16) / 2 ** 20} MB, ${(stack.table.occupancy() * 100).toFixed(0)}% used)`);
  // Kept as a checkpoint file (the network in it is unused: only its context section is read back).
  writeCheckpointAtomic(cached, { ...checkpoint, optimizer: undefined, context: stackToSection(stack, { trainBytes: trainBytes.length, fittedBytes: 0 }) });
  return stack;
}

async function main(): Promise<void> {
  if (!existsSync(source)) throw new Error(`${source} does not exist: run npm run train:base first`);
  const checkpoint = readCheckpoint(source);
  const started = Date.now();
  const corpus = await readCorpus([corpusFiles], { maxTotalBytes: 256 * 1024 * 1024, maxFileBytes: 512 * 1024, maxLineLength: 1000, excludeGlobs: [] });
  console.log(
    `base corpus: ${corpus.summary.trainFiles} training files (${corpus.summary.trainBytes} bytes), ${corpus.summary.validationFiles} validation files (${corpus.summary.validationBytes} bytes)`,
  );
  // All of the base corpus is read (maxLearnBytes off). Building these statistics is most of
  // the export's time and does not depend on the network: they are kept in the cache, keyed
  // by the corpus's training text and the sizes, and built again only when either changes.
  const sizes = { ...stackSizesFor(Number(option('--context-mb', '8'))), maxLearnBytes: undefined };
  const learnBytes = Number(option('--learn-mb', 'Infinity')) * 2 ** 20;
  const trainBytes = corpus.trainBytes.subarray(0, Math.min(corpus.trainBytes.length, learnBytes));
  const stack = await cachedContextStack(checkpoint, trainBytes, sizes, started);
  // Fit the mixer (and the rest) on validation files, the network as an input; count what it scores.
  const model = new InferenceModel(checkpoint.model, checkpoint.weights);
  const fitter = new TextScorer(stack, new SteppedLstm(model));
  const fitLimit = Number(option('--fit-kb', '256')) * 1024;
  const validation = splitJoinedFiles(corpus.validationBytes);
  const rest: Uint8Array[] = [];
  for (const file of validation) {
    if (fitter.totals.bytes < fitLimit) fitter.readFile(file);
    else rest.push(file);
  }
  learnContexts(stack, rest);
  const fitted = fitter.totals;
  console.log(
    `mixer fitted on ${fitted.bytes} bytes of validation files: network alone ${bitsPerCharOf(fitted.lstmBits, fitted).toFixed(3)} bits/char, whole stack ${bitsPerCharOf(fitted.bits, fitted).toFixed(3)} (read as the mixer learned)`,
  );
  writeCheckpointAtomic(out, {
    model: checkpoint.model,
    train: checkpoint.train,
    step: checkpoint.step,
    charsSeen: checkpoint.charsSeen,
    weights: checkpoint.weights,
    metrics: thinHistory(checkpoint.metrics),
    corpus: { ...corpus.summary, roots: ['base corpus (models/README.md)'] },
    context: stackToSection(stack, { trainBytes: trainBytes.length, fittedBytes: fitted.bytes }),
  });
  const bytes = statSync(out).size;
  console.log(`wrote ${out}: ${(bytes / 2 ** 20).toFixed(2)} MB (bound ${BASE_MODEL_MAX_BYTES / 2 ** 20} MB), step ${checkpoint.step}, ${checkpoint.charsSeen} characters trained`);
  if (bytes > BASE_MODEL_MAX_BYTES) throw new Error(`${out} is ${bytes} bytes, over the 16 MB bound: lower --context-mb`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
