// kill -9 trials: starts `recur train` on a folder again and again into the same --out and
// kills it (SIGKILL) at a random moment, then checks that every checkpoint file there still
// loads (checksums, finiteness) and counts the temporary files and locks the kills left
// behind, which the next run must sweep or take over. Every third trial keeps the context
// models on (the default --context-mb), so checkpoints with the context section are killed
// mid-write too.
//   npx tsx scripts/bench/kill-trials.ts [N=30] [--dir FOLDER] [--json]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCheckpoint } from '../../src/core/model/checkpoint';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const argv = process.argv.slice(2);
const trials = Number(argv.find((a) => /^\d+$/.test(a)) ?? 30);
const dirIndex = argv.indexOf('--dir');
const data = dirIndex >= 0 ? argv[dirIndex + 1] : path.join(ROOT, 'test', 'fixtures', 'workspace-code');
const out = mkdtempSync(path.join(os.tmpdir(), 'recur-kill-'));
const best = path.join(out, 'm.recur');
const SHAPE = ['--hidden', '128', '--layers', '2', '--seq', '32', '--batch', '8', '--eval-every', '1', '--threads', '1'];

if (!existsSync(CLI)) spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'inherit' });

function temps(): { count: number; bytes: number } {
  const files = readdirSync(out).filter((f) => f.endsWith('.tmp'));
  return { count: files.length, bytes: files.reduce((n, f) => n + statSync(path.join(out, f)).size, 0) };
}

async function trial(
  i: number,
): Promise<{ killedAtMs: number; loadable: boolean; files: number; problems: string[]; tempsLeft: number; tempBytes: number; lockLeft: boolean; swept: number; contextSection: boolean }> {
  const withContext = i % 3 === 0;
  const args = [CLI, 'train', data, '--steps', '1000000', '--out', best, ...SHAPE, ...(withContext ? [] : ['--context-mb', '0'])];
  const child = spawn(process.execPath, args, { env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  // Wait for training to have written something at least once in most trials, then kill at a random moment.
  const killedAtMs = 2500 + Math.floor(Math.random() * (withContext ? 9000 : 6000));
  await new Promise((r) => setTimeout(r, killedAtMs));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const problems: string[] = [];
  let files = 0;
  let contextSection = false;
  for (const file of [best, path.join(out, 'm.latest.recur')]) {
    if (!existsSync(file)) continue;
    files++;
    try {
      const ckpt = readCheckpoint(file);
      if (ckpt.context) contextSection = true;
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  const left = temps();
  const swept = Number(/removed (\d+) temporary file/.exec(stderr)?.[1] ?? 0);
  return { killedAtMs, loadable: problems.length === 0, files, problems, tempsLeft: left.count, tempBytes: left.bytes, lockLeft: existsSync(`${best}.lock`), swept, contextSection };
}

async function main(): Promise<void> {
  const results = [];
  for (let i = 0; i < trials; i++) {
    const r = await trial(i);
    results.push(r);
    console.error(
      `trial ${i + 1}/${trials}: killed at ${r.killedAtMs} ms, ${r.files} checkpoint file(s) ${r.loadable ? 'loadable' : `NOT loadable: ${r.problems.join('; ')}`}${r.contextSection ? ' (with context section)' : ''}, ${r.tempsLeft} temp file(s) now (${(r.tempBytes / 1e6).toFixed(1)} MB), lock ${r.lockLeft ? 'left' : 'gone'}, swept at start: ${r.swept}`,
    );
  }
  // One last, short run: it must sweep what the last kill left and take over its lock.
  const final = spawnSync(process.execPath, [CLI, 'train', data, '--steps', '1', '--out', best, ...SHAPE, '--context-mb', '0'], {
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  const after = temps();
  const summary = {
    trials,
    loadable: results.filter((r) => r.loadable).length,
    trialsWithCheckpoints: results.filter((r) => r.files > 0).length,
    trialsWithContextSection: results.filter((r) => r.contextSection).length,
    trialsLeavingTemps: results.filter((r) => r.tempsLeft > 0).length,
    mostTempsAtOnce: Math.max(...results.map((r) => r.tempsLeft)),
    tempsSweptAtStart: results.reduce((n, r) => n + r.swept, 0),
    locksLeftByKills: results.filter((r) => r.lockLeft).length,
    finalRunExit: final.status,
    tempsLeftAfterFinalRun: after.count,
    lockLeftAfterFinalRun: existsSync(`${best}.lock`),
  };
  console.log(
    argv.includes('--json')
      ? JSON.stringify(summary)
      : Object.entries(summary)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
  );
  if (summary.loadable === trials && after.count === 0 && final.status === 0) rmSync(out, { recursive: true, force: true });
  else console.log(`kept ${out} for inspection`);
}

void main();
