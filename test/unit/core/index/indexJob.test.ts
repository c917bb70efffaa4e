// One run of the workspace index (src/core/index/indexJob.ts) on real folders: relevance
// decides what fits the budget, a first index then the full one, a saved index reused with
// only changed files read, a rebuild once too much is stale, each folder's share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readCheckpoint } from '../../../../src/core/model/checkpoint';
import { sizedForText, stackSizesFor } from '../../../../src/core/predict/stackConfig';
import { FIRST_INDEX_MEMORY_MB, hasProject, type IndexInput, type IndexResult, learned, runIndex } from '../../../../src/core/index/indexJob';
import type { SavedIndex } from '../../../../src/core/index/indexFile';
import { makeWorkspace } from '../../helpers/workspaceBuilder';
import { selectFiles } from '../../../../src/core/index/selectFiles';
import { splitScore, VALIDATION_SHARE } from '../../../../src/core/corpus/split';

const base = readCheckpoint(path.join(__dirname, '..', '..', '..', 'fixtures', 'models', 'tiny-mix.recur'));
const code = (name: string, bytes: number) => `export function ${name}(value: number): number {\n${'  value = value * 3 + 1;\n'.repeat(Math.ceil(bytes / 25))}  return value;\n}\n`;

function monorepo(): ReturnType<typeof makeWorkspace> {
  const files: Record<string, string> = {
    'web/package.json': '{"name": "web"}',
    'web/lib/core.js': code('coreThing', 400),
    'web/lib/route.js': code('routeThing', 400),
    'web/test/core.test.js': code('testThing', 400),
  };
  for (let i = 0; i < 30; i++) files[`libs/pkg${i}/index.js`] = code(`library${i}`, 1000);
  return makeWorkspace(files);
}

async function run(input: Partial<IndexInput> & Pick<IndexInput, 'roots'>, shouldStop = () => false): Promise<{ saves: { index: SavedIndex | undefined; result: IndexResult }[]; ok: boolean }> {
  const saves: { index: SavedIndex | undefined; result: IndexResult }[] = [];
  const ok = await runIndex(
    { base, previous: undefined, excludes: input.roots.map(() => []), focus: [], limits: { maxFileBytes: 64 * 1024, maxLineLength: 1000, maxTotalBytes: 8000 }, sizes: stackSizesFor(4), ...input },
    { shouldStop, onProgress: () => {}, save: (index, result) => saves.push({ index, result }) },
  );
  return { saves, ok };
}

const paths = (index: SavedIndex | undefined) => (index?.manifest.files ?? []).map((f) => f.path).sort();

test('in a monorepo the edited project is read first and fits the budget; the libraries fill the rest; a first index, then the full one', async () => {
  const ws = monorepo();
  try {
    const { saves, ok } = await run({ roots: [ws.root], focus: [path.join(ws.root, 'web/lib/core.js')] });
    assert.ok(ok);
    assert.deepEqual(
      saves.map((s) => s.result.phase),
      ['first', 'full'],
    );
    const full = saves[1];
    const held = paths(full.index);
    for (const file of ['web/lib/core.js', 'web/lib/route.js', 'web/package.json', 'web/test/core.test.js']) assert.ok(held.includes(file), `${file} is in the index`);
    assert.ok(
      held.some((f) => f.startsWith('libs/')),
      'libraries fill what is left',
    );
    assert.ok((full.result.summary.leftOut.overBudget ?? 0) > 0, 'the rest is left out past the budget');
    assert.ok(full.result.summary.bytes <= 8000);
    assert.equal(full.index!.manifest.complete, true);
    assert.equal(saves[0].index!.manifest.complete, false);
    assert.deepEqual(
      paths(saves[0].index),
      ['web/lib/core.js', 'web/lib/route.js', 'web/package.json', 'web/test/core.test.js'],
      "the first index lists the edited project (the focus's package) alone",
    );
    assert.deepEqual(
      full.result.summary.languages.map((l) => l.language),
      ['javascript', 'json'],
    );
  } finally {
    ws.remove();
  }
});

