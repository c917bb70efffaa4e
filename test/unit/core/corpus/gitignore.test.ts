// A cloned repository controls every file in it, .gitignore files included, and the index job
// reads it without asking. Each case runs the corpus reader in a child process under a 10 s
// and 1 GB limit (a read that blocks or grows without bound fails the test, not the runner).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describeRun, runTsBounded } from '../../helpers/boundedChild';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-hostile-'));
chmodSync(scratch, 0o755);
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A small workspace with two source files and whatever `extra` adds. */
function workspace(name: string, extra: (root: string) => void): string {
  const root = path.join(scratch, name);
  mkdirSync(path.join(root, 'src'), { recursive: true });
  writeFileSync(path.join(root, 'src', 'a.ts'), 'export const alpha = 1;\n');
  writeFileSync(path.join(root, 'src', 'b.ts'), 'export const beta = 2;\n');
  writeFileSync(path.join(root, 'README.md'), '# a workspace\n');
  extra(root);
  return root;
}

/** readCorpus on `root` in a child: the files taken and the reasons files were left out, as JSON on stdout. */
async function readInChild(root: string, uid?: number) {
  const run = await runTsBounded(`
    ${uid !== undefined ? `process.setgid(${uid}); process.setuid(${uid});` : ''}
    const { readCorpus } = require('./src/core/corpus');
    const corpus = await readCorpus([${JSON.stringify(root)}], { maxTotalBytes: 1 << 20, maxFileBytes: 64 << 10, maxLineLength: 1000, excludeGlobs: [] });
    const text = Buffer.from(corpus.trainBytes).toString('latin1') + Buffer.from(corpus.validationBytes).toString('latin1');
    console.log(JSON.stringify({ text, skipped: corpus.skippedFiles }));
  `);
  const result = run.status === 0 ? (JSON.parse(run.stdout) as { text: string; skipped: { path: string; reason: string }[] }) : undefined;
  return { run, result };
}

function assertBounded(run: Awaited<ReturnType<typeof readInChild>>['run'], label: string): void {
  console.log(`${label}: ${describeRun(run)}`);
  assert.ok(!run.timedOut, `${label}: still running after 10 s (${describeRun(run)})`);
  assert.ok(!run.overMemory, `${label}: over 1 GB (${describeRun(run)})`);
  assert.equal(run.status, 0, `${label}: ${run.stderr}`);
}

test('a .gitignore that is a FIFO neither hangs the walk nor is applied, and is reported', async () => {
  const root = workspace('fifo', (r) => {
    execFileSync('mkfifo', [path.join(r, '.gitignore')]);
    mkdirSync(path.join(r, 'deep'));
    execFileSync('mkfifo', [path.join(r, 'deep', '.gitignore')]);
    writeFileSync(path.join(r, 'deep', 'c.ts'), 'export const gamma = 3;\n');
  });
  const { run, result } = await readInChild(root);
  assertBounded(run, '.gitignore FIFO');
  assert.ok(result!.text.includes('alpha') && result!.text.includes('beta'));
  assert.ok(result!.text.includes('gamma'), 'the folder below a FIFO .gitignore is still read');
  assert.deepEqual(
    result!.skipped
      .filter((s) => s.reason === 'gitignoreNotRead')
      .map((s) => s.path)
      .sort(),
    ['.gitignore', 'deep/.gitignore'],
  );
});

test('a .gitignore linked to /dev/zero is not read (no unbounded growth)', async () => {
  const root = workspace('zero', (r) => symlinkSync('/dev/zero', path.join(r, '.gitignore')));
  const { run, result } = await readInChild(root);
  assertBounded(run, '.gitignore -> /dev/zero');
  assert.ok(result!.text.includes('alpha') && result!.text.includes('beta'));
  assert.ok(result!.skipped.some((s) => s.path === '.gitignore' && s.reason === 'gitignoreNotRead'));
});

test('a .gitignore linked to a file outside the workspace is not read', async () => {
  const outside = path.join(scratch, 'outside-rules');
  writeFileSync(outside, '*\n'); // applied, it would leave nothing to read
  const root = workspace('outside', (r) => symlinkSync(outside, path.join(r, '.gitignore')));
  const { run, result } = await readInChild(root);
  assertBounded(run, '.gitignore -> outside file');
  assert.ok(result!.text.includes('alpha') && result!.text.includes('beta'), 'the outside rules were not applied');
  assert.ok(result!.skipped.some((s) => s.path === '.gitignore' && s.reason === 'gitignoreNotRead'));
});

test('a .gitignore larger than 1 MB is not read; a normal one still applies', async () => {
  const root = workspace('big-ignore', (r) => {
    writeFileSync(path.join(r, '.gitignore'), 'README.md\n');
    mkdirSync(path.join(r, 'huge'));
    writeFileSync(path.join(r, 'huge', '.gitignore'), '#'.repeat(2 * 1024 * 1024));
    writeFileSync(path.join(r, 'huge', 'd.ts'), 'export const delta = 4;\n');
  });
  const { run, result } = await readInChild(root);
  assertBounded(run, '2 MB .gitignore');
  assert.ok(!result!.text.includes('# a workspace'), 'the root .gitignore applies');
  assert.ok(result!.text.includes('delta'));
  assert.deepEqual(
    result!.skipped.filter((s) => s.reason === 'gitignoreNotRead').map((s) => s.path),
    ['huge/.gitignore'],
  );
});

test('a folder that cannot be listed is reported, not skipped silently', { skip: process.platform !== 'linux' }, async () => {
  const root = workspace('locked-folder', (r) => {
    mkdirSync(path.join(r, 'secret'));
    writeFileSync(path.join(r, 'secret', 'e.ts'), 'export const epsilon = 5;\n');
    chmodSync(path.join(r, 'secret'), 0o000);
  });
  // Root reads any folder: the walk runs as nobody (65534) then.
  const { run, result } = await readInChild(root, process.getuid?.() === 0 ? 65534 : undefined);
  assertBounded(run, 'unreadable folder');
  assert.ok(result!.text.includes('alpha'));
  assert.deepEqual(
    result!.skipped.filter((s) => s.reason === 'unreadableFolder').map((s) => s.path),
    ['secret'],
  );
  chmodSync(path.join(root, 'secret'), 0o755);
});
