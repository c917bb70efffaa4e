// libtensorflow's start-up lines are dropped from the output of the processes we start
// (src/core/tensorflowNoise.mjs): the real lines of the real library, every way a stream
// can cut them, and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { isTensorflowNoise, tensorflowNoiseFilter } from '../../../src/core/tensorflowNoise.mjs';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const ABSL = 'WARNING: All log messages before absl::InitializeLog() is called are written to STDERR';
const ONEDNN =
  'I0000 00:00:1796573535.024934   12158 port.cc:153] oneDNN custom operations are on. You may see slightly different numerical results due to floating-point round-off errors from different computation orders. To turn them off, set the environment variable `TF_ENABLE_ONEDNN_OPTS=0`.';

function filtered(chunks: (string | Uint8Array)[]): string {
  let out = '';
  const filter = tensorflowNoiseFilter((text) => (out += text));
  for (const chunk of chunks) filter.push(chunk);
  filter.end();
  return out;
}

test('the start-up lines go, everything else stays in order, however the stream is cut', () => {
  const text = `${ABSL}\n${ONEDNN}\nstep 5: validation 2.1 bpc · ünïcode\n# ${ONEDNN}\nE tensorflow: oneDNN failed\nlast line without newline`;
  const expected = 'step 5: validation 2.1 bpc · ünïcode\nE tensorflow: oneDNN failed\nlast line without newline';
  assert.equal(filtered([text]), expected);
  const bytes = new TextEncoder().encode(text);
  for (let cut = 1; cut < bytes.length; cut += 7) assert.equal(filtered([bytes.slice(0, cut), bytes.slice(cut)]), expected, `cut at byte ${cut}`);
  assert.equal(filtered([...text]), expected, 'one character at a time');
});

test('only the known lines: a line that mentions oneDNN or absl otherwise is kept', () => {
  assert.ok(isTensorflowNoise(ABSL));
  assert.ok(isTensorflowNoise(`${ONEDNN}\r`));
  assert.ok(isTensorflowNoise(`# ${ABSL}`), "as node --test repeats a child's stderr");
  assert.ok(!isTensorflowNoise('oneDNN custom operations are on. (quoted in a log)'));
  assert.ok(!isTensorflowNoise(`${ABSL} and more`));
  assert.ok(!isTensorflowNoise('E0000 00:00:1796573535.024934   12158 port.cc:153] oneDNN custom operations are on. '));
});

test('loading the real libtensorflow: its stderr, filtered, is empty', () => {
  const load = spawnSync(process.execPath, ['-e', "require('@tensorflow/tfjs-node'); console.error('loaded')"], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    timeout: 120_000,
  });
  assert.equal(load.status, 0, load.stderr);
  const kept = filtered([load.stderr]);
  assert.equal(kept, 'loaded\n', `raw stderr:\n${load.stderr}`);
});
