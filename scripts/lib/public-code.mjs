// Public source code at pinned versions, fetched into the cache (never into the clone):
//   npm packages     npm pack NAME@VERSION, then tar        -> public-code/npm/NAME@VERSION/root
//   Debian packages  apt-get download PKG=VERSION, dpkg-deb -x -> public-code/deb/PKG_VERSION/root
// Each fetch is idempotent (fetch.json, written last, marks a complete one), checks that the
// version is the pinned one (and the sha256, when the manifest pins it) and records the
// sha256 of the archive (plus npm's integrity, or the archive's SHA256 from apt's index).
// Also the benchmark corpora (scripts/bench/corpora.json): prepareBenchCorpus(name).
// Node built-ins and the system's npm, tar, apt-get and dpkg-deb only.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildAside } from './buildAside.mjs';
import { validateBenchManifest } from './public-code-manifest.mjs';
import { cacheRoot, log, repoRoot, SetupError, tryRun, which } from './run.mjs';

export const publicCodeRoot = path.join(cacheRoot, 'public-code');
export const BENCH_MANIFEST = path.join(repoRoot, 'scripts', 'bench', 'corpora.json');

export class FetchError extends SetupError {}

/** Folder of one fetched package in the cache. */
export function packageDir(kind, name, version) {
  const safe = name.replace(/^@/, '').replace(/\//g, '+');
  return path.join(publicCodeRoot, kind, kind === 'npm' ? `${safe}@${version}` : `${safe}_${version}`);
}

/**
 * Fetches `source` ({ kind: 'npm'|'deb', package, version, sha256? }) unless already there.
 * Returns { root, record }: root is the extracted package (npm: the tarball's package/ folder;
 * deb: the file system tree), record what was fetched (sha256, integrity, file).
 */
export function fetchSource(source) {
  const dir = packageDir(source.kind, source.package, source.version);
  const root = path.join(dir, 'root');
  const recordFile = path.join(dir, 'fetch.json');
  if (existsSync(recordFile)) {
    const record = JSON.parse(readFileSync(recordFile, 'utf8'));
    checkPinnedSha(source, record);
    return { root, record };
  }
  log(`fetching ${source.kind} ${source.package}@${source.version} ...`);
  buildAside(dir, 'fetch.json', (staging) => {
    const record = source.kind === 'npm' ? fetchNpm(source, staging) : fetchDeb(source, staging);
    checkPinnedSha(source, record);
    const unpacked = path.join(staging, 'root');
    mkdirSync(unpacked);
    const archive = path.join(staging, record.file);
    if (source.kind === 'npm') {
      tool('tar', ['-xzf', archive, '-C', unpacked, '--strip-components=1', '--no-same-owner', '--no-same-permissions'], source);
    } else {
      tool('dpkg-deb', ['-x', archive, unpacked], source);
    }
    tool('chmod', ['-R', 'u+rwX', unpacked], source); // some tarballs carry folders without x
    writeFileSync(path.join(staging, 'fetch.json'), `${JSON.stringify(record, null, 2)}\n`);
  });
  return { root, record: JSON.parse(readFileSync(recordFile, 'utf8')) };
}

function fetchNpm(source, dir) {
  const spec = `${source.package}@${source.version}`;
  const npm = which('npm') ?? 'npm';
  const result = tryRun(npm, ['pack', spec, '--pack-destination', dir, '--json', '--loglevel=error'], { cwd: dir });
  if (result.status !== 0) {
    throw notFetched(source, `npm pack ${spec} failed: ${firstLine(result.stderr || result.stdout)}`, `\`npm view ${source.package} versions\` lists the versions the registry has`);
  }
  const [info] = JSON.parse(result.stdout);
  if (info?.version !== source.version) throw notFetched(source, `npm returned version ${info?.version}`, 'pin an exact version, not a range');
  const file = info.filename.replace(/^.*\//, '');
  return { kind: 'npm', package: source.package, version: info.version, file, sha256: sha256File(path.join(dir, file)), integrity: info.integrity };
}

function fetchDeb(source, dir) {
  const spec = `${source.package}=${source.version}`;
  const result = tryRun('apt-get', ['download', '-q', spec], { cwd: dir });
  const debs = readdirSync(dir).filter((f) => f.endsWith('.deb'));
  if (result.status !== 0 || debs.length !== 1) {
    throw notFetched(
      source,
      `apt-get download ${spec} failed: ${firstLine(result.stderr || result.stdout)}`,
      `Run \`apt-get update\` first; \`apt-cache policy ${source.package}\` lists the versions the archive has`,
    );
  }
  const file = debs[0];
  const fields = tool('dpkg-deb', ['-f', path.join(dir, file), 'Package', 'Version'], source).stdout;
  const got = Object.fromEntries(
    fields
      .trim()
      .split('\n')
      .map((l) => /^([\w-]+):\s*(.*)$/.exec(l)?.slice(1) ?? [l, '']),
  );
  if (got.Package !== source.package || got.Version !== source.version) {
    throw notFetched(source, `the archive holds ${got.Package} ${got.Version}`, 'check the name and version in the manifest');
  }
  const sha256 = sha256File(path.join(dir, file));
  const show = tryRun('apt-cache', ['show', spec]).stdout ?? '';
  const indexed = /^SHA256:\s*(\S+)/m.exec(show)?.[1];
  if (indexed && indexed !== sha256) throw notFetched(source, `its sha256 ${sha256} differs from apt's index (${indexed})`, 'delete the folder and fetch again');
  return { kind: 'deb', package: source.package, version: source.version, file, sha256 };
}

function checkPinnedSha(source, record) {
  if (source.sha256 && source.sha256 !== record.sha256) {
    throw new FetchError(
      `${source.kind} ${source.package}@${source.version}: fetched sha256 ${record.sha256}, the manifest pins ${source.sha256}. The registry serves different bytes for this version: check it, then update the manifest's sha256.`,
    );
  }
}

function notFetched(source, why, what) {
  return new FetchError(
    `cannot fetch ${source.kind} package ${source.package} at the pinned version ${source.version}: ${why}. ${what}, then change the version in the manifest (and remove its sha256).`,
  );
}

function tool(command, args, source) {
  const result = tryRun(command, args);
  if (result.error) throw new FetchError(`${command} is needed to fetch ${source.package}: ${result.error.message}`);
  if (result.status !== 0) throw new FetchError(`${command} ${args.join(' ')} failed for ${source.package}: ${firstLine(result.stderr)}`);
  return result;
}

const firstLine = (text) =>
  (text ?? '')
    .split('\n')
    .find((l) => l.trim() && !/^(W|N):/.test(l))
    ?.trim() ?? '(no message)';

export function sha256File(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The benchmark corpora's manifest, validated. */
export function benchCorpora(manifestFile = BENCH_MANIFEST) {
  return validateBenchManifest(JSON.parse(readFileSync(manifestFile, 'utf8')));
}

/** Fetches one benchmark corpus (by name) if needed; returns the absolute folder of its files. */
export function prepareBenchCorpus(name, manifestFile = BENCH_MANIFEST) {
  const corpus = benchCorpora(manifestFile).corpora.find((c) => c.name === name);
  if (!corpus) throw new FetchError(`no benchmark corpus named "${name}" in ${path.relative(repoRoot, manifestFile)}`);
  const { root } = fetchSource(corpus);
  const folder = path.join(root, corpus.path);
  if (!existsSync(folder)) throw new FetchError(`${corpus.package}@${corpus.version} has no ${corpus.path} (corpus "${name}")`);
  return folder;
}