test('with the saved index, only changed files are read again; nothing changed, nothing written; too much gone, built again', async () => {
  const ws = monorepo();
  try {
    const focus = [path.join(ws.root, 'web/lib/core.js')];
    const built = (await run({ roots: [ws.root], focus })).saves.at(-1)!.index!;
    const again = await run({ roots: [ws.root], focus, previous: built });
    assert.deepEqual(
      again.saves.map((s) => [s.result.phase, s.result.filesRead, s.index === undefined]),
      [['update', 0, true]],
    );
    assert.equal(again.saves[0].result.filesKept, built.manifest.files.length);
    writeFileSync(path.join(ws.root, 'web/lib/route.js'), code('routeThingRenamed', 420));
    const changed = await run({ roots: [ws.root], focus, previous: built });
    assert.deepEqual(
      changed.saves.map((s) => [s.result.phase, s.result.filesRead]),
      [['update', 1]],
    );
    const updated = changed.saves[0].index!;
    assert.ok(updated.manifest.staleBytes > 0 && updated.manifest.learnedBytes > built.manifest.learnedBytes);
    for (const file of paths(built).filter((f) => f.startsWith('libs/'))) rmSync(path.join(ws.root, file));
    const rebuilt = await run({ roots: [ws.root], focus, previous: updated });
    assert.deepEqual(
      rebuilt.saves.map((s) => s.result.phase),
      ['full'],
      'no first index: the saved one serves meanwhile',
    );
    assert.equal(rebuilt.saves[0].index!.manifest.staleBytes, 0);
    const otherBase = await run({ roots: [ws.root], focus, previous: { ...built, base: { ...built.base, step: built.base.step + 1 } } });
    assert.deepEqual(
      otherBase.saves.map((s) => s.result.phase),
      ['full'],
      'an index of another base model is not continued',
    );
  } finally {
    ws.remove();
  }
});

test("an update whose changed files fit the workspace history's margin continues the index; one that would overflow it builds the index again", async () => {
  const ws = monorepo();
  try {
    const focus = [path.join(ws.root, 'web/lib/core.js')];
    // A history of at most 24 KB: the text read (about 20 KB) leaves a margin of about 4 KB.
    const input = { roots: [ws.root], focus, sizes: { tableBuckets: 1 << 12, workspaceBytes: 24 * 1024 }, limits: { maxFileBytes: 64 * 1024, maxLineLength: 1000, maxTotalBytes: 20_000 } };
    const built = (await run(input)).saves.at(-1)!.index!;
    assert.equal((built.stack.meta as { workspaceCapacity?: number }).workspaceCapacity, 24 * 1024);
    writeFileSync(path.join(ws.root, 'web/lib/route.js'), code('routeThingLonger', 2000));
    const small = await run({ ...input, previous: built });
    assert.deepEqual(
      small.saves.map((s) => [s.result.phase, s.result.filesRead]),
      [['update', 1]],
    );
    writeFileSync(path.join(ws.root, 'web/lib/route.js'), code('routeThingLongest', 6000));
    const large = await run({ ...input, previous: small.saves[0].index! });
    assert.deepEqual(
      large.saves.map((s) => s.result.phase),
      ['full'],
    );
    // Not for stale text: the same change with a larger history (and the same budget of text) is an update.
    const roomy = { ...input, sizes: { tableBuckets: 1 << 12, workspaceBytes: 64 * 1024 } };
    writeFileSync(path.join(ws.root, 'web/lib/route.js'), code('routeThingLonger', 2000));
    const roomyBuilt = (await run(roomy)).saves.at(-1)!.index!;
    writeFileSync(path.join(ws.root, 'web/lib/route.js'), code('routeThingLongest', 6000));
    const roomyLarge = await run({ ...roomy, previous: roomyBuilt });
    assert.deepEqual(
      roomyLarge.saves.map((s) => [s.result.phase, s.result.filesRead]),
      [['update', 1]],
    );
  } finally {
    ws.remove();
  }
});

test('several folders: each is guaranteed its part of half the budget, whatever the focus', async () => {
  const edited = monorepo();
  const other = makeWorkspace(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`notes/n${i}.py`, `def note_${i}():\n${'    return 1\n'.repeat(60)}`])));
  try {
    const { saves } = await run({ roots: [edited.root, other.root], focus: [path.join(edited.root, 'web/lib/core.js')] });
    const full = saves.at(-1)!.index!;
    const otherBytes = full.manifest.files.filter((f) => f.root === 1).reduce((n, f) => n + f.bytes, 0);
    assert.ok(otherBytes >= 8000 / 4 - 1000, `the other folder has ${otherBytes} bytes`);
    assert.ok(full.manifest.files.some((f) => f.root === 0 && f.path === 'web/lib/core.js'));
  } finally {
    edited.remove();
    other.remove();
  }
});

test('a stop request ends the run without saving', async () => {
  const ws = monorepo();
  try {
    const { saves, ok } = await run({ roots: [ws.root] }, () => true);
    assert.equal(ok, false);
    assert.equal(saves.length, 0);
  } finally {
    ws.remove();
  }
});

