// Runs last (files run in name order): Recur's processes in this suite (the extension host
// code it runs and its training process) tried no network access. scripts/run-vscode-tests.mjs
// loads test/support/no-network.cjs into code-server's processes, which blocks and records
// every attempt; code-server's own (its extension gallery) are recorded too, and are not
// Recur's: an attempt is Recur's when it was made by its training process or from its code.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as dns from 'node:dns';
import * as vscode from 'vscode';
import type { RecurApi } from '../../src/extension';

interface NetRecord {
  kind: 'loaded' | 'blocked';
  api?: string;
  target?: string;
  pid: number;
  argv: string[];
  stack?: string;
}

suite('offline', () => {
  const log = process.env.RECUR_NET_LOG;
  const read = (): NetRecord[] =>
    log && existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as NetRecord)
      : [];

  test('networking is blocked in the extension host (the guard works here)', async function () {
    if (!log) this.skip();
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => dns.lookup('localhost', (err) => resolve(err)));
    assert.equal(error?.code, 'ENETUNREACH');
    assert.ok(read().some((r) => r.kind === 'blocked' && r.pid === process.pid && r.target === 'localhost'));
  });

  test('Recur opened no connection and looked up no name, in the extension host or its training process', async function () {
    if (!log) this.skip();
    const extension = vscode.extensions.getExtension<RecurApi>('recur-dev.recur')!;
    const extensionPath = extension.extensionPath;
    const records = read();
    const trainingProcesses = records.filter((r) => r.kind === 'loaded' && r.argv.some((a) => a.startsWith(extensionPath) && a.endsWith('worker.js')));
    // The profile is new for each run: a training log means the suite trained (a --grep run may not).
    if (existsSync((await extension.activate()).training.logFile)) assert.ok(trainingProcesses.length > 0, 'the training processes of this suite ran with the guard');
    const workerPids = new Set(trainingProcesses.map((r) => r.pid));
    const recurs = records.filter((r) => r.kind === 'blocked' && r.target !== 'localhost' && (workerPids.has(r.pid) || (r.stack ?? '').includes(extensionPath)));
    assert.deepEqual(
      recurs.map((r) => `${r.api} ${r.target}\n${r.stack}`),
      [],
    );
  });
});
