// Training through the real commands in the real extension host: "Recur: Train on Workspace"
// trains a tiny model on the fixture workspace in a child process, writes the best checkpoint,
// and the status bar says "ready · ppl N"; "Recur: Stop Training" stops a run quickly; an
// unusable checkpoint is reported and left in place.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { RecurApi } from '../../src/extension';
import type { TrainingOutcome } from '../../src/editor/training/runState';
import type { TrainingState } from '../../src/editor/services';

const TINY: Record<string, unknown> = {
  'model.cell': 'lstm',
  'model.hiddenSize': 16,
  'model.embeddingSize': 8,
  'model.layers': 1,
  'training.sequenceLength': 16,
  'training.batchSize': 4,
  'training.maxSteps': 12,
  'training.maxMinutes': 2,
  'training.threads': 1,
};

async function configure(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('recur');
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Recur's API, from activating the extension in suiteSetup. */
let api: RecurApi;

// The tests run in this order and share the workspace's checkpoints: the later ones continue or
// keep the model the earlier ones trained (the best and latest checkpoints, "Recur: ready").
suite('training', () => {
  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<RecurApi>('recur-dev.recur')!.activate();
    await configure(TINY);
  });

  suiteTeardown(async () => {
    await configure(Object.fromEntries(Object.keys(TINY).map((k) => [k, undefined])));
  });

  test('Train on Workspace trains, saves the best checkpoint and the status bar shows it', trainsAndShowsTheBestCheckpoint);
  test('a model trained with `recur train` into the workspace storage is continued by Train on Workspace', continuesACliTrainedModel);
  test('Stop Training ends a long run quickly and keeps the latest checkpoint', stopEndsALongRunQuickly);
  test('a training process that dies is reported once, and training can start again', aDeadProcessIsReportedOnce);
  test('a model another run is training (a second window on the same workspace) is not trained twice: the run stops, naming it', aLockedModelIsNotTrainedTwice);
  test('an unusable latest checkpoint fails the run with a clear message and is not overwritten', anUnusableLatestCheckpointIsKept);
});

