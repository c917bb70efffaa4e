// Lab: why a base model does or does not suggest a name from a file saved a moment ago (the
// in-host test in test/vscode/workspaceIndex.test.ts, which later base networks failed). The
// test's workspace (test/fixtures/workspace-small) is indexed by the index job with the given
// base model, without and with src/live.ts defining zorblatQuintessence; for each, the
// suggestion `recur complete` makes after the test's prompt; then, with live.ts, each byte of
// the name's rest under the stack and the network alone, and at the least likely byte the
// stack's likeliest bytes and the inputs that pushed most (logit units over its 8 bits).
// Not the product: a diagnosis tool.
//   tsx scripts/lab/savedNameProbe.ts BASE.recur
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCheckpoint, writeCheckpointAtomic } from '../../src/core/model/checkpoint';
import { InferenceModel } from '../../src/core/infer/inferenceModel';
import { SteppedLstm } from '../../src/core/infer/steppedLstm';
import { ByteHistory } from '../../src/core/predict/byteHistory';
import { Cursor } from '../../src/core/predict/cursor';
import { MATCH_SOURCES } from '../../src/core/predict/predictorStack';
import { stackFromSection } from '../../src/core/predict/stackState';
import { languageCodeOfPath } from '../../src/core/languages';
import { indexFolders } from '../bench/lib/benchIndex';

const repo = path.resolve(__dirname, '..', '..');
const PROMPT = 'import { zorblatQuintessence } from "./live";\n\nconst total = zorblatQui';
const REST = 'ntessence';
const LIVE = 'export const placeholder = 1;\n\nexport function zorblatQuintessence(count: number): number {\n  return count * 7;\n}\n';
const show = (byte: number) => JSON.stringify(String.fromCharCode(byte));

const base = process.argv[2];
if (!base) throw new Error('give the base model: tsx scripts/lab/savedNameProbe.ts BASE.recur');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-probe-'));

/** The base model with the index of workspace-small (and live.ts) as its context models, written to a file. */
async function indexed(withLive: boolean): Promise<string> {
  const ws = path.join(scratch, withLive ? 'with-live' : 'without');
  cpSync(path.join(repo, 'test', 'fixtures', 'workspace-small'), ws, { recursive: true });
  if (withLive) writeFileSync(path.join(ws, 'src', 'live.ts'), LIVE);
  const { checkpoint } = await indexFolders(readCheckpoint(base), [ws], []);
  const file = `${ws}.recur`;
  writeCheckpointAtomic(file, checkpoint);
  return file;
}

function suggestion(checkpoint: string): string {
  const prompt = path.join(scratch, 'prompt.ts');
  writeFileSync(prompt, PROMPT);
  const out = execFileSync(process.execPath, [path.join(repo, 'bin', 'recur.js'), 'complete', checkpoint, '--file', prompt, '--offset', String(PROMPT.length), '--json'], { encoding: 'utf8' });
  const best = (JSON.parse(out.trim().split('\n').pop()!) as { candidates: { text: string; acceptProbability: number }[] }).candidates[0];
  return best ? `${JSON.stringify(best.text)} (acceptance estimate ${best.acceptProbability.toFixed(3)})` : 'none';
}

/** Each byte of REST after PROMPT: P under the stack and the network; the weakest byte explained. */
function byteByByte(checkpoint: string): void {
  const ckpt = readCheckpoint(checkpoint);
  const stack = stackFromSection(ckpt.context!);
  const lstm = new SteppedLstm(new InferenceModel(ckpt.model, ckpt.weights));
  const text = new TextEncoder().encode(PROMPT + REST);
  const cursor = new Cursor(MATCH_SOURCES);
  cursor.language = stack.languageContexts ? languageCodeOfPath('prompt.ts') : 0;
  const document = new ByteHistory(4096, 12);
  const histories = stack.histories(document);
  const contributions = new Float32Array(stack.inputs.length);
  let weakest = { p: 2, at: 0, lines: [] as string[] };
  lstm.reset();
  for (let i = 0; i < text.length; i++) {
    const q = lstm.distribution();
    if (i >= PROMPT.length) {
      const p = stack.explainByte(cursor, document, q, text[i], contributions);
      console.log(`  ${show(text[i])} stack ${p.toFixed(3)}, network ${q[text[i]].toFixed(3)}`);
      if (p < weakest.p) {
        const bytes = new Int32Array(3);
        const probs = new Float64Array(3);
        const n = stack.topBytes(cursor, document, q, 3, 0.001, bytes, probs);
        const order = Array.from(contributions.keys()).sort((a, b) => Math.abs(contributions[b]) - Math.abs(contributions[a]));
        weakest = {
          p,
          at: i,
          lines: [
            `stack's likeliest: ${Array.from({ length: n }, (_, k) => `${show(bytes[k])} ${probs[k].toFixed(3)}`).join(', ')}`,
            ...order.slice(0, 8).map((k) => `  ${stack.inputs[k].name.padEnd(20)} ${contributions[k].toFixed(2)}`),
          ],
        };
      }
    }
    stack.learnByte(cursor, document, q, text[i]);
    cursor.push(text[i], histories);
    document.append(text[i]);
    lstm.advance(text[i]);
  }
  console.log(`the least likely byte: ${show(text[weakest.at])} after ${JSON.stringify(PROMPT.slice(-6) + REST.slice(0, weakest.at - PROMPT.length))}, ${weakest.p.toFixed(3)}`);
  for (const line of weakest.lines) console.log(`  ${line}`);
}

(async () => {
  try {
    const without = await indexed(false);
    const withLive = await indexed(true);
    console.log(`${base}\nsuggestion without live.ts: ${suggestion(without)}\nsuggestion with live.ts:    ${suggestion(withLive)}\nwith live.ts, byte by byte:`);
    byteByByte(withLive);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
})();
