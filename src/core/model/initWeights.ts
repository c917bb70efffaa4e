// Seeded weight initialisation (pure TypeScript, no tfjs), in the layout of weights.ts.
//   embedding, input kernels, output kernel: Glorot uniform (per gate block for kernels)
//   recurrent kernels: an orthogonal [H, H] matrix per gate block
//   biases: 0, except the LSTM forget gate: 1 (remember by default)
import type { ModelConfig } from './config';
import { GATES_PER_CELL, type Weights, weightShapes } from './weights';
import { gaussian, type Random, seededRandom } from './random';

export function initWeights(config: ModelConfig, seed: number): Weights {
  const random = seededRandom(seed);
  const H = config.hiddenSize;
  const G = GATES_PER_CELL[config.cell];
  const weights: Weights = {};
  for (const [name, shape] of Object.entries(weightShapes(config))) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (name === 'embedding') {
      fillUniform(data, random, Math.sqrt(6 / (shape[0] + shape[1])));
    } else if (name === 'output.kernel') {
      fillUniform(data, random, Math.sqrt(6 / (shape[0] + shape[1])));
    } else if (name.endsWith('.kernel')) {
      fillUniform(data, random, Math.sqrt(6 / (shape[0] + H)));
    } else if (name.endsWith('.recurrent')) {
      // [H, G*H]: gate block k occupies columns k*H..(k+1)*H-1.
      for (let k = 0; k < G; k++) {
        const q = orthogonal(H, random); // [H, H]
        for (let r = 0; r < H; r++) for (let c = 0; c < H; c++) data[r * G * H + k * H + c] = q[r * H + c];
      }
    } else if (name.endsWith('.bias') && config.cell === 'lstm') {
      data.fill(1, H, 2 * H); // forget gate block (order i, f, g, o)
    }
    weights[name] = data;
  }
  return weights;
}

function fillUniform(data: Float32Array, random: Random, limit: number): void {
  for (let i = 0; i < data.length; i++) data[i] = (random() * 2 - 1) * limit;
}

/** A random orthogonal n x n matrix (row-major): Gram-Schmidt on Gaussian rows, in float64. */
function orthogonal(n: number, random: Random): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) q[i] = gaussian(random);
  for (let i = 0; i < n; i++) {
    const row = q.subarray(i * n, (i + 1) * n);
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < i; j++) {
        const prev = q.subarray(j * n, (j + 1) * n);
        let dot = 0;
        for (let k = 0; k < n; k++) dot += row[k] * prev[k];
        for (let k = 0; k < n; k++) row[k] -= dot * prev[k];
      }
    }
    let norm = 0;
    for (let k = 0; k < n; k++) norm += row[k] * row[k];
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < n; k++) row[k] /= norm;
  }
  return q;
}
