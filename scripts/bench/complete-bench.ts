// Completion latency: the inline provider's path (completeInSlices in
// src/core/complete/completionEngine.ts: the network's state and the document's context
// brought to the cursor in slices with a yield between them, then the search), from request
// to returned items, on the default model size (embedding 64, 2 x 256 LSTM). What the
// provider adds around it is VS Code glue (reading the line, wrapping the items).
//   warm: one character typed into a document already seen (the caches hold it)
//   cold: a 4,000-character document seen for the first time (context 512)
//
//   npx tsx scripts/bench/complete-bench.ts [--json] [--checkpoint FILE] [--explicit] [--dynamic-eval off|on|both] [--rounds N]
//
// The work per request depends on how long the suggestions are, that is on the model's
// confidence. With --checkpoint FILE: that model, with its context models if it has them.
// Without: seeded random network weights (output limited to printable ASCII) and context
// models built from this repository's src/ (a few seconds), so the search runs as long as
// real context statistics make it. --explicit times an explicit invoke (several candidates).
// --dynamic-eval (lib/dynamicEvalArg.ts; default on, as the editor): the documents' output
// layers learning as they are read, or not; `both` alternates the two in --rounds rounds
// (default 3; A/B on a shared machine) and prints each one's figures over all its rounds.
// Also prints the model step time in both kernels (WebAssembly SIMD, the default, and plain
// TypeScript), and the event-loop delay of this process, which plays the extension host,
// while the real training process runs beside it (dist/worker.js started exactly as the
// extension starts it: lowered priority, automatic thread count; needs `npm run build`;
// --no-training skips it). With --json the last line is
// {"warm":{"p50":..,"p95":..,"max":..},"cold":{...}} in ms.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readCheckpoint } from '../../src/core/model/checkpoint';
import { DEFAULT_MODEL_CONFIG } from '../../src/core/model/config';
import { quantile } from '../../src/shared/metrics';
import { initWeights } from '../../src/core/model/initWeights';
import { CompletionEngine, completeInSlices, DEFAULT_ENGINE_OPTIONS, type EngineOptions, requestChars } from '../../src/core/complete/completionEngine';
import { type SliceControl, yieldToEventLoop } from '../../src/core/slicing';
import { InferenceModel } from '../../src/core/infer/inferenceModel';
import { PredictorStack } from '../../src/core/predict/predictorStack';
import { stackFromSection } from '../../src/core/predict/stackState';
import { stackSizesFor, DEFAULT_CONTEXT_MEMORY_MB } from '../../src/core/predict/stackConfig';
import { learnContexts } from '../../src/core/index/contextStack';
import { readCorpus } from '../../src/core/corpus';
import { splitJoinedFiles } from '../../src/core/index/contextStack';
import { DEFAULT_TRAIN_CONFIG } from '../../src/core/model/config';
import { TrainingProcess } from '../../src/editor/training/trainingProcess';
import { automaticThreads } from '../../src/core/threadLimits';
import { benchArgs } from './lib/benchArgs';
import { type DynamicEvalVariant, dynamicEvalVariants } from './lib/dynamicEvalArg';

const args = process.argv.slice(2);
const json = args.includes('--json');
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const log = (line: string) => (json ? console.error(line) : console.log(line));

const checkpointFile = option('--checkpoint');
const checkpoint = checkpointFile ? readCheckpoint(checkpointFile) : undefined;
const config = checkpoint?.model ?? { ...DEFAULT_MODEL_CONFIG };
const weights = checkpoint?.weights ?? randomTextWeights();
const model = new InferenceModel(config, weights);
const explicit = args.includes('--explicit');
const options: EngineOptions = { ...DEFAULT_ENGINE_OPTIONS };
const heads = dynamicEvalVariants(benchArgs(args));
const newEngine = (head: DynamicEvalVariant = heads[heads.length - 1]) => new CompletionEngine(model, stack, undefined, undefined, head.options ?? false);
let stack: PredictorStack | undefined;

