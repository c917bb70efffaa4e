// `npm test`: installs what the tests need, then runs every test level and prints one
// closing line with the totals:
//   type check (tsc --noEmit) -> lint (eslint, with the import boundaries: eslint.config.mjs)
//   -> unit (node --test) -> in-host (mocha inside VS Code via code-server; then its Restricted
//   Mode suite in an untrusted folder) -> UI (playwright +
//   chromium driving VS Code, including the VSIX install).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setup } from './lib/setup.mjs';
import { log, repoRoot, SetupError } from './lib/run.mjs';
import { tensorflowNoiseFilter } from '../src/core/tensorflowNoise.mjs';

const started = Date.now();
try {
  await setup({ tests: true });
} catch (err) {
  if (!(err instanceof SetupError)) throw err;
  log(`setup failed: ${err.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const steps = [
  { name: 'type check', args: [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.'], counts: 'exit' },
  { name: 'lint', args: [path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.'], counts: 'exit' },
  { name: 'unit', args: ['scripts/run-unit-tests.mjs'], counts: 'tap' },
  { name: 'in-host', args: ['scripts/run-vscode-tests.mjs', '--no-setup'], counts: 'plain' },
  { name: 'restricted', args: ['scripts/run-vscode-tests.mjs', '--no-setup', '--restricted'], counts: 'plain' },
  { name: 'UI', args: ['scripts/run-ui-tests.mjs', '--no-setup'], counts: 'tap' },
];

let passed = 0;
let failed = 0;
const lines = [];
for (const step of steps) {
  const t0 = Date.now();
  log(`── ${step.name} ──`);
  const { code, output } = await runCapturing(process.execPath, step.args);
  const result = countResults(step.counts, code, output);
  passed += result.passed;
  failed += result.failed;
  lines.push(
    `${step.name.padEnd(10)} ${String(result.passed).padStart(4)} passed ${String(result.failed).padStart(3)} failed  ${((Date.now() - t0) / 1000).toFixed(0)}s${code !== 0 ? `  (exit ${code})` : ''}`,
  );
}
console.log(`\nRecur test summary (${((Date.now() - started) / 60000).toFixed(1)} min)\n${lines.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

function runCapturing(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    // libtensorflow's start-up lines are left out (src/core/tensorflowNoise.mjs).
    const out = tensorflowNoiseFilter((text) => {
      output += text;
      process.stdout.write(text);
    });
    const err = tensorflowNoiseFilter((text) => process.stderr.write(text));
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('close', (code, signal) => {
      out.end();
      err.end();
      resolve({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

/** Counts from a step's output; a step that failed without reporting counts as one failure. */
function countResults(kind, code, output) {
  let passed = 0;
  let failed = 0;
  if (kind === 'tap') {
    passed = Number(/^# pass (\d+)/m.exec(output)?.[1] ?? 0);
    failed = Number(/^# fail (\d+)/m.exec(output)?.[1] ?? 0) + Number(/^# cancelled (\d+)/m.exec(output)?.[1] ?? 0);
  } else if (kind === 'plain') {
    const m = /(\d+) passed, (\d+) failed/.exec(output);
    if (m) [passed, failed] = [Number(m[1]), Number(m[2])];
  } else {
    passed = code === 0 ? 1 : 0;
  }
  if (code !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}
