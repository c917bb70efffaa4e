// The bundled CLI end to end (node dist/cli.js): train a tiny model on the fixture workspace,
// continue it, evaluate it, sample from it; and one clear line with a non-zero exit on bad input.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildOnce, FIXTURE, runCli } from './buildOnce';
import { readCheckpoint } from '../../../src/core/model/checkpoint';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-cli-'));
const TINY = ['--hidden', '16', '--embedding', '8', '--layers', '1', '--seq', '16', '--batch', '4'];
before(() => buildOnce());
after(() => rmSync(scratch, { recursive: true, force: true }));

test('train --json: the last line has the run figures and the checkpoints exist; a second run continues', () => {
  const out = path.join(scratch, 'm.recur');
  const first = runCli(['train', FIXTURE, '--steps', '8', '--out', out, '--json', ...TINY], scratch);
  assert.equal(first.code, 0, first.stderr);
  const j = first.json!;
  assert.ok(j, `last line is JSON: ${first.stdout}`);
  for (const key of ['steps', 'chars', 'charsPerSec', 'trainBpc', 'valBpc', 'valPerplexity']) assert.equal(typeof j[key], 'number', key);
  assert.equal(j.steps, 8);
  assert.ok((j.chars as number) > 0 && (j.valBpc as number) > 0 && (j.valBpc as number) < 9);
  assert.ok(Math.abs((j.valPerplexity as number) - 2 ** (j.valBpc as number)) < 1e-6 * (j.valPerplexity as number));
  assert.ok(existsSync(out) && existsSync(path.join(scratch, 'm.latest.recur')));
  assert.equal((j.baselines as unknown[]).length, 2);

  const second = runCli(['train', FIXTURE, '--steps', '4', '--out', out, '--json', ...TINY], scratch);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /continuing .* from step 8/);
  assert.equal(second.json!.steps, 4);
});

test("train --backend wasm --json: the same JSON as tfjs-node's, the run recorded as the portable backend's; eval takes --backend too", () => {
  const runs = Object.fromEntries(
    (['tensorflow', 'wasm'] as const).map((backend) => {
      const out = path.join(scratch, `${backend}.recur`);
      const r = runCli(['train', FIXTURE, '--backend', backend, '--steps', '4', '--out', out, '--json', ...TINY], scratch);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readCheckpoint(out).metrics.runs.at(-1)?.backend?.name, backend);
      return [backend, r];
    }),
  );
  assert.match(runs.wasm.stderr, /run 1: .* trained by WebAssembly \(portable, SIMD[^)]*, 1 thread\)/);
  assert.deepEqual(Object.keys(runs.wasm.json!).sort(), Object.keys(runs.tensorflow.json!).sort());
  assert.equal(runs.wasm.json!.steps, 4);
  assert.ok((runs.wasm.json!.valBpc as number) > 0 && (runs.wasm.json!.valBpc as number) < 9);
  const ev = runCli(['eval', path.join(scratch, 'wasm.recur'), FIXTURE, '--backend', 'wasm', '--json'], scratch);
  assert.equal(ev.code, 0, ev.stderr);
  assert.ok(Number.isFinite(ev.json!.networkBpc), JSON.stringify(ev.json));
  const bad = runCli(['train', FIXTURE, '--backend', 'gpu', '--steps', '1'], scratch);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /recur: --backend must be one of auto, tensorflow, wasm, not "gpu"/);
});

test('eval --json prints chars, bpc and perplexity; sample is reproducible with --seed', () => {
  const out = path.join(scratch, 'm.recur');
  if (!existsSync(out)) assert.equal(runCli(['train', FIXTURE, '--steps', '2', '--out', out, ...TINY], scratch).code, 0);
  const ev = runCli(['eval', out, FIXTURE, '--json'], scratch);
  assert.equal(ev.code, 0, ev.stderr);
  assert.ok((ev.json!.chars as number) > 1000);
  assert.ok(Math.abs((ev.json!.perplexity as number) - 2 ** (ev.json!.bpc as number)) < 1e-6 * (ev.json!.perplexity as number));
  // The whole stack, the network and the context models alone, on the same characters.
  for (const key of ['networkBpc', 'contextsBpc', 'bpc']) assert.ok(Number.isFinite(ev.json![key]) && (ev.json![key] as number) > 0, `${key}: ${ev.json![key]}`);
  assert.ok((ev.json!.bpc as number) < (ev.json!.networkBpc as number), 'a 2-step network is worse than the stack');
  assert.match(ev.stderr, /was trained on .*measure memory/, 'scoring the training folder is flagged');
  assert.match(ev.stderr, /eval: 100% of/, 'progress on stderr');
  const a = runCli(['sample', out, '--prime', 'export ', '--length', '30', '--seed', '7', '--json'], scratch);
  const b = runCli(['sample', out, '--prime', 'export ', '--length', '30', '--seed', '7', '--json'], scratch);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(typeof a.json!.text, 'string');
  assert.equal(a.json!.text, b.json!.text);
  const plain = runCli(['sample', out, '--prime', 'export ', '--length', '5', '--seed', '7'], scratch);
  assert.ok(plain.stdout.startsWith('export '));
});

test('a missing folder, an empty corpus, a bad checkpoint and bad flags exit non-zero with one clear line', () => {
  const empty = path.join(scratch, 'empty');
  mkdirSync(path.join(empty, 'node_modules'), { recursive: true });
  writeFileSync(path.join(empty, 'node_modules', 'x.js'), 'x');
  const bad = path.join(scratch, 'bad.recur');
  writeFileSync(bad, 'not a checkpoint');
  const cases: [string[], RegExp][] = [
    [['train', path.join(scratch, 'nope'), '--steps', '1'], /nope is not a folder/],
    [['train', empty, '--steps', '1'], /no text files to train on in .*empty/],
    [['eval', bad, FIXTURE], /bad\.recur: not a Recur checkpoint/],
    [['eval', path.join(scratch, 'missing.recur'), FIXTURE], /missing\.recur: no such checkpoint file/],
    [['sample', bad], /not a Recur checkpoint/],
    [['train', FIXTURE, '--steps', 'many'], /--steps must be an integer/],
    [['train', FIXTURE, '--steps', '1', '--minutes', '1'], /not both/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ];
  for (const [args, pattern] of cases) {
    const r = runCli(args, scratch);
    assert.notEqual(r.code, 0, args.join(' '));
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('recur:'));
    assert.equal(lines.length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(lines[0], pattern);
  }
});

test('train --from BASE fine-tunes a base model into a new --out, records it, and is not used once --out has a model', () => {
  const base = path.join(scratch, 'base.recur');
  assert.equal(runCli(['train', FIXTURE, '--steps', '4', '--out', base, ...TINY], scratch).code, 0);
  const out = path.join(scratch, 'tuned.recur');
  const tuned = runCli(['train', FIXTURE, '--steps', '2', '--out', out, '--from', base, '--json'], scratch);
  assert.equal(tuned.code, 0, tuned.stderr);
  assert.match(tuned.stderr, /fine-tuning .*base\.recur \(step 4\) at learning rate 0\.001/);
  assert.match(tuned.stderr, /run 2: .* from step 4/, "the base's shape and step, not the flags' defaults");
  const again = runCli(['train', FIXTURE, '--steps', '2', '--out', out, '--from', base], scratch);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /tuned\.latest\.recur exists, so training continues it and --from .* is not used/);
});