/** The checkpoint's context models, or context models built from this repository's src/. */
async function contextModels(): Promise<PredictorStack | undefined> {
  if (checkpoint) return checkpoint.context ? stackFromSection(checkpoint.context) : undefined;
  const repo = path.resolve(__dirname, '..', '..');
  const corpus = await readCorpus([path.join(repo, 'src')], { maxTotalBytes: 20 * 1024 * 1024, maxFileBytes: 512 * 1024, maxLineLength: 1000, excludeGlobs: [] });
  const built = new PredictorStack(stackSizesFor(DEFAULT_CONTEXT_MEMORY_MB));
  learnContexts(built, splitJoinedFiles(corpus.trainBytes));
  return built;
}

/** Seeded random weights whose output bias rules out all but printable ASCII, so every suggestion runs its full length. */
function randomTextWeights() {
  const weights = initWeights(config, 1);
  const bias = weights['output.bias'];
  for (let b = 0; b < 256; b++) if (b < 32 || b > 126) bias[b] = -30;
  return weights;
}

// A 4,000-character code-like document (deterministic).
const lines = [
  'export function clamp(value: number, low: number, high: number): number {',
  '  if (value < low) return low;',
  '  if (value > high) return high;',
  '  return value;',
  '}',
  '',
  'const total = values.reduce((sum, value) => sum + value, 0);',
  '// Keep the mean of the last few samples for the status line.',
];
let doc = '';
for (let i = 0; doc.length < 4000; i++) doc += `${lines[i % lines.length]}${i % 7 === 3 ? ` // ${i}` : ''}\n`;
doc = doc.slice(0, 4000);

function stats(ms: number[]): { p50: number; p95: number; max: number } {
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(quantile(ms, 0.5)), p95: round(quantile(ms, 0.95)), max: round(quantile(ms, 1)) };
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** CPU time of this process during the last timeAsync (ms): on a loaded machine, the work a request did, without the waits for a core. */
let lastCpuMs = 0;

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  lastCpuMs = (used.user + used.system) / 1000;
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** As the provider runs it: slices of a few milliseconds, a setImmediate between them. */
const slices: SliceControl = { yieldNow: yieldToEventLoop, cancelled: () => false };

function request(text: string, cursor: number) {
  const beforeStart = Math.max(0, cursor - requestChars(options));
  return { before: text.slice(beforeStart, cursor), beforeStart, after: text.slice(cursor) };
}

let suggestionChars = 0;
let suggestionsShown = 0;

async function suggest(engine: CompletionEngine, key: string, text: string, cursor: number): Promise<void> {
  const found = await completeInSlices(engine, key, request(text, cursor), options, explicit, slices);
  if (!found) throw new Error('the request was abandoned');
  if (found[0]) {
    suggestionsShown++;
    suggestionChars += found[0].text.length;
  }
}

function stepTime(m: InferenceModel): number {
  const state = m.newState();
  const logits = new Float32Array(256);
  for (let i = 0; i < 100; i++) m.step(state, 97 + (i % 26));
  const n = 500;
  const ms = time(() => {
    for (let i = 0; i < n; i++) {
      m.step(state, 97 + (i % 26));
      m.logits(state, logits);
    }
  });
  return ms / n;
}

/** Requests timed, over all rounds. */
const WARM_REQUESTS = 300;
const COLD_REQUESTS = 60;

/** Typing: each request is the previous text plus one character, in the same document. */
class Typist {
  private readonly engine: CompletionEngine;
  private cursor = 2000;

  constructor(head?: DynamicEvalVariant) {
    this.engine = newEngine(head);
  }

  /** The document is seen, and the editor's idle-time prewarm has run (it also brings the state tracked ahead up to date: see StateCache.trackAhead). */
  async open(): Promise<this> {
    await suggest(this.engine, 'doc', doc, this.cursor);
    this.engine.prepareAhead('doc', request(doc, this.cursor), options, Infinity);
    return this;
  }

