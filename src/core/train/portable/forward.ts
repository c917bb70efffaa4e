// The forward pass over one chunk on the Engine's kernels, time-major (chunk.ts's buffers):
//   layer 0:  z_t = table[byte id]  with table = embedding W_0 + b_0 [V, G*Hp] (one small
//             product instead of the input projection of all N rows)
//   layer l:  z = h_{l-1} W_l + b_l for all N rows at once (one product)
//   every t:  the recurrent product h_{t-1} U [B, G*Hp] into z_t (GRU: into hp_t with b_h),
//             then the cell's nonlinearities (recurrence.ts)
//   head:     logits = h_top W_out + b_out (+ logitBias) [N, V]; softmax cross-entropy per row
// logitBias, when given, is a fixed addend per row [B, T, V] (row-major, as the step's inputs):
// the loss is then that of softmax(logits + logitBias), a product of the network's distribution
// with another model's (logitBias = its log-probabilities), and the gradient reaches the
// network through the logits as before.
// Returns the summed nats of the chunk; with `gradient`, the logits are left holding
// d(mean nats)/d logits for the backward pass, else the softmax.
import type { ChunkBuffers } from './chunk';
import type { Engine } from './engine';

export function forwardChunk(e: Engine, c: ChunkBuffers, gradient: boolean, logitBias?: Float32Array): number {
  const { k, dims } = e;
  const { G, Hp, Ep, V, L } = dims;
  const { N, B } = c;
  const GH = G * Hp;
  const w0 = e.layer(e.params, 0);
  k.fillRows(c.table, V, GH, w0.bias);
  e.gemm(V, GH, Ep, e.addr(e.params, 'embedding'), Ep, e.packed[0].kernel, c.table, GH, true);
  k.gatherRows(c.table, c.ids, N, GH, c.layers[0].z);
  for (let l = 0; l < L; l++) {
    if (l > 0) {
      k.fillRows(c.layers[l].z, N, GH, e.layer(e.params, l).bias);
      e.gemm(N, GH, Hp, c.layers[l - 1].h + B * Hp * 4, Hp, e.packed[l].kernel, c.layers[l].z, GH, true);
    }
    e.recurrence(false, l, c.T, B, c.layers[l]);
  }
  const top = c.layers[L - 1].h + B * Hp * 4;
  k.fillRows(c.logits, N, V, e.addr(e.params, 'output.bias'));
  if (logitBias) addRowsTimeMajor(e.memory.f32, c.logits / 4, logitBias, B, c.T, V);
  e.gemm(N, V, Hp, top, Hp, e.packedOut.kernel, c.logits, V, true);
  k.softmaxXent(c.logits, c.targets, N, V, 1 / N, gradient ? 1 : 0, c.stats);
  return summedNats(e, c);
}

/** Σ over rows of log Σ e^(x - max) + max - x[target] (softmaxXent's stats [N, 3]). */
function summedNats(e: Engine, c: ChunkBuffers): number {
  const stats = e.memory.f32;
  let nats = 0;
  for (let r = 0, i = c.stats / 4; r < c.N; r++, i += 3) nats += Math.log(stats[i]) + stats[i + 1] - stats[i + 2];
  return nats;
}

/** rows [B, T, V] (row-major) added to x [T B, V] (time-major: row t B + b) at f32 index `at`. */
function addRowsTimeMajor(f32: Float32Array, at: number, rows: Float32Array, B: number, T: number, V: number): void {
  if (rows.length !== B * T * V) throw new Error(`a logit bias must hold ${B} x ${T} x ${V} floats, not ${rows.length}`);
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) {
      const from = (b * T + t) * V;
      const to = at + (t * B + b) * V;
      for (let v = 0; v < V; v++) f32[to + v] += rows[from + v];
    }
}
