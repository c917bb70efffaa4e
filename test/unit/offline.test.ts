// "Nothing leaves the machine", as a test: the CLI's train, eval, sample and complete and the
// training process run with networking made to fail (test/support/no-network.cjs, loaded
// through NODE_OPTIONS so every child process has it too), and every attempt is recorded.
// A dependency that phones home fails here. The guard itself is checked first, so that a
// guard that silently stopped working cannot make this pass.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_TRAIN_CONFIG } from '../../src/core/model/config';
import type { StartRequest } from '../../src/shared/workerProtocol';
import { buildOnce, FIXTURE, ROOT, runCli, WORKER } from './helpers/buildOnce';

const GUARD = path.join(ROOT, 'test', 'support', 'no-network.cjs');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-offline-'));
const TINY = ['--hidden', '16', '--embedding', '8', '--layers', '1', '--seq', '16', '--batch', '4'];
before(() => buildOnce());
after(() => rmSync(scratch, { recursive: true, force: true }));

interface NetRecord {
  kind: 'loaded' | 'blocked';
  api?: string;
  target?: string;
  pid: number;
  argv: string[];
  stack?: string;
}

function guardedEnv(log: string): Record<string, string> {
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${GUARD}`.trim(), RECUR_NET_LOG: log };
}

function records(log: string): NetRecord[] {
  return existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as NetRecord)
    : [];
}

test('the guard blocks and records TCP, DNS and fetch, in child processes too', () => {
  const log = path.join(scratch, 'self.jsonl');
  const script = `
    const net = require('node:net'), dns = require('node:dns');
    const done = [];
    net.connect(1, '127.0.0.1').on('error', (e) => done.push('tcp ' + e.code));
    dns.lookup('localhost', (e) => done.push('dns ' + (e && e.code)));
    fetch('http://127.0.0.1:1/').catch((e) => done.push('fetch ' + (e.cause && e.cause.code)));
    require('node:child_process').execFileSync(process.execPath, ['-e', "require('node:dns').lookup('localhost', () => {})"]);
    setTimeout(() => console.log(done.sort().join(',')), 300);`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...guardedEnv(log) } });
  assert.equal(r.stdout.trim(), 'dns ENETUNREACH,fetch ENETUNREACH,tcp ENETUNREACH', r.stderr);
  const blocked = records(log).filter((x) => x.kind === 'blocked');
  assert.deepEqual(blocked.map((b) => b.api).sort(), ['dns.lookup', 'dns.lookup', 'fetch', 'net.connect']);
  assert.equal(new Set(blocked.map((b) => b.pid)).size, 2, 'the child process was guarded too');
});

test('recur train, eval, sample and complete open no connection and look up no name', () => {
  const log = path.join(scratch, 'cli.jsonl');
  const env = guardedEnv(log);
  const out = path.join(scratch, 'm.recur');
  const runs = [
    ['train', FIXTURE, '--steps', '4', '--out', out, ...TINY], // with the context models (the default)
    ['eval', out, FIXTURE],
    ['sample', out, '--length', '10', '--seed', '1'],
    ['complete', out, '--file', path.join(FIXTURE, 'src', 'math.ts'), '--offset', '40'],
  ];
  for (const args of runs) {
    const r = runCli(args, scratch, { env });
    assert.equal(r.code, 0, `${args[0]}: ${r.stderr}`);
  }
  const all = records(log);
  assert.equal(all.filter((x) => x.kind === 'loaded').length, runs.length, 'the guard was loaded in every run');
  assert.deepEqual(
    all.filter((x) => x.kind === 'blocked'),
    [],
  );
});

test('the training process opens no connection and looks up no name', async () => {
  const log = path.join(scratch, 'worker.jsonl');
  const request: StartRequest = {
    model: { cell: 'lstm', vocabSize: 256, embeddingSize: 8, hiddenSize: 16, layers: 1 },
    train: { ...DEFAULT_TRAIN_CONFIG, seqLength: 16, batchSize: 4, maxSteps: 4, maxMinutes: 0, evalEvery: 2, warmupSteps: 1, patience: 0 },
    fresh: true,
    bestCheckpointPath: path.join(scratch, 'w.recur'),
    latestCheckpointPath: path.join(scratch, 'w.latest.recur'),
    roots: [FIXTURE],
    corpus: { maxTotalBytes: 1 << 20, maxFileBytes: 1 << 16, maxLineLength: 1000, excludeGlobs: [] },
    contextMemoryMB: 4, // the context models too
  };
  const code = await new Promise<number | null>((resolve) => {
    const child = fork(WORKER, [], { serialization: 'advanced', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', ...guardedEnv(log) }, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    child.on('message', (m: { type: string }) => {
      if (m.type === 'ready') child.send({ type: 'start', request });
    });
    child.on('exit', resolve);
  });
  assert.equal(code, 0);
  assert.ok(existsSync(request.bestCheckpointPath));
  const all = records(log);
  assert.ok(
    all.some((x) => x.kind === 'loaded' && x.argv.some((a) => a.endsWith('worker.js'))),
    'the guard was loaded in the training process',
  );
  assert.deepEqual(
    all.filter((x) => x.kind === 'blocked'),
    [],
  );
});

test('a blocked attempt would be seen: the same check fails on a process that tries', () => {
  const log = path.join(scratch, 'canary.jsonl');
  const script = path.join(scratch, 'phone-home.js');
  writeFileSync(script, "require('node:https').get('https://telemetry.invalid/ping').on('error', () => {});\n");
  spawnSync(process.execPath, [script], { env: { ...process.env, ...guardedEnv(log) } });
  const blocked = records(log).filter((x) => x.kind === 'blocked');
  assert.equal(blocked.length, 1);
  assert.match(blocked[0].target ?? '', /telemetry\.invalid/);
});
