// Runs the unit tests (test/unit/**/*.test.ts) with Node's test runner, TypeScript through tsx
// (libtensorflow's start-up lines, which node --test repeats for every file that loads it, left out).
//   node scripts/run-unit-tests.mjs [filter]    only files whose path contains `filter`
// The tests of src/X.ts are test/unit/X.test.ts (CONTRIBUTING.md, "Where tests live"), so
// `npm run test:unit -- core/predict/mixer` runs one file's tests.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { runAsyncFiltered, repoRoot } from './lib/run.mjs';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return findTests(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}

const filter = process.argv[2];
const files = findTests(path.join(repoRoot, 'test', 'unit'))
  .map((f) => path.relative(repoRoot, f))
  .filter((f) => !filter || f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`no unit tests found${filter ? ` matching "${filter}"` : ''}`);
  process.exit(1);
}
const code = await runAsyncFiltered(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  cwd: repoRoot,
  env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2' },
});
process.exit(code);
