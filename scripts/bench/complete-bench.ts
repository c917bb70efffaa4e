// Completion latency: the path the inline provider takes (src/core/infer/complete.ts:
// state cache -> candidates), from request to returned items, on the default model size
// (embedding 64, 2 x 256 LSTM; seeded random weights unless --checkpoint).
//   warm: one character typed into a document already seen (the state cache holds it)
//   cold: a 4,000-character document seen for the first time (context 512)
//
//   npx tsx scripts/bench/complete-bench.ts [--json] [--checkpoint FILE] [--candidates N] [--length N]
//
// The work per request depends on how long suggestions are, which for a trained model
// depends on its confidence (minConfidence stops them). Random weights are never
// confident, so by default the workload is fixed instead: minConfidence 0, output limited
// to printable ASCII, and every suggestion exactly --length characters (16). --candidates is 1 (what the provider draws
// on an automatic trigger; it draws recur.completions.candidates when the user asks for
// more). With --checkpoint the settings are the defaults and suggestions stop on their own.
// Also prints the model step time and, with --train-child, the event-loop delay of this
// process while a training process runs (`node bin/recur.js train`, needs `npm run build`).
// With --json the last line is {"warm":{"p50":..,"p95":..,"max":..},"cold":{...}} in ms.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readCheckpoint } from '../../src/core/model/checkpoint';
import { DEFAULT_MODEL_CONFIG } from '../../src/core/model/config';
import { initWeights } from '../../src/core/model/tf/initWeights';
import { completeText, type CompletionOptions, DEFAULT_COMPLETION_OPTIONS } from '../../src/core/infer/complete';
import { InferenceModel } from '../../src/core/infer/inferenceModel';
import { StateCache } from '../../src/core/infer/stateCache';

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
const model = new InferenceModel(config, checkpoint?.weights ?? randomTextWeights());
const length = Number(option('--length') ?? 16);
const options: CompletionOptions = {
  ...DEFAULT_COMPLETION_OPTIONS,
  candidates: Number(option('--candidates') ?? 1),
  seed: 1,
  ...(checkpoint ? {} : { minConfidence: 0, maxCharacters: length, maxLines: 1000 }),
};

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
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted[sorted.length - 1]) };
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function stepTime(): number {
  const state = model.newState();
  const logits = new Float32Array(256);
  for (let i = 0; i < 100; i++) model.step(state, 97 + (i % 26));
  const n = 500;
  const ms = time(() => {
    for (let i = 0; i < n; i++) {
      model.step(state, 97 + (i % 26));
      model.logits(state, logits);
    }
  });
  return ms / n;
}

/** Typing: each request is the previous text plus one character, in the same document. */
class Typist {
  private readonly cache = new StateCache(model);
  private cursor = 2000;

  constructor() {
    // The document is seen, and the editor's idle-time prewarm has run (it also brings the
    // state tracked ahead up to date: see StateCache.trackAhead).
    completeText(model, doc.slice(0, this.cursor), doc.slice(this.cursor), options, this.cache, 'doc');
    this.cache.prepare('doc', doc.slice(0, this.cursor), options.contextLength, { aheadSteps: Infinity });
  }

  /** One more character typed; returns the request's latency in ms. */
  type(): number {
    this.cursor = this.cursor >= doc.length ? 2000 : this.cursor + 1;
    const cursor = this.cursor;
    return time(() => completeText(model, doc.slice(0, cursor), doc.slice(cursor), options, this.cache, 'doc'));
  }
}

function warmRun(requests: number): number[] {
  const typist = new Typist();
  return Array.from({ length: requests }, () => typist.type());
}

/** A document never seen: a fresh cache each time, cursor at the end of 4,000 characters. */
function coldRun(requests: number): number[] {
  const ms: number[] = [];
  for (let i = 0; i < requests; i++) {
    const text = `// variant ${i}\n${doc}`.slice(0, 4000);
    ms.push(time(() => completeText(model, text, '', options, new StateCache(model), `doc${i}`)));
  }
  return ms;
}

async function eventLoopDelayWhileTraining(): Promise<string> {
  const cli = path.resolve(__dirname, '..', '..', 'bin', 'recur.js');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-bench-'));
  const child = spawn(process.execPath, [cli, 'train', path.resolve(__dirname, '..', '..', 'src'), '--out', path.join(scratch, 'model.recur'), '--minutes', '1', '--quiet'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 8000)); // let it load tfjs and start stepping
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const typist = new Typist();
  const latencies: number[] = [];
  histogram.enable();
  const until = Date.now() + 10_000;
  while (Date.now() < until && child.exitCode === null) {
    latencies.push(typist.type());
    await new Promise((r) => setTimeout(r, 30)); // a keystroke every ~30 ms plus the work
  }
  histogram.disable();
  const exited = child.exitCode !== null;
  child.kill();
  rmSync(scratch, { recursive: true, force: true });
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  const typing = stats(latencies);
  return [
    `while a training process ran${exited ? ' (it exited early: not meaningful)' : ''}, typing one character every ~30 ms:`,
    `  request latency p50 ${typing.p50} ms  p95 ${typing.p95} ms  max ${typing.max} ms over ${latencies.length} requests`,
    `  event-loop delay p50 ${ms(histogram.percentile(50))} ms  p99 ${ms(histogram.percentile(99))} ms  max ${ms(histogram.max)} ms`,
  ].join('\n');
}

async function main(): Promise<void> {
  log(`model: ${config.cell} E=${config.embeddingSize} ${config.layers}x${config.hiddenSize}${checkpointFile ? ` (${checkpointFile})` : ' (seeded random weights)'}`);
  log(`workload: ${options.candidates} candidate(s), ${checkpoint ? 'default stopping rules' : `${length} characters each (minConfidence 0)`}, context ${options.contextLength}`);
  log(`model step with logits: ${stepTime().toFixed(3)} ms`);
  warmRun(20); // JIT warm-up
  coldRun(2);
  const warm = stats(warmRun(300));
  const cold = stats(coldRun(30));
  log(`warm (one character typed): p50 ${warm.p50} ms  p95 ${warm.p95} ms  max ${warm.max} ms`);
  log(`cold (4,000 characters, first time): p50 ${cold.p50} ms  p95 ${cold.p95} ms  max ${cold.max} ms`);
  if (args.includes('--train-child')) log(await eventLoopDelayWhileTraining());
  if (json) console.log(JSON.stringify({ warm, cold }));
}

void main();
