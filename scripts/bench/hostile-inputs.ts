// Every hostile input of issue 24, run as a user meets it (the built CLI, the training
// process's index job), each under a 10 s / 1 GB watch (killed past either), with its wall time,
// peak resident memory (VmHWM) and what it said. `npm run build` first.
//   npx tsx scripts/bench/hostile-inputs.ts [--quick] [--json]   (--quick: without the index job's
//   reference run on the base corpus, which takes minutes)
// Figures on a shared machine vary with its load; the limits are what matters.
import { execFileSync, fork } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeCheckpoint, readCheckpoint, writeCheckpointAtomic } from '../../src/core/model/checkpoint';
import { DEFAULT_TRAIN_CONFIG } from '../../src/core/model/config';
import type { IndexRequest, WorkerMessage } from '../../src/shared/workerProtocol';
import { type BoundedRun, REPO_ROOT, runBounded } from '../../test/unit/helpers/boundedChild';
import { deflateBomb, joinCheckpoint, replaceTensor, splitCheckpoint } from '../../test/unit/helpers/checkpointEdits';
import { longHistory } from '../../test/unit/helpers/longHistory';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const WORKER = path.join(REPO_ROOT, 'dist', 'worker.js');
const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace-small');
const MIX = path.join(REPO_ROOT, 'test', 'fixtures', 'models', 'tiny-mix.recur');
const LSTM = path.join(REPO_ROOT, 'test', 'fixtures', 'models', 'tiny-lstm.recur');
const TINY = ['--hidden', '16', '--embedding', '8', '--layers', '1', '--seq', '16', '--batch', '4', '--context-mb', '0'];
const env = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', RECUR_PROGRESS_MS: '0' };
const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-hostile-bench-'));
chmodSync(scratch, 0o755);

interface Row {
  name: string;
  said: string;
  seconds: number;
  peakMB: number;
  ok: boolean;
}
const rows: Row[] = [];

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((l) => !/oneDNN|port\.cc|cpu_feature_guard|^\s*$/.test(l))
      .at(-1) ?? ''
  );
}

function record(name: string, run: BoundedRun, said: string, expected: boolean): void {
  // Within the limits: 10 s and 1 GB, except for the reference rows (figures only).
  const within = name.startsWith('reference') || (run.ms <= 10_000 && run.peakRssBytes <= 1024 ** 3);
  const row = {
    name,
    said: said.length > 150 ? `${said.slice(0, 147)}...` : said,
    seconds: run.ms / 1000,
    peakMB: run.peakRssBytes / 2 ** 20,
    ok: expected && within && !run.timedOut && !run.overMemory,
  };
  rows.push(row);
  console.error(`${row.ok ? 'ok  ' : 'FAIL'} ${name}: ${row.seconds.toFixed(2)} s, ${row.peakMB.toFixed(0)} MB: ${row.said}`);
}

function cli(args: string[], options: { uid?: number; timeoutMs?: number } = {}): Promise<BoundedRun> {
  return runBounded(process.execPath, [CLI, ...args], { env, ...options });
}

function workspace(name: string, extra: (root: string) => void): string {
  const root = path.join(scratch, name);
  cpSync(FIXTURE, root, { recursive: true });
  extra(root);
  return root;
}

/** The index job (what the editor starts by itself) on `root`, through the training process's IPC. */
function indexJob(root: string, timeoutMs = 10_000): Promise<{ run: BoundedRun; said: string }> {
  const request: IndexRequest = {
    baseModel: MIX,
    out: path.join(scratch, `${path.basename(root)}-index.recur`),
    roots: [root],
    corpus: { maxTotalBytes: 20 << 20, maxFileBytes: 512 << 10, maxLineLength: 1000, excludeGlobs: [] },
    contextMemoryMB: 32,
  };
  return new Promise((resolve) => {
    const started = Date.now();
    const child = fork(WORKER, [], { serialization: 'advanced', env, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    let said = '';
    let peak = 0;
    const poll = setInterval(() => {
      try {
        peak = Math.max(peak, Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024);
      } catch {
        /* gone */
      }
      if (Date.now() - started > timeoutMs || peak > 1024 ** 3) child.kill('SIGKILL');
    }, 25);
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') child.send({ type: 'index', request });
      if (m.type === 'indexed') said = `indexed ${m.files} files, ${m.bytes} bytes`;
      if (m.type === 'error') said = `error: ${m.message}`;
    });
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      const ms = Date.now() - started;
      resolve({ run: { status: code, signal, stdout: '', stderr: '', timedOut: ms > timeoutMs, overMemory: peak > 1024 ** 3, peakRssBytes: peak, ms }, said });
    });
  });
}