/** A fresh run on the fixture workspace: its states, both checkpoints, the status bar and tooltip, the end message, the log. */
async function trainsAndShowsTheBestCheckpoint(this: Mocha.Context): Promise<void> {
  this.timeout(180_000);
  for (const file of [api.paths.bestCheckpoint, api.paths.latestCheckpoint]) rmSync(file, { force: true });
  assert.match(api.statusBar.text, /no model/);
  const states: TrainingState[] = [];
  const listener = api.training.onStateChange((s) => states.push(s));
  const outcome = (await vscode.commands.executeCommand('recur.trainOnWorkspace', { fresh: true })) as TrainingOutcome;
  listener.dispose();
  assert.equal(outcome.kind, 'finished', JSON.stringify(outcome));
  assert.ok(outcome.kind === 'finished' && outcome.summary.steps === 12);
  assert.ok(
    states.some((s) => s.kind === 'training'),
    'state went through training',
  );
  assert.equal(api.training.state.kind, 'idle');
  assert.ok(existsSync(api.paths.bestCheckpoint), 'best checkpoint written');
  assert.ok(existsSync(api.paths.latestCheckpoint), 'latest checkpoint written');
  assert.match(api.statusBar.text, /ready · ppl \d/);
  // Said once at the end, with the result against the baselines, on which files, which way is better; the tooltip says the same words.
  const end = api.training.lastEndMessage ?? '';
  assert.match(
    end,
    /^Recur: training reached its step budget after \d+ (s|min), 12 steps\. Perplexity per character on this workspace's \d+ held-out files? \(lower is better\): [\d.]+ .*(brotli|gram)/,
  );
  const result = end.replace(/^Recur: training [^.]*\. /, '');
  // The editor loads the final best checkpoint from the file the run wrote last (the model store's reload follows the run's end by its debounce).
  for (let i = 0; i < 50 && !api.statusBar.tooltip.replace(/\n/g, ' ').includes(result); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(api.statusBar.tooltip.replace(/\n/g, ' ').includes(result), `the tooltip says "${result}" (its sentences one a line) within 5 s: ${api.statusBar.tooltip}`);
  assert.ok(api.statusBar.text.includes(`ppl ${/: ([\d.]+) \(/.exec(result)?.[1]}`), 'the status bar shows the same figure');
  // (the log is a write stream: its last lines reach the file a moment after the exit)
  let log = '';
  for (let i = 0; i < 50 && !/training process exited/.test(log); i++) {
    log = readFileSync(api.training.logFile, 'utf8');
    if (!/training process exited/.test(log)) await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(log, /training process exited/);
  assert.doesNotMatch(log, /absl::InitializeLog|oneDNN custom operations/, "libtensorflow's start-up lines are left out of training.log");
}

/** A model the CLI trained into the workspace storage is found and continued from its step. */
async function continuesACliTrainedModel(this: Mocha.Context): Promise<void> {
  this.timeout(180_000);
  for (const file of [api.paths.bestCheckpoint, api.paths.latestCheckpoint]) rmSync(file, { force: true });
  const extension = vscode.extensions.getExtension('recur-dev.recur')!;
  const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const cliShape = ['--hidden', '16', '--embedding', '8', '--layers', '1', '--seq', '16', '--batch', '4', '--threads', '1', '--quiet'];
  const cli = spawnSync(process.execPath, [path.join(extension.extensionPath, 'dist', 'cli.js'), 'train', workspace, '--out', api.paths.bestCheckpoint, '--steps', '5', ...cliShape], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    timeout: 120_000,
  });
  assert.equal(cli.status, 0, cli.stderr);
  assert.ok(existsSync(api.paths.latestCheckpoint), `the CLI wrote the latest checkpoint where the editor looks for it (${api.paths.latestCheckpoint})`);
  const starts: number[] = [];
  const listener = api.training.onEvent((e) => {
    if (e.kind === 'started') starts.push(e.startStep);
  });
  const outcome = (await vscode.commands.executeCommand('recur.trainOnWorkspace')) as TrainingOutcome;
  listener.dispose();
  assert.equal(outcome.kind, 'finished', JSON.stringify(outcome));
  assert.deepEqual(starts, [5], "the run continued from the CLI's step 5");
}

/** Starts a run with no step budget, waits for its first step, gives it to `body`; restores the budget after. */
async function duringLongRun(body: (running: Thenable<TrainingOutcome>) => Promise<void>): Promise<void> {
  await configure({ 'training.maxSteps': 0, 'training.maxMinutes': 5 });
  try {
    const firstStep = new Promise<void>((resolve) => {
      const l = api.training.onEvent((e) => {
        if (e.kind === 'step') {
          l.dispose();
          resolve();
        }
      });
    });
    const running = vscode.commands.executeCommand('recur.trainOnWorkspace') as Thenable<TrainingOutcome>;
    await firstStep;
    await body(running);
  } finally {
    await configure({ 'training.maxSteps': TINY['training.maxSteps'], 'training.maxMinutes': TINY['training.maxMinutes'] });
  }
}

/** Stop Training ends a run without a step budget within 4 s, keeping the latest checkpoint. */
async function stopEndsALongRunQuickly(this: Mocha.Context): Promise<void> {
  this.timeout(180_000);
  await duringLongRun(async (running) => {
    assert.match(api.statusBar.text, /training \d+%/);
    // What trains and how fast (tfjs-node: this checkout has it; the universal VSIX's UI test sees WebAssembly).
    assert.match(api.statusBar.tooltip, /Training with tfjs-node \(TensorFlow [\d.]+, 1 thread\): ([\d,]+|\?) characters per second\./);
    const stoppedAt = Date.now();
    await vscode.commands.executeCommand('recur.stopTraining');
    const outcome = await running;
    const took = Date.now() - stoppedAt;
    assert.equal(outcome.kind, 'finished', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'finished' && outcome.reason === 'stopped');
    assert.ok(took < 4000, `stopped in ${took} ms`);
    assert.ok(existsSync(api.paths.latestCheckpoint));
    assert.equal(api.training.isTraining, false);
  });
}

/** A killed training process fails the run, the previous best model stays in use, and a new run finishes. */
async function aDeadProcessIsReportedOnce(this: Mocha.Context): Promise<void> {
  this.timeout(180_000);
  await duringLongRun(async (running) => {
    const pid = api.training.processId;
    assert.ok(pid, 'a training process is running');
    process.kill(pid, 'SIGKILL');
    const outcome = await running;
    assert.equal(outcome.kind, 'failed');
    assert.ok(outcome.kind === 'failed' && /ended unexpectedly \(signal SIGKILL\)/.test(outcome.message), JSON.stringify(outcome));
    assert.equal(api.training.state.kind, 'failed');
    assert.match(api.statusBar.text, /Recur: ready/, 'the previous best model is still there');
  });
  const again = (await vscode.commands.executeCommand('recur.trainOnWorkspace')) as TrainingOutcome;
  assert.equal(again.kind, 'finished', JSON.stringify(again));
}

/** A model whose lock a live process holds is not trained: the run fails naming that process and the model is untouched. */
async function aLockedModelIsNotTrainedTwice(this: Mocha.Context): Promise<void> {
  this.timeout(120_000);
  const lock = `${api.paths.bestCheckpoint}.lock`;
  // This process stands in for the other window's training process: it is alive, so the lock is held.
  writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), purpose: 'Recur training process', since: '2030-01-01T00:00:00.000Z' }));
  try {
    const before = readFileSync(api.paths.bestCheckpoint);
    const outcome = (await vscode.commands.executeCommand('recur.trainOnWorkspace')) as TrainingOutcome;
    assert.equal(outcome.kind, 'failed');
    assert.ok(outcome.kind === 'failed' && outcome.message.includes(`is in use by another Recur training process (pid ${process.pid}`), JSON.stringify(outcome));
    assert.ok(readFileSync(api.paths.bestCheckpoint).equals(before), 'the model was not touched');
  } finally {
    rmSync(lock, { force: true });
  }
}

/** An unusable latest checkpoint fails the run with a message naming it, and is left as it was. */
async function anUnusableLatestCheckpointIsKept(this: Mocha.Context): Promise<void> {
  this.timeout(120_000);
  writeFileSync(api.paths.latestCheckpoint, 'RECURCK\nbroken');
  const outcome = (await vscode.commands.executeCommand('recur.trainOnWorkspace')) as TrainingOutcome;
  assert.equal(outcome.kind, 'failed');
  assert.ok(outcome.kind === 'failed' && outcome.message.includes(api.paths.latestCheckpoint), JSON.stringify(outcome));
  assert.equal(readFileSync(api.paths.latestCheckpoint, 'utf8'), 'RECURCK\nbroken');
  assert.equal(api.training.state.kind, 'failed');
  rmSync(api.paths.latestCheckpoint, { force: true });
}
