// `recur complete`: the same answer as the shared completion path, as JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { command } from '../../../src/cli/complete';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'models', 'tiny-lstm.recur');

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
    const lines = await run([FIXTURE, '--file', file, '--offset', String(before.length), '--sampling', 'greedy', '--json']);
    const out = JSON.parse(lines[lines.length - 1]) as { candidates: { text: string }[]; offset: number };
    assert.equal(out.offset, before.length);
    assert.equal(out.candidates[0].text, ' + b;');
    const seeded = async (seed: number) => JSON.parse((await run([FIXTURE, '--file', file, '--offset', '30', '--n', '4', '--seed', String(seed), '--temperature', '1', '--json'])).pop()!);
    assert.deepEqual(await seeded(3), await seeded(3));
    await assert.rejects(run([FIXTURE, '--file', file, '--offset', '9999']), /--offset must be/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
