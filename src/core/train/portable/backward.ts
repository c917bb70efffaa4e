// The backward pass over one chunk (after forwardChunk with gradient = true), writing
// d(mean nats)/d parameter into the Engine's gradient vector. The carried initial state is
// a constant: nothing flows into it.
//   head:     dW_out = h_topᵀ dlogits,  db_out = Σ_rows dlogits,  dY_top = dlogits W_outᵀ
//   layer l, t = T-1 .. 0 (recurrence.ts): the cell's backward turns dY_t (which already
//             holds the recurrent carry) into dz_t in place, then dY_{t-1} += dz_t Uᵀ
//             (GRU: dhp_t Uᵀ, and the cell adds dh z directly)
//   then, over all N rows at once: dU = [h_{-1} .. h_{T-2}]ᵀ dZ, dW = xᵀ dZ, db = Σ dZ,
//             dY_{l-1} = dZ Wᵀ; layer 0's input is rows of the embedding, so with
//             S = dZ summed by byte id [V, G*Hp]: dW_0 = embeddingᵀ S, d embedding = S W_0ᵀ
import type { ChunkBuffers } from './chunk';
import type { Engine } from './engine';

export function backwardChunk(e: Engine, c: ChunkBuffers): void {
  const { k, dims } = e;
  const { Hp, V, L } = dims;
  const { N, B } = c;
  const top = c.layers[L - 1].h + B * Hp * 4;
  k.transpose(top, N, Hp, c.transposed); // [Hp, N]
  k.packB(c.logits, V, N, V, c.packedScratch);
  e.gemm(Hp, V, N, c.transposed, N, c.packedScratch, e.addr(e.grads, 'output.kernel'), V, false);
  k.colSums(c.logits, N, V, e.addr(e.grads, 'output.bias'));
  e.gemm(N, Hp, V, c.logits, V, e.packedOut.kernelT, c.dY[(L - 1) % 2], Hp, false);
  for (let l = L - 1; l >= 0; l--) {
    const dY = c.dY[l % 2];
    e.recurrence(true, l, c.T, B, { ...c.layers[l], dY, dc: c.dc, dh0: c.dh0 });
    weightGradients(e, c, l, l > 0 ? c.dY[(l - 1) % 2] : 0);
  }
}

/** Layer l's weight gradients from its dZ, and dY of the layer below (at dYBelow; none for layer 0). */
function weightGradients(e: Engine, c: ChunkBuffers, l: number, dYBelow: number): void {
  const { k, dims } = e;
  const { G, Hp, Ep, V, cell } = dims;
  const { N, B } = c;
  const GH = G * Hp;
  const buf = c.layers[l];
  const g = e.layer(e.grads, l);
  const dIn = buf.z; // d(x W + b) [N, GH]
  const dRec = cell === 'gru' ? buf.hp : buf.z; // d(h_{t-1} U (+ b_h)) [N, GH]
  k.transpose(buf.h, N, Hp, c.transposed); // [h_{-1} .. h_{T-2}]ᵀ [Hp, N]
  k.packB(dRec, GH, N, GH, c.packedScratch);
  e.gemm(Hp, GH, N, c.transposed, N, c.packedScratch, g.recurrent, GH, false);
  if (cell === 'gru') k.colSums(dRec, N, GH, g.recurrentBias);
  if (l > 0) {
    if (dRec !== dIn) k.packB(dIn, GH, N, GH, c.packedScratch);
    k.transpose(c.layers[l - 1].h + B * Hp * 4, N, Hp, c.transposed); // xᵀ [Hp, N]
    e.gemm(Hp, GH, N, c.transposed, N, c.packedScratch, g.kernel, GH, false);
    k.colSums(dIn, N, GH, g.bias);
    e.gemm(N, Hp, GH, dIn, GH, e.packed[l].kernelT, dYBelow, Hp, false);
    return;
  }
  e.memory.f32.fill(0, c.segment / 4, c.segment / 4 + V * GH);
  k.scatterAddRows(dIn, c.ids, N, GH, c.segment); // S [V, GH]
  k.colSums(c.segment, V, GH, g.bias);
  const embedding = e.addr(e.params, 'embedding');
  k.transpose(embedding, V, Ep, c.transposed); // [Ep, V]
  k.packB(c.segment, GH, V, GH, c.packedScratch);
  e.gemm(Ep, GH, V, c.transposed, V, c.packedScratch, g.kernel, GH, false);
  e.gemm(V, Ep, GH, c.segment, GH, e.packed[0].kernelT, e.addr(e.grads, 'embedding'), Ep, false);
}
