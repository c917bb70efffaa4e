// npm run corpus:base: builds the base corpus from models/base-corpus.json, deterministically.
// Fetches each pinned package into the cache, checks its licence, walks it with the
// workspace's filters (src/core/corpus: skipped folders, lock files, binary, minified,
// oversized), leaves out generated files, large test data and exact duplicates, balances the
// languages with byte caps (select.ts), checks that no benchmark corpus file is in it, and
// writes ${RECUR_CACHE_DIR:-~/.cache/recur}/public-code/base-corpus/{files/<source>/<path>, corpus.json}.
//   npx tsx scripts/corpus/build-base.ts [--manifest FILE] [--out DIR]
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readTextFile, type FileLimits } from '../../src/core/corpus/readTextFile';
import { SKIPPED_FOLDERS } from '../../src/core/corpus/skipRules';
import { validateBaseManifest } from '../lib/public-code-manifest.mjs';
import { publicCodeRoot } from '../lib/public-code.mjs';
import { repoRoot } from '../lib/run.mjs';
import { benchContentHashes, benchPackages } from './bench-overlap';
import { isGenerated, isLargeTestData } from './filters';
import { languageOf, type Language } from './languages';
import { CappedSelection, inCorpusOrder, sha256Hex } from './select';
import { candidatesOf, fetchAndCheck, SourceError, type FetchedSource, type SourceEntry } from './sources';
import { printSummary, type CorpusFile, type CorpusIndex } from './summary';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const manifestFile = path.resolve(option('--manifest') ?? path.join(repoRoot, 'models', 'base-corpus.json'));
const outDir = path.resolve(option('--out') ?? path.join(publicCodeRoot, 'base-corpus'));

/** The workspace defaults of recur.corpus.maxFileSizeKB and recur.corpus.maxLineLength (package.json). */
function workspaceLimits(): FileLimits {
  const props = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).contributes.configuration.properties;
  return { maxFileBytes: props['recur.corpus.maxFileSizeKB'].default * 1024, maxLineLength: props['recur.corpus.maxLineLength'].default };
}

async function main() {
  const started = Date.now();
  const manifest = validateBaseManifest(JSON.parse(readFileSync(manifestFile, 'utf8')));
  const entries: SourceEntry[] = manifest.sources;
  const caps: Record<string, number> = manifest.languages;
  const limits = workspaceLimits();
  for (const e of entries) {
    if (SKIPPED_FOLDERS.has(e.name)) throw new SourceError(`source name "${e.name}" is a folder name the trainer skips: rename it`);
    if (benchPackages().has(`${e.kind}:${e.package}`)) throw new SourceError(`${e.package} is a benchmark corpus (scripts/bench/corpora.json): it cannot be in the base corpus`);
  }
  const benchHashes = await benchContentHashes(limits);

  const skipped: Record<string, number> = {};
  const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);
  const fetched: FetchedSource[] = entries.map(fetchAndCheck);
  const candidates = (await Promise.all(fetched.map((s) => candidatesOf(s, skip)))).flat();
  const { taken, selection } = await selectFiles(candidates, entries, caps, { limits, fixtureMaxBytes: manifest.fixtureMaxBytes }, skip);

  const inBench = taken.filter((f) => benchHashes.has(f.sha256));
  if (inBench.length) {
    throw new SourceError(
      `${inBench.length} file(s) of the base corpus are also in a benchmark corpus; leave them out of models/base-corpus.json:\n${inBench.map((f) => `  ${f.path} = ${benchHashes.get(f.sha256)}`).join('\n')}`,
    );
  }

  taken.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const index = corpusIndex(taken, fetched, selection, caps, { ...limits, fixtureMaxBytes: manifest.fixtureMaxBytes }, skipped);
  writeCorpus(taken, index);
  printSummary(index, outDir, (Date.now() - started) / 1000);
}

type TakenFile = CorpusFile & { data: Buffer };

