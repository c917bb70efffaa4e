// npm run bench:quality [-- --minutes M] [--threads N] [--from BASE | --checkpoint FILE] [--read-workspace]
//   [--corpus NAME ...] [--train DIR --held DIR] [--retrain] [--json]
//
// How well Recur predicts code it has never seen, beside general-purpose compressors given
// the same training files. For each public corpus (scripts/bench/corpora.json; by default a
// JavaScript web framework, a Python HTTP library and a Go web framework), files are split by
// a hash of their path (10% held out: lib/benchCorpus.ts); a model is trained on the rest with
// `recur train` for --minutes (default 10) at --threads (default 1), as the extension trains
// by default (lib/benchModels.ts keeps it for bench:keystrokes); --from BASE fine-tunes a base
// model instead (e.g. models/base.recur), as "Train on Workspace" does by default; --checkpoint
// FILE measures a model as it is (e.g. the base model alone); --read-workspace has the model's
// context models read the training files first, as the editor's base model reads a workspace
// before any training. Then the held-out files are
// read in order, each byte predicted before anything learns from it, and bits per character
// are printed for:
//   network alone      the LSTM (pure-TypeScript forward pass, the editor's)
//   context models     the prediction stack without the network: built from the training
//                      files alone, as a compressor would be
//   full stack         the checkpoint's stack: the network mixed with the context models
//                      (built in training from the training files, mixer fitted on the
//                      trainer's validation files)
// beside PPMd (7-Zip, order 8), xz, zstd and brotli, each given the training files as context
// (lib/compressors.ts). With --json the last line is one JSON object.
import { performance } from 'node:perf_hooks';
import { readCheckpoint } from '../../src/core/model/checkpoint';
import { InferenceModel } from '../../src/core/infer/inferenceModel';
import { countChars } from '../../src/core/model/vocabulary';
import { SteppedLstm } from '../../src/core/predict/lstmSource';
import { stackFromSection } from '../../src/core/predict/stackState';
import { PredictorStack } from '../../src/core/predict/predictorStack';
import { DEFAULT_CONTEXT_MEMORY_MB, stackSizesFor } from '../../src/core/predict/stackConfig';
import { bitsPerCharacter, TextScorer } from '../../src/core/predict/textScorer';
import { type BenchSplit, totalBytes } from './lib/benchCorpus';
import { benchArgs, chosenSplits } from './lib/benchArgs';
import { benchModel, describeModels } from './lib/benchModels';
import { compressorBits } from './lib/compressors';
import { languageOfPath } from '../../src/core/corpus/languages';

const args = benchArgs();
const { json, log } = args;

interface CorpusReport {
  corpus: string;
  trainFiles: number;
  trainBytes: number;
  heldFiles: number;
  heldBytes: number;
  heldChars: number;
  training: Record<string, unknown>;
  bpc: Record<string, number | null>;
  secondsPerPass: number;
}

async function measure(split: BenchSplit): Promise<CorpusReport> {
  const heldChars = split.held.reduce((n, f) => n + countChars(f.bytes), 0);
  log(`\n${split.name}: ${split.train.length} training files (${totalBytes(split.train)} bytes), ${split.held.length} held out (${totalBytes(split.held)} bytes, ${heldChars} characters)`);
  const { checkpoint, report } = await benchModel(split, args);
  const ckpt = readCheckpoint(checkpoint);
  const model = new InferenceModel(ckpt.model, ckpt.weights);
  const bpc: Record<string, number | null> = {};

  // The full stack, and the network alone on the same pass.
  const started = performance.now();
  if (!ckpt.context) throw new Error(`${checkpoint} has no context models (trained with --context-mb 0?)`);
  const full = new TextScorer(stackFromSection(ckpt.context), new SteppedLstm(model));
  for (const f of split.held) full.readFile(f.bytes, { language: languageOfPath(f.relativePath) });
  const seconds = (performance.now() - started) / 1000;
  bpc['network alone'] = bitsPerCharacter(full.totals.lstmBits, full.totals);
  // The context models alone: built from the training files, as a compressor would be.
  const contexts = new TextScorer(new PredictorStack(stackSizesFor(DEFAULT_CONTEXT_MEMORY_MB)), undefined);
  for (const f of split.train) contexts.readFile(f.bytes, { scoreFrom: f.bytes.length });
  for (const f of split.held) contexts.readFile(f.bytes);
  bpc['context models'] = bitsPerCharacter(contexts.totals.bits, contexts.totals);
  bpc['full stack'] = bitsPerCharacter(full.totals.bits, full.totals);
  for (const c of compressorBits(split.train.map((f) => f.bytes), split.held.map((f) => f.bytes))) {
    bpc[c.name] = c.bits === undefined ? null : c.bits / heldChars;
    if (c.note) log(`  ${c.name}: skipped (${c.note})`);
  }
  const width = Math.max(...Object.keys(bpc).map((k) => k.length));
  for (const [name, value] of Object.entries(bpc)) log(`  ${name.padEnd(width)}  ${value === null ? 'n/a' : value.toFixed(3)} bits/char`);
  const ppmd = bpc['PPMd o8 (7-Zip)'];
  if (ppmd) log(`  full stack / PPMd: ${((bpc['full stack'] ?? NaN) / ppmd).toFixed(3)}${report.steps === undefined ? '' : `  (training: ${report.steps} steps, ${Math.round(Number(report.charsPerSec))} chars/s)`}`);
  return { corpus: split.name, trainFiles: split.train.length, trainBytes: totalBytes(split.train), heldFiles: split.held.length, heldBytes: totalBytes(split.held), heldChars, training: { steps: report.steps, charsPerSec: report.charsPerSec, valBpc: report.valBpc, mixBpc: report.mixBpc }, bpc, secondsPerPass: seconds };
}

async function main(): Promise<void> {
  const splits = await chosenSplits(args);
  log(`bench:quality: held-out bits per character; ${describeModels(args)}`);
  const reports: CorpusReport[] = [];
  for (const split of splits) reports.push(await measure(split));
  const below = reports.filter((r) => (r.bpc['full stack'] ?? Infinity) < (r.bpc['PPMd o8 (7-Zip)'] ?? -Infinity)).length;
  log(`\nfull stack below PPMd on ${below} of ${reports.length} corpora`);
  if (json) console.log(JSON.stringify({ models: describeModels(args), corpora: reports }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