async function gitignoreCases(): Promise<void> {
  const outside = path.join(scratch, 'outside-rules');
  writeFileSync(outside, '*\n');
  const cases: [string, (r: string) => void][] = [
    ['.gitignore is a FIFO', (r) => execFileSync('mkfifo', [path.join(r, '.gitignore')])],
    ['.gitignore -> /dev/zero', (r) => symlinkSync('/dev/zero', path.join(r, '.gitignore'))],
    ['.gitignore -> a file outside', (r) => symlinkSync(outside, path.join(r, '.gitignore'))],
  ];
  for (const [name, make] of cases) {
    const root = workspace(name.replace(/\W+/g, '-'), (r) => {
      rmSync(path.join(r, '.gitignore'), { force: true });
      make(r);
    });
    const run = await cli(['eval', LSTM, root, '--json']);
    record(
      `${name}: recur eval`,
      run,
      `${/\.gitignore file not read/.test(run.stderr) ? '.gitignore reported not read; ' : ''}${lastLine(run.stdout).slice(0, 60) || lastLine(run.stderr)}`,
      run.status === 0,
    );
    const job = await indexJob(root);
    record(`${name}: index job`, job.run, job.said, job.said.startsWith('indexed'));
  }
  const locked = workspace('unreadable-folder', (r) => chmodSync(path.join(r, 'lib'), 0o000));
  const run = await cli(['eval', LSTM, locked, '--json'], { uid: process.getuid?.() === 0 ? 65534 : undefined });
  record(
    'a folder that cannot be read: recur eval (as nobody)',
    run,
    /folder that cannot be read/.test(run.stderr) ? 'reported: 1 folder that cannot be read' : lastLine(run.stderr),
    run.status === 0 && /folder that cannot be read/.test(run.stderr),
  );
}

async function checkpointCases(): Promise<void> {
  const parts = splitCheckpoint(encodeCheckpoint(readCheckpoint(MIX)));
  const meta = parts.header.context as Record<string, unknown>;
  const bomb = await deflateBomb(150);
  const files: [string, Buffer, string[]][] = [
    [`a ${(bomb.length / 2 ** 20).toFixed(1)} MB bomb declaring 9.4 GB`, joinCheckpoint(replaceTensor(parts, 'context.table', bomb, { shape: [150 * 2 ** 26] }), 2), ['sample']],
    ['the same bomb declaring 64 MB', joinCheckpoint(replaceTensor(parts, 'context.table', bomb, { shape: [2 ** 26] }), 2), ['sample']],
    ['workspaceCapacity 3e9', joinCheckpoint({ ...parts, header: { ...parts.header, context: { ...meta, workspaceCapacity: 3e9 } } }, 2), ['complete']],
    ['tableBuckets 2^31', joinCheckpoint({ ...parts, header: { ...parts.header, context: { ...meta, tableBuckets: 2 ** 31 } } }, 2), ['complete']],
    ['corpus.roots: 5', joinCheckpoint({ ...parts, header: { ...parts.header, corpus: { roots: 5, trainFiles: 1, validationFiles: 1, trainBytes: 1, validationBytes: 1 } } }, 2), ['eval']],
    [
      'a tensor shape of [1.5, 2] (shape_float)',
      joinCheckpoint({ ...parts, header: { ...parts.header, tensors: parts.header.tensors.map((t, i) => (i === 0 ? { ...t, shape: [1.5, 2] } : t)) } }, 2),
      ['sample'],
    ],
    ['tensors: null (tensors_null)', joinCheckpoint({ ...parts, header: { ...parts.header, tensors: null as never } }, 2), ['sample']],
  ];
  for (const [name, bytes, [command]] of files) {
    const file = path.join(scratch, `${name.replace(/\W+/g, '-')}.recur`);
    writeFileSync(file, bytes);
    const args =
      command === 'sample' ? ['sample', file, '--length', '5'] : command === 'eval' ? ['eval', file, FIXTURE] : ['complete', file, '--file', path.join(FIXTURE, 'src', 'math.ts'), '--offset', '10'];
    const run = await cli(args);
    const said = lastLine(run.stderr);
    record(`checkpoint with ${name}: recur ${command}`, run, said, /^recur: .*\.recur: /.test(said) || /warning: .*cannot be used/.test(run.stderr));
  }
  // 40 single-byte flips in a version 3 header, each loaded by `recur complete`.
  const v3 = joinCheckpoint(parts, 3);
  const end = 12 + v3.readUInt32LE(8) + 4;
  let refused = 0;
  let slowest: BoundedRun | undefined;
  for (let k = 0; k < 40; k++) {
    const damaged = Buffer.from(v3);
    const at = 8 + Math.floor(((end - 8) * (k + 0.5)) / 40);
    damaged[at] ^= [0x01, 0x02, 0x10, 0x20][k % 4];
    const file = path.join(scratch, `flip-${k}.recur`);
    writeFileSync(file, damaged);
    const run = await cli(['complete', file, '--file', path.join(FIXTURE, 'src', 'math.ts'), '--offset', '10']);
    if (run.status !== 0 && /^recur: .*flip-\d+\.recur: /m.test(run.stderr) && lastLine(run.stderr).split('\n').length === 1) refused++;
    if (!slowest || run.ms > slowest.ms || run.peakRssBytes > slowest.peakRssBytes) slowest = run;
  }
  record('40 single-byte header flips: recur complete (slowest shown)', slowest!, `${refused} of 40 refused with one line naming the file`, refused === 40);
}