/** Reads the candidates in corpus order and takes each file of a capped language that fits its caps; `skip` counts the others by reason. */
async function selectFiles(
  candidates: Awaited<ReturnType<typeof candidatesOf>>,
  entries: SourceEntry[],
  caps: Record<string, number>,
  reading: { limits: FileLimits; fixtureMaxBytes: number },
  skip: (reason: string) => void,
): Promise<{ taken: TakenFile[]; selection: CappedSelection }> {
  const headerLanguage = new Map(entries.map((e) => [e.name, e.headerLanguage ?? 'c'] as const));
  const selection = new CappedSelection(caps, Object.fromEntries(entries.map((e) => [e.name, e.maxBytes])));
  const taken: TakenFile[] = [];

  for (const c of inCorpusOrder(candidates)) {
    const byName = languageOf(c.path, '', headerLanguage.get(c.source));
    const hasExtension = c.path.slice(c.path.lastIndexOf('/') + 1).lastIndexOf('.') > 0;
    if (hasExtension && (!byName || !(byName in caps))) {
      skip('otherLanguage');
      continue;
    }
    // A file that cannot fit even without a byte order mark is passed over unread.
    if (byName && selection.room(byName, c.source, statSync(c.file).size - 3) !== 'fits') {
      skip(selection.room(byName, c.source, statSync(c.file).size - 3));
      continue;
    }
    const read = await readTextFile(c.file, reading.limits);
    if (read.kind === 'skipped') {
      skip(read.reason);
      continue;
    }
    const head = read.bytes.subarray(0, 4096).toString('utf8');
    const language = languageOf(c.path, head, headerLanguage.get(c.source)) as Language | undefined;
    if (!language || !(language in caps)) skip('otherLanguage');
    else if (isGenerated(c.path, head)) skip('generated');
    else if (isLargeTestData(c.path, read.bytes.length, reading.fixtureMaxBytes)) skip('largeTestData');
    else {
      const file = { path: `${c.source}/${c.path}`, source: c.source, language, bytes: read.bytes.length, sha256: sha256Hex(read.bytes) };
      const verdict = selection.offer(file);
      if (verdict === 'taken') taken.push({ ...file, data: read.bytes });
      else skip(verdict);
    }
  }

  return { taken, selection };
}

/** The corpus's index.json: limits, totals, languages and sources with what each gave, skip counts and the files. */
function corpusIndex(
  taken: readonly TakenFile[],
  fetched: FetchedSource[],
  selection: CappedSelection,
  caps: Record<string, number>,
  indexLimits: CorpusIndex['limits'],
  skipped: Record<string, number>,
): CorpusIndex {
  return {
    manifest: path.relative(repoRoot, manifestFile),
    limits: indexLimits,
    totals: { files: taken.length, bytes: taken.reduce((n, f) => n + f.bytes, 0) },
    languages: Object.fromEntries(Object.keys(caps).map((lang) => [lang, { cap: caps[lang], files: taken.filter((f) => f.language === lang).length, bytes: selection.languageBytes.get(lang) ?? 0 }])),
    sources: fetched.map(({ entry, record, licenseFound }) => ({
      name: entry.name,
      kind: entry.kind,
      package: entry.package,
      version: entry.version,
      license: entry.license,
      licenseFound,
      archive: record.file,
      sha256: record.sha256,
      ...(record.integrity ? { integrity: record.integrity } : {}),
      maxBytes: entry.maxBytes ?? null,
      files: taken.filter((f) => f.source === entry.name).length,
      bytes: selection.sourceBytes.get(entry.name) ?? 0,
    })),
    skipped: Object.fromEntries(Object.entries(skipped).sort(([a], [b]) => (a < b ? -1 : 1))),
    files: taken.map(({ data: _data, ...f }) => f),
  };
}

/** Writes next to the old corpus, then swaps, so a failed run leaves the old one whole. */
function writeCorpus(files: readonly (CorpusFile & { data: Buffer })[], index: CorpusIndex) {
  const partial = `${outDir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  for (const f of files) {
    const target = path.join(partial, 'files', f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.data);
  }
  writeFileSync(path.join(partial, 'corpus.json'), `${JSON.stringify(index, null, 1)}\n`);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(partial, outDir);
}

main().catch((error) => {
  console.error(`[recur] corpus:base failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