test('the weighing is always refitted: with no file on the validation side, the one with the lowest split score is the fit file', async () => {
  const ws = makeWorkspace({ 'a.ts': code('alpha', 100), 'b.ts': code('beta', 100), 'c.ts': code('gamma', 100) });
  try {
    const ranked = ['a.ts', 'b.ts', 'c.ts'].map((relativePath) => ({ root: 0, relativePath, tier: 5 }));
    const selection = await selectFiles([ws.root], ranked, { budgetBytes: 1 << 20, fitBytes: 1 << 16, maxFileBytes: 1 << 16, maxLineLength: 1000 }, undefined);
    const lowest = ['a.ts', 'b.ts', 'c.ts'].reduce((a, b) => (splitScore(b) < splitScore(a) ? b : a));
    assert.ok(
      ['a.ts', 'b.ts', 'c.ts'].every((p) => splitScore(p) >= VALIDATION_SHARE),
      'none is on the validation side',
    );
    assert.deepEqual(
      selection!.files.filter((f) => f.fit).map((f) => f.path),
      [lowest],
    );
  } finally {
    ws.remove();
  }
});

test('with a focus, the files outside its project (language and rest tiers) are learned as far files; without a focus or anything near it, none is', () => {
  const file = (path: string, tier: number) => ({ root: 0, path, size: 1, mtimeMs: 0, bytes: 1, language: 'javascript', tier, text: new Uint8Array([97]), fit: false });
  const files = [file('web/a.js', 0), file('web/b.js', 1), file('web/c.js', 2), file('libs/d.js', 3), file('libs/e.js', 4), file('other/f.md', 5)];
  const focus = ['/ws/web/a.js'];
  assert.equal(hasProject(focus, files), true);
  assert.deepEqual(
    learned(files, hasProject(focus, files)).map((f) => f.far),
    [false, false, false, false, true, true],
  );
  assert.equal(hasProject(focus, files.slice(1)), true, 'the focus file itself need not be among them (a new file)');
  assert.equal(hasProject(focus, files.slice(4)), false, 'nothing near the focus');
  assert.equal(hasProject([], files), false, 'no focus');
  assert.deepEqual(
    learned(files, false).map((f) => f.far),
    [false, false, false, false, false, false],
  );
});

test('the first index is small and quick to hand over: tables for at most 8 MB, stored uncompressed; the full index as configured, compressed', async () => {
  const ws = monorepo();
  try {
    const { saves } = await run({ roots: [ws.root], focus: [path.join(ws.root, 'web/lib/core.js')], sizes: stackSizesFor(32) });
    const [first, full] = saves.map((s) => s.index!);
    const buckets = (index: SavedIndex) => (index.stack.meta as { tableBuckets?: number }).tableBuckets;
    assert.equal(buckets(first), stackSizesFor(FIRST_INDEX_MEMORY_MB).tableBuckets);
    // The full index's text (about 8 KB) needs little of the 4 MB history: the table takes what it frees.
    const text = full.manifest.files.reduce((n, f) => n + f.bytes + 1, 0);
    assert.equal(buckets(full), sizedForText(stackSizesFor(32), text).tableBuckets);
    assert.ok(buckets(full)! > stackSizesFor(32).tableBuckets, `${buckets(full)} buckets`);
    assert.equal((full.stack.meta as { workspaceCapacity?: number }).workspaceCapacity, sizedForText(stackSizesFor(32), text).workspaceBytes);
    // Saved so, it is continued by the next run, not built again.
    const again = await run({ roots: [ws.root], focus: [path.join(ws.root, 'web/lib/core.js')], sizes: stackSizesFor(32), previous: full });
    assert.deepEqual(
      again.saves.map((s) => s.result.phase),
      ['update'],
    );
    assert.ok(
      Object.values(first.stack.tensors).every((t) => !t.compress),
      'the first index is stored uncompressed',
    );
    assert.ok(
      Object.values(full.stack.tensors).some((t) => t.compress),
      'the full index is compressed',
    );
  } finally {
    ws.remove();
  }
});

test('no first index when the edited project has nothing to read (its folder is skipped): the full index alone', async () => {
  const ws = monorepo();
  try {
    // The edited file sits in a package under node_modules, a folder the walk skips.
    writeFileSync(path.join(ws.root, 'web', 'package.json'), '{"name": "web"}');
    const dep = path.join(ws.root, 'node_modules', 'dep');
    mkdirSync(dep, { recursive: true });
    writeFileSync(path.join(dep, 'package.json'), '{"name": "dep"}');
    writeFileSync(path.join(dep, 'index.js'), code('dependencyThing', 400));
    const { saves, ok } = await run({ roots: [ws.root], focus: [path.join(dep, 'index.js')] });
    assert.ok(ok);
    assert.deepEqual(
      saves.map((s) => s.result.phase),
      ['full'],
    );
    assert.ok(paths(saves[0].index).length > 0);
    assert.ok(!paths(saves[0].index).some((f) => f.startsWith('node_modules/')));
  } finally {
    ws.remove();
  }
});