  /** One more character typed; returns the request's latency in ms. */
  type(): Promise<number> {
    this.cursor = this.cursor >= doc.length ? 2000 : this.cursor + 1;
    const cursor = this.cursor;
    return timeAsync(() => suggest(this.engine, 'doc', doc, cursor));
  }
}

async function warmRun(requests: number, head?: DynamicEvalVariant, cpuMs: number[] = []): Promise<number[]> {
  const typist = await new Typist(head).open();
  const ms: number[] = [];
  for (let i = 0; i < requests; i++) {
    ms.push(await typist.type());
    cpuMs.push(lastCpuMs);
  }
  return ms;
}

/** A document never seen: a fresh cache each time, cursor at the end of 4,000 characters. */
async function coldRun(requests: number, head?: DynamicEvalVariant, cpuMs: number[] = []): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < requests; i++) {
    const text = `// variant ${i}\n${doc}`.slice(0, 4000);
    ms.push(await timeAsync(() => suggest(newEngine(head), `doc${i}`, text, text.length)));
    cpuMs.push(lastCpuMs);
  }
  return ms;
}

/** Starts the real training process on this repository's src/ as the extension does; resolves once it is stepping. */
async function startTraining(scratch: string): Promise<TrainingProcess> {
  const repo = path.resolve(__dirname, '..', '..');
  let resolveStepping: () => void = () => {};
  let rejectStepping: (err: Error) => void = () => {};
  const stepping = new Promise<void>((resolve, reject) => {
    resolveStepping = resolve;
    rejectStepping = reject;
  });
  const child = new TrainingProcess(
    {
      type: 'start',
      request: {
        model: { ...DEFAULT_MODEL_CONFIG },
        train: { ...DEFAULT_TRAIN_CONFIG, maxMinutes: 2 },
        fresh: true,
        bestCheckpointPath: path.join(scratch, 'model.recur'),
        latestCheckpointPath: path.join(scratch, 'latest.recur'),
        roots: [path.join(repo, 'src')],
        corpus: { maxTotalBytes: 20 * 1024 * 1024, maxFileBytes: 512 * 1024, maxLineLength: 1000, excludeGlobs: [] },
        contextMemoryMB: DEFAULT_CONTEXT_MEMORY_MB,
      },
    },
    {
      workerScript: path.join(repo, 'dist', 'worker.js'),
      logFile: path.join(scratch, 'training.log'),
      threads: automaticThreads(DEFAULT_TRAIN_CONFIG.batchSize),
      onMessage: (message) => {
        if (message.type === 'event' && message.event.kind === 'step') resolveStepping();
        if (message.type === 'error') rejectStepping(new Error(`training failed: ${message.message}`));
      },
      onExit: (code) => rejectStepping(new Error(`the training process exited (${code}) before stepping; log: ${path.join(scratch, 'training.log')}`)),
    },
  );
  await stepping;
  return child;
}

