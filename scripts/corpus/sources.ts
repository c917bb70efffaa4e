// The sources of the base corpus on disk: fetch each pinned package (scripts/lib/public-code.mjs),
// check its licence against the package's own declaration, and list its candidate files
// with the workspace's own walk (src/core/corpus/walkWorkspace.ts), restricted to the
// manifest's paths, include and exclude globs.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { excludeMatcher, globToRegExp, type PathMatcher } from '../../src/core/corpus/globMatcher';
import { walkWorkspace, type WalkSkipReason } from '../../src/core/corpus/walkWorkspace';
import { debianCopyrightLicence, npmPackageLicence } from '../lib/licences.mjs';
import { fetchSource } from '../lib/public-code.mjs';

export interface SourceEntry {
  name: string;
  kind: 'npm' | 'deb';
  package: string;
  version: string;
  license: string;
  sha256?: string;
  paths: string[];
  include?: string[];
  exclude?: string[];
  maxBytes?: number;
  licenseFile?: string;
  licenseEvidence?: string;
  headerLanguage?: 'c' | 'cpp';
}

export interface FetchedSource {
  entry: SourceEntry;
  root: string;
  record: { sha256: string; integrity?: string; file: string };
  /** What the package itself says its licence is (checked equal to the manifest's). */
  licenseFound: string;
}

export interface Candidate {
  source: string;
  /** Path inside the package, forward slashes. */
  path: string;
  file: string;
}

export class SourceError extends Error {}

export function fetchAndCheck(entry: SourceEntry): FetchedSource {
  const { root, record } = fetchSource(entry);
  return { entry, root, record, licenseFound: licenceOf(entry, root) };
}

/** The package's own licence statement, which must agree with the manifest. */
function licenceOf(entry: SourceEntry, root: string): string {
  const where = `${entry.kind} ${entry.package}@${entry.version}`;
  if (entry.kind === 'npm') {
    const found = npmPackageLicence(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')));
    if (found !== entry.license) throw new SourceError(`${where}: its package.json says the licence is ${found}, the manifest says ${entry.license}`);
    return found;
  }
  const file = entry.licenseFile ?? `usr/share/doc/${entry.package}/copyright`;
  const full = path.join(root, file);
  if (!existsSync(full)) throw new SourceError(`${where}: no ${file} to check the licence against (name the package's licence file in licenseFile, with licenseEvidence)`);
  const text = readFileSync(full, 'utf8');
  if (entry.licenseEvidence) {
    if (!text.includes(entry.licenseEvidence)) throw new SourceError(`${where}: ${file} does not contain "${entry.licenseEvidence}"`);
    return `${entry.license} (${file}: "${entry.licenseEvidence}")`;
  }
  const found = debianCopyrightLicence(text);
  if (found !== entry.license) {
    throw new SourceError(`${where}: ${file} gives ${found ?? 'no machine-readable licence'} for "Files: *", the manifest says ${entry.license} (or set licenseEvidence)`);
  }
  return found;
}

/** Excludes everything outside `paths` (keeping the folders above them) and the exclude globs. */
export function pathRestriction(paths: readonly string[], exclude: readonly string[] = []): PathMatcher {
  const excluded = excludeMatcher(exclude);
  const roots = paths.map((p) => (p === '.' ? '' : p.replace(/\/+$/, '')));
  const inside = (rel: string) => roots.some((r) => r === '' || rel === r || rel.startsWith(`${r}/`) || r.startsWith(`${rel}/`));
  return (rel) => excluded(rel) || !inside(rel);
}

/** Candidate files of one fetched source, in walk order (sorted names). */
export async function candidatesOf(source: FetchedSource, onSkip: (reason: WalkSkipReason | 'notIncluded') => void): Promise<Candidate[]> {
  const { entry, root } = source;
  const include = entry.include?.map(globToRegExp);
  const out: Candidate[] = [];
  for await (const c of walkWorkspace(root, pathRestriction(entry.paths, entry.exclude), (reason) => reason !== 'excluded' && onSkip(reason))) {
    if (include && !include.some((p) => p.test(c.relativePath))) onSkip('notIncluded');
    else out.push({ source: entry.name, path: c.relativePath, file: c.file });
  }
  return out;
}
