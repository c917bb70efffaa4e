// Validation of the manifests that name public code by pinned version: the base corpus
// (models/base-corpus.json) and the benchmark corpora (scripts/bench/corpora.json). Every
// problem is reported at once, each naming the entry and the field. Pure; no I/O.
import { isPermissiveLicence } from './licences.mjs';

export class ManifestError extends Error {
  constructor(problems) {
    super(`invalid manifest:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ManifestError';
    this.problems = problems;
  }
}

const NAME = /^[a-z0-9][a-z0-9._-]*$/;
const SHA256 = /^[0-9a-f]{64}$/;
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v) => Number.isInteger(v) && v > 0;
const isStringList = (v) => Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0);
/** A path inside a package: relative, forward slashes, no `..`; `.` is the package itself. */
const isInnerPath = (p) => typeof p === 'string' && p.length > 0 && !p.startsWith('/') && !p.includes('\\') && !p.split('/').includes('..');

/** The fields every pinned package has: kind, package, version, licence, optional sha256. */
function checkPackage(entry, where, problems) {
  if (!['npm', 'deb'].includes(entry.kind)) problems.push(`${where}: kind must be "npm" or "deb"`);
  if (typeof entry.package !== 'string' || !/^(@[a-z0-9._-]+\/)?[a-z0-9][a-z0-9.+_-]*$/i.test(entry.package)) problems.push(`${where}: package must be an npm or Debian package name`);
  if (typeof entry.version !== 'string' || !/^[0-9A-Za-z][0-9A-Za-z.+:~_-]*$/.test(entry.version) || /^[~^]|[<>=*x ]$|\|\|/.test(entry.version)) {
    problems.push(`${where}: version must be one exact version (no range)`);
  }
  if (entry.sha256 !== undefined && !SHA256.test(entry.sha256)) problems.push(`${where}: sha256 must be 64 lowercase hex digits`);
  if (!isPermissiveLicence(entry.license)) problems.push(`${where}: license "${entry.license}" is not on the permissive allow-list (scripts/lib/licences.mjs)`);
}

function checkNames(entries, what, problems) {
  const seen = new Set();
  entries.forEach((entry, i) => {
    if (typeof entry.name !== 'string' || !NAME.test(entry.name)) problems.push(`${what}[${i}]: name must match ${NAME}`);
    else if (seen.has(entry.name)) problems.push(`${what}[${i}]: name "${entry.name}" is used twice`);
    seen.add(entry.name);
  });
}

/** models/base-corpus.json: { languages: {lang: maxBytes}, sources: [...] }. Returns it. */
export function validateBaseManifest(manifest) {
  const problems = [];
  if (!isObject(manifest)) throw new ManifestError(['the manifest must be a JSON object']);
  const languages = manifest.languages;
  if (!isObject(languages) || Object.keys(languages).length === 0) problems.push('languages: an object of language -> byte cap');
  else for (const [lang, cap] of Object.entries(languages)) if (!isCount(cap)) problems.push(`languages.${lang}: the cap must be a positive whole number of bytes`);
  if (!isCount(manifest.fixtureMaxBytes)) problems.push('fixtureMaxBytes: a positive whole number of bytes (larger files in test-data folders are left out)');
  const sources = manifest.sources;
  if (!Array.isArray(sources) || sources.length === 0) problems.push('sources: a non-empty list');
  else {
    checkNames(sources, 'sources', problems);
    sources.forEach((s, i) => {
      const where = `sources[${i}] (${s?.name ?? '?'})`;
      if (!isObject(s)) return problems.push(`${where}: must be an object`);
      checkPackage(s, where, problems);
      if (!Array.isArray(s.paths) || s.paths.length === 0 || !s.paths.every(isInnerPath)) problems.push(`${where}: paths must list relative paths inside the package`);
      for (const key of ['include', 'exclude']) if (s[key] !== undefined && !isStringList(s[key])) problems.push(`${where}: ${key} must be a list of globs`);
      if (s.maxBytes !== undefined && !isCount(s.maxBytes)) problems.push(`${where}: maxBytes must be a positive whole number`);
      if (s.licenseFile !== undefined && !isInnerPath(s.licenseFile)) problems.push(`${where}: licenseFile must be a path inside the package`);
      if (s.licenseEvidence !== undefined && (typeof s.licenseEvidence !== 'string' || !s.licenseEvidence)) problems.push(`${where}: licenseEvidence must be a non-empty string`);
      if (s.kind === 'deb' && s.licenseFile && !s.licenseEvidence) problems.push(`${where}: a licenseFile needs the licenseEvidence text to find in it`);
      if (s.headerLanguage !== undefined && !['c', 'cpp'].includes(s.headerLanguage)) problems.push(`${where}: headerLanguage must be "c" or "cpp"`);
    });
  }
  if (problems.length) throw new ManifestError(problems);
  return manifest;
}

/** scripts/bench/corpora.json: { corpora: [{ name, kind, package, version, license, path }] }. Returns it. */
export function validateBenchManifest(manifest) {
  const problems = [];
  const corpora = manifest?.corpora;
  if (!Array.isArray(corpora) || corpora.length === 0) throw new ManifestError(['corpora: a non-empty list']);
  checkNames(corpora, 'corpora', problems);
  corpora.forEach((c, i) => {
    const where = `corpora[${i}] (${c?.name ?? '?'})`;
    if (!isObject(c)) return problems.push(`${where}: must be an object`);
    checkPackage(c, where, problems);
    if (!isInnerPath(c.path)) problems.push(`${where}: path must be the project's folder inside the package`);
  });
  if (problems.length) throw new ManifestError(problems);
  return manifest;
}
