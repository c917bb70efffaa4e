// `recur complete`: the same answer as the shared completion path, as JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { command } from '../../../src/cli/complete';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'models', 'tiny-mix.recur');

async function run(argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  }) as typeof process.stdout.write;
  try {
    await command.run(argv);
  } finally {
    process.stdout.write = write;
  }
  return lines;
}

test('recur complete CKPT --file F --offset N --json gives the suggestion at N', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recur-complete-'));
  try {
    const file = path.join(dir, 'doc.ts');
    const before = 'export function add(a: number, b: number): number {\n  return a';
    writeFileSync(file, `${before}\n}\n`);
    const lines = await run([FIXTURE, '--file', file, '--offset', String(before.length), '--json']);
    const out = JSON.parse(lines[lines.length - 1]) as { candidates: { text: string; acceptProbability: number }[]; offset: number; contextModels: boolean };
    assert.equal(out.offset, before.length);
    assert.equal(out.contextModels, true);
    assert.equal(out.candidates[0].text, ' + b;');
    assert.ok(out.candidates[0].acceptProbability > 0.5 && out.candidates[0].acceptProbability <= 1);
    // After "export function " the fixture knows several names: an explicit invoke offers them (sampled).
    const names = path.join(dir, 'names.ts');
    writeFileSync(names, 'export function ');
    const several = async () => JSON.parse((await run([FIXTURE, '--file', names, '--n', '4', '--min-accept', '0', '--json'])).pop()!);
    const first = await several();
    assert.deepEqual(await several(), first, 'deterministic');
    const texts = first.candidates.map((c: { text: string }) => c.text);
    assert.ok(
      texts.some((t: string) => t.startsWith('add(a: number')),
      texts.join(' | '),
    );
    assert.ok(texts.length >= 3);
    // The search's own best first, then sampled continuations, none twice.
    const best = JSON.parse((await run([FIXTURE, '--file', names, '--min-accept', '0', '--json'])).pop()!);
    assert.equal(texts[0], best.candidates[0].text, "the search's best first");
    assert.equal(new Set(texts).size, texts.length, 'no candidate twice');
    await assert.rejects(run([FIXTURE, '--file', file, '--offset', '9999']), /--offset must be/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