async function lockCases(): Promise<void> {
  const emptyDir = path.join(scratch, 'empty-lock');
  mkdirSync(emptyDir);
  const out = path.join(emptyDir, 'm.recur');
  writeFileSync(`${out}.lock`, '');
  utimesSync(`${out}.lock`, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  let run = await cli(['train', FIXTURE, '--steps', '2', '--out', out, ...TINY]);
  record('a 0-byte lock file: recur train', run, lastLine(run.stderr.split('\n').find((l) => /lock/.test(l)) ?? run.stderr), run.status === 0);
  const reusedDir = path.join(scratch, 'reused');
  mkdirSync(reusedDir);
  const reusedOut = path.join(reusedDir, 'm.recur');
  writeFileSync(`${reusedOut}.lock`, JSON.stringify({ pid: process.pid, host: os.hostname(), purpose: 'recur train', since: '2020-01-01T00:00:00.000Z' }));
  writeFileSync(path.join(reusedDir, `.m.recur.${process.pid}.1600000000000.tmp`), Buffer.alloc(1 << 20));
  run = await cli(['train', FIXTURE, '--steps', '2', '--out', reusedOut, ...TINY]);
  record(
    'a lock and a temp file whose pid was reused: recur train',
    run,
    run.stderr
      .split('\n')
      .filter((l) => /took over|removed/.test(l))
      .join('; '),
    run.status === 0 && /removed 1 temporary/.test(run.stderr),
  );
}

async function sigtermCase(): Promise<void> {
  const out = path.join(scratch, 'sigterm.recur');
  let signalled = false;
  // Signalled once it has trained 20 steps, none saved (no evaluation yet).
  const run = await runBounded(process.execPath, [CLI, 'train', FIXTURE, '--steps', '1000000', '--eval-every', '1000000', '--out', out, '--json', ...TINY], {
    env,
    timeoutMs: 60_000,
    onStderr: (stderr, signal) => {
      const step = Number([...stderr.matchAll(/training: .*step (\d+),/g)].at(-1)?.[1] ?? 0);
      if (step >= 20 && !signalled) {
        signalled = true;
        signal('SIGTERM');
      }
    },
  });
  const steps = (JSON.parse(lastLine(run.stdout)) as { steps: number }).steps;
  const saved = readCheckpoint(path.join(scratch, 'sigterm.latest.recur')).step;
  record('SIGTERM mid-run (nothing saved yet): recur train', run, `trained ${steps} steps, latest checkpoint at step ${saved}`, run.status === 0 && saved === steps);
}

async function longHistoryCase(): Promise<void> {
  const fixture = readCheckpoint(LSTM);
  const POINTS = 200_000;
  const { train, eval: evals } = longHistory(POINTS);
  const out = path.join(scratch, 'long.recur');
  writeCheckpointAtomic(path.join(scratch, 'long.latest.recur'), {
    ...fixture,
    train: { ...DEFAULT_TRAIN_CONFIG, seqLength: 16, batchSize: 4 },
    step: POINTS * 5,
    metrics: { runs: [], train, eval: evals, baselines: [] },
  });
  const run = await cli(['train', FIXTURE, '--out', out, '--steps', '10', '--seq', '16', '--batch', '4', '--context-mb', '0', '--json'], { timeoutMs: 60_000 });
  record('a 200,000-point history: recur train continues it (10 steps, 4 saves)', run, lastLine(run.stdout).slice(0, 40) || lastLine(run.stderr), run.status === 0 && !run.timedOut);
}

async function loadFigures(): Promise<void> {
  const base = path.join(REPO_ROOT, 'models', 'base.recur');
  const run = await cli(['complete', base, '--file', path.join(FIXTURE, 'src', 'math.ts'), '--offset', '40']);
  record('reference: the base model (8.5 MB) loaded by recur complete', run, lastLine(run.stdout).slice(0, 60), run.status === 0);
  const corpus = path.join(os.homedir(), '.cache', 'recur', 'public-code', 'base-corpus', 'files');
  try {
    readFileSync(path.join(corpus, '..', 'corpus.json'));
    if (process.argv.includes('--quick')) return; // the index job's reference takes minutes
    const job = await indexJob(corpus, 600_000);
    record('reference (no time limit): the index job at the default caps (20 MB of text, 32 MB of context models)', job.run, job.said, job.said.startsWith('indexed'));
  } catch {
    console.error('(no base corpus under ~/.cache/recur: npm run corpus:base; the index job reference is skipped)');
  }
}

async function main(): Promise<void> {
  try {
    await gitignoreCases();
    await checkpointCases();
    await lockCases();
    await sigtermCase();
    await longHistoryCase();
    await loadFigures();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log('| case | what Recur said or did | time | peak memory | within 10 s / 1 GB |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.said.replace(/\|/g, '/')} | ${r.seconds.toFixed(2)} s | ${r.peakMB.toFixed(0)} MB | ${r.ok ? 'yes' : 'NO'} |`);
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
  process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
}

void main();