async function eventLoopDelayWhileTraining(): Promise<string> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-bench-'));
  const child = await startTraining(scratch);
  try {
    // The histogram records whole sampling intervals: the delay is what exceeds the resolution.
    const resolutionMs = 1;
    const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
    const typist = await new Typist().open();
    const latencies: number[] = [];
    histogram.enable();
    const until = Date.now() + 10_000;
    while (Date.now() < until && child.running) {
      latencies.push(await typist.type());
      await new Promise((r) => setTimeout(r, 30)); // a keystroke every ~30 ms plus the work
    }
    histogram.disable();
    const ms = (ns: number) => Math.max(0, ns / 1e6 - resolutionMs).toFixed(1);
    const typing = stats(latencies);
    return [
      `while the training process ran (${automaticThreads(DEFAULT_TRAIN_CONFIG.batchSize)} thread(s), lowered priority${child.running ? '' : '; it exited early: not meaningful'}), typing one character every ~30 ms:`,
      `  request latency p50 ${typing.p50} ms  p95 ${typing.p95} ms  max ${typing.max} ms over ${latencies.length} requests`,
      `  event-loop delay p50 ${ms(histogram.percentile(50))} ms  p99 ${ms(histogram.percentile(99))} ms  max ${ms(histogram.max)} ms`,
    ].join('\n');
  } finally {
    child.kill();
    await new Promise((r) => setTimeout(r, 200));
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  stack = await contextModels();
  log(
    `model: ${config.cell} E=${config.embeddingSize} ${config.layers}x${config.hiddenSize}${checkpointFile ? ` (${checkpointFile})` : ' (seeded random weights)'}; ${stack ? `context models ${(stack.memoryBytes / 2 ** 20).toFixed(1)} MB${checkpoint ? '' : ' (built from src/)'}` : 'no context models'}`,
  );
  log(`workload: ${explicit ? `explicit invoke, up to ${options.candidates} candidates` : 'automatic trigger, one suggestion'}, default settings, network context ${options.contextLength}`);
  const jsStep = stepTime(new InferenceModel(config, weights, { backend: 'js' }));
  const step = stepTime(model);
  log(`model step with logits: ${step.toFixed(3)} ms (${model.backend}); plain TypeScript ${jsStep.toFixed(3)} ms: ${(jsStep / step).toFixed(1)}x`);
  for (const head of heads) {
    await warmRun(20, head); // JIT warm-up
    await coldRun(2, head);
  }
  // With several output layers, rounds alternate between them (A/B) so that load on the machine falls on both alike.
  const rounds = Number(option('--rounds') ?? (heads.length > 1 ? 3 : 1));
  // Enough cold requests that their p95 is not one request: a single pause moves the p95 of 30.
  if (!(Number.isInteger(rounds) && rounds > 0 && COLD_REQUESTS % rounds === 0 && WARM_REQUESTS % rounds === 0))
    throw new Error(`--rounds must divide ${COLD_REQUESTS} and ${WARM_REQUESTS} (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60), not "${option('--rounds')}"`);
  const samples = heads.map(() => ({ warm: [] as number[], cold: [] as number[], warmCpu: [] as number[], coldCpu: [] as number[] }));
  for (let round = 0; round < rounds; round++)
    for (const [k, head] of heads.entries()) {
      samples[k].warm.push(...(await warmRun(WARM_REQUESTS / rounds, head, samples[k].warmCpu)));
      samples[k].cold.push(...(await coldRun(COLD_REQUESTS / rounds, head, samples[k].coldCpu)));
    }
  let warm = stats(samples[0].warm);
  let cold = stats(samples[0].cold);
  for (const [k, head] of heads.entries()) {
    warm = stats(samples[k].warm);
    cold = stats(samples[k].cold);
    const name = heads.length > 1 ? ` [${head.label}]` : '';
    log(`warm (one character typed)${name}: p50 ${warm.p50} ms  p95 ${warm.p95} ms  max ${warm.max} ms`);
    log(`cold (4,000 characters, first time)${name}: p50 ${cold.p50} ms  p95 ${cold.p95} ms  max ${cold.max} ms`);
    const cpu = { warm: stats(samples[k].warmCpu), cold: stats(samples[k].coldCpu) };
    log(`  CPU time of this process per request${name}: warm p50 ${cpu.warm.p50} ms  p95 ${cpu.warm.p95} ms; cold p50 ${cpu.cold.p50} ms  p95 ${cpu.cold.p95} ms`);
  }
  log(`  (suggestions shown: ${suggestionsShown}, mean ${(suggestionChars / Math.max(1, suggestionsShown)).toFixed(1)} characters, all runs)`);
  if (!args.includes('--no-training')) log(await eventLoopDelayWhileTraining());
  if (json) console.log(JSON.stringify({ warm, cold }));
}

void main();
