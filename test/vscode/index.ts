// Entry point of the in-host suite: VS Code calls run() inside the extension host
// (desktop through @vscode/test-electron, or code-server through scripts/run-vscode-tests.mjs).
// Runs every out/test/vscode/*.test.js with mocha and, when RECUR_TEST_RESULTS names a file,
// writes the results there as JSON lines (the code-server harness reads it: the extension
// host's stdout does not reach the terminal there).
// With RECUR_NET_GUARD set (scripts/run-vscode-tests.mjs), networking is blocked in this
// process and in every process it starts (the guard is normally loaded already through
// NODE_OPTIONS; loading it again is a no-op, and covers a host that dropped NODE_OPTIONS).
import { appendFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const guard = process.env.RECUR_NET_GUARD;
  if (guard) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(guard);
    if (!(process.env.NODE_OPTIONS ?? '').includes(guard)) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${guard}`.trim();
  }
  const resultsFile = process.env.RECUR_TEST_RESULTS;
  const emit = (record: Record<string, unknown>) => {
    const line = JSON.stringify(record);
    if (resultsFile) appendFileSync(resultsFile, line + '\n');
    else console.log(line);
  };
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, reporter: 'spec' });
  const grep = process.env.RECUR_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        emit({ kind: 'end', passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? failures, pending: runner.stats?.pending ?? 0 });
        if (failures > 0) reject(new Error(`${failures} in-host tests failed`));
        else resolve();
      });
      runner.on('pass', (t) => emit({ kind: 'pass', title: t.fullTitle(), ms: t.duration }));
      runner.on('fail', (t, err: Error) => emit({ kind: 'fail', title: t.fullTitle(), error: String(err?.stack ?? err) }));
      runner.on('pending', (t) => emit({ kind: 'pending', title: t.fullTitle() }));
    } catch (err) {
      emit({ kind: 'end', passed: 0, failed: 1, pending: 0, error: String(err) });
      reject(err);
    }
  });
}
