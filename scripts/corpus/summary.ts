// The base corpus's index (corpus.json) and the summary printed after a build: bytes and
// files per language (with its cap and share) and per source.

export interface CorpusFile {
  /** "<source>/<path inside the package>", the file's place under files/. */
  path: string;
  source: string;
  language: string;
  bytes: number;
  sha256: string;
}

export interface CorpusIndex {
  manifest: string;
  limits: { maxFileBytes: number; maxLineLength: number; fixtureMaxBytes: number };
  totals: { files: number; bytes: number };
  languages: Record<string, { cap: number; files: number; bytes: number }>;
  sources: {
    name: string;
    kind: string;
    package: string;
    version: string;
    license: string;
    licenseFound: string;
    archive: string;
    sha256: string;
    integrity?: string;
    maxBytes: number | null;
    files: number;
    bytes: number;
  }[];
  skipped: Record<string, number>;
  files: CorpusFile[];
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(2);
const pct = (part: number, whole: number) => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

export function printSummary(index: CorpusIndex, outDir: string, seconds: number): void {
  const total = index.totals.bytes;
  const languages = Object.entries(index.languages).sort(([, a], [, b]) => b.bytes - a.bytes);
  console.log(table([['language', 'files', 'MB', 'cap MB', 'share'], ...languages.map(([lang, l]) => [lang, String(l.files), mb(l.bytes), mb(l.cap), pct(l.bytes, total)])]));
  console.log();
  console.log(table([['source', 'package@version', 'licence', 'files', 'MB'], ...index.sources.map((s) => [s.name, `${s.package}@${s.version}`, s.license, String(s.files), mb(s.bytes)])]));
  console.log();
  console.log(
    `left out: ${Object.entries(index.skipped)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}`,
  );
  console.log(`base corpus: ${index.totals.files} files, ${mb(total)} MB in ${outDir} (${seconds.toFixed(1)} s)`);
}
