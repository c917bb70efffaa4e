// The portable backend stands alone: a process that trains a step with it loads no tfjs
// module (the eslint rule keeps the imports out; this checks what actually loads).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..', '..');

test('training a step on the portable backend loads no @tensorflow module', () => {
  const script = `
    const { PortableNetwork } = require('./src/core/train/portable/network');
    const { initWeights } = require('./src/core/model/initWeights');
    const config = { cell: 'lstm', vocabSize: 256, embeddingSize: 4, hiddenSize: 8, layers: 2 };
    const net = new PortableNetwork(config, initWeights(config, 1));
    const { loss } = net.step(Int32Array.from([104, 105, 33, 10]), Int32Array.from([105, 33, 10, 104]), 2, 1e-3, 5);
    const tfjs = Object.keys(require.cache).filter((file) => file.includes('@tensorflow'));
    console.log(JSON.stringify({ loss, tfjs, modules: Object.keys(require.cache).length }));`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const out = JSON.parse(result.stdout.trim().split('\n').pop() as string) as { loss: number; tfjs: string[]; modules: number };
  assert.ok(Number.isFinite(out.loss) && out.loss > 4 && out.loss < 7, `loss ${out.loss}`);
  assert.ok(out.modules > 5, 'the module list was read');
  assert.deepEqual(out.tfjs, []);
});
