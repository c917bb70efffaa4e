// Writes the base corpus's tables into models/README.md (the model card) from the corpus.json
// that `npm run corpus:base` built, between the base-corpus markers; the rest of the card is
// left as it is. Run by corpus:base after the build, so the tables always match the corpus.
//   node scripts/corpus/model-card.mjs [--corpus corpus.json] [--check]
// --check: fail (exit 1) when the card's tables differ from the corpus instead of writing.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { publicCodeRoot } from '../lib/public-code.mjs';
import { repoRoot } from '../lib/run.mjs';

export const BEGIN = '<!-- base-corpus tables: begin (written by scripts/corpus/model-card.mjs from corpus.json) -->';
export const END = '<!-- base-corpus tables: end -->';

const mb = (bytes) => (bytes / 1e6).toFixed(2);
const pct = (part, whole) => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
const row = (cells) => `| ${cells.join(' | ')} |`;

/** The Markdown tables for one corpus index (corpus.json). */
export function corpusTables(index) {
  const total = index.totals.bytes;
  const languages = Object.entries(index.languages).sort(([a, x], [b, y]) => y.bytes - x.bytes || (a < b ? -1 : 1));
  return [
    `${index.totals.files} files, ${mb(total)} MB (${total} bytes) of text. Workspace limits: files up to ${index.limits.maxFileBytes / 1024} KB, lines up to ${index.limits.maxLineLength} characters; test data over ${index.limits.fixtureMaxBytes / 1024} KB left out.`,
    '',
    row(['Language', 'Files', 'MB', 'Share', 'Cap MB']),
    row(['---', '---:', '---:', '---:', '---:']),
    ...languages.map(([lang, l]) => row([lang, l.files, mb(l.bytes), pct(l.bytes, total), mb(l.cap)])),
    '',
    row(['Source', 'Package', 'Version', 'From', 'Licence', 'Files', 'MB']),
    row(['---', '---', '---', '---', '---', '---:', '---:']),
    ...index.sources.map((s) => row([s.name, `\`${s.package}\``, `\`${s.version}\``, s.kind, s.license, s.files, mb(s.bytes)])),
  ].join('\n');
}

/** The card with its tables replaced; throws when the markers are missing. */
export function withTables(card, tables) {
  const begin = card.indexOf(BEGIN);
  const end = card.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`models/README.md has no ${BEGIN} ... ${END} section`);
  return `${card.slice(0, begin + BEGIN.length)}\n${tables}\n${card.slice(end)}`;
}

function main() {
  const args = process.argv.slice(2);
  const corpusFile = args.includes('--corpus') ? args[args.indexOf('--corpus') + 1] : path.join(publicCodeRoot, 'base-corpus', 'corpus.json');
  const cardFile = path.join(repoRoot, 'models', 'README.md');
  const card = readFileSync(cardFile, 'utf8');
  const updated = withTables(card, corpusTables(JSON.parse(readFileSync(corpusFile, 'utf8'))));
  if (args.includes('--check')) {
    if (updated !== card) {
      console.error('[recur] models/README.md does not match the base corpus: run npm run corpus:base');
      process.exit(1);
    }
    console.log('models/README.md matches the base corpus');
  } else if (updated !== card) {
    writeFileSync(cardFile, updated);
    console.log(`wrote the base corpus tables into ${path.relative(repoRoot, cardFile)}`);
  } else console.log(`${path.relative(repoRoot, cardFile)}: tables unchanged`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
