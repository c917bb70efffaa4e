// Fetches every benchmark corpus of scripts/bench/corpora.json (public projects kept out of the
// base corpus, to measure a model on code it has never seen) and prints, for each, its name,
// package@version, files, bytes and folder. Quick when they are already in the cache.
//   node scripts/bench/prepare-corpora.mjs [--json]
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { benchCorpora, prepareBenchCorpus } from '../lib/public-code.mjs';

function countFiles(dir) {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = countFiles(full);
      files += sub.files;
      bytes += sub.bytes;
    } else if (entry.isFile()) {
      files += 1;
      bytes += statSync(full).size;
    }
  }
  return { files, bytes };
}

const rows = benchCorpora().corpora.map((c) => {
  const folder = prepareBenchCorpus(c.name);
  return { name: c.name, package: `${c.package}@${c.version}`, license: c.license, ...countFiles(folder), folder };
});
if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
else for (const r of rows) console.log(`${r.name.padEnd(20)} ${r.package.padEnd(48)} ${String(r.files).padStart(5)} files ${String(r.bytes).padStart(9)} bytes  ${r.folder}`);
