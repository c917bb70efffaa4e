// The buffers of one chunk of T steps of B streams (N = T B rows, row r = t B + b), laid out
// in the Engine's memory after its permanent part; re-laid when the shape changes. Per layer:
//   z   [N, G*Hp]        pre-activations; after the forward pass the gates (LSTM: σi σf tanh g σo;
//                        GRU: r z n; RNN: unused), after the backward pass d loss / d z
//   hp  [N, G*Hp]        GRU only: h_{t-1} W_h + b_h, then its gradient
//   h   [(T+1) B, Hp]    rows 0..B-1 the carried state h_{-1}, then h_0 .. h_{T-1}
//   c   [(T+1) B, Hp]    LSTM only: the same for the cell state
// Shared: ids, targets [N] (i32, time-major), logits [N, V] (then d loss / d logits), stats
// [N, 3] (softmaxXent's), the layer-0 table [V, G*Hp] = embedding W_0 + b_0. Backward only:
// dY [2][N, Hp] (d loss / d layer outputs, two layers at a time), dc and dh0 [B, Hp], a
// packed B operand [max(N, V) x max(G*Hp, V)], a transposed A operand [max(Hp, Ep) x max(N, V)],
// and the layer-0 segment sums [V, G*Hp].
// Memory in floats, N = T B, W = G Hp: N (5 + V) + 2 V W + L (N W k + (N + B) Hp m) with k = 2
// for GRU (hp), m = 2 for LSTM (c), else 1; backward adds 2 N Hp + 2 B Hp + max(N, V) max(W, V)
// + max(Hp, Ep) max(N, V). About 44 MB at E 64, 2 x LSTM 256, T 64, B 32; with engine.ts's
// permanent part (the parameters' 4 flat vectors and the packed weights, about 22 MB there),
// 64 MB in all, linear in T B L H.
import type { Engine } from './engine';

export interface ChunkLayer {
  z: number;
  hp: number; // 0 unless GRU
  h: number;
  c: number; // 0 unless LSTM
}

export class ChunkBuffers {
  readonly N: number;
  readonly ids: number;
  readonly targets: number;
  readonly stats: number;
  readonly logits: number;
  readonly table: number;
  readonly layers: ChunkLayer[];
  readonly dY: [number, number] = [0, 0];
  readonly dc: number = 0;
  readonly dh0: number = 0;
  readonly packedScratch: number = 0;
  readonly transposed: number = 0;
  readonly segment: number = 0;

  constructor(
    e: Engine,
    readonly T: number,
    readonly B: number,
    readonly withBackward: boolean,
  ) {
    const mem = e.memory;
    mem.release(e.scratchStart);
    const { G, Hp, Ep, V, L, cell } = e.dims;
    const N = (this.N = T * B);
    const GH = G * Hp;
    this.ids = mem.alloc(N);
    this.targets = mem.alloc(N);
    this.stats = mem.alloc(N * 3);
    this.logits = mem.alloc(N * V);
    this.table = mem.alloc(V * GH);
    this.layers = Array.from({ length: L }, () => ({
      z: mem.alloc(N * GH),
      hp: cell === 'gru' ? mem.alloc(N * GH) : 0,
      h: mem.alloc((N + B) * Hp),
      c: cell === 'lstm' ? mem.alloc((N + B) * Hp) : 0,
    }));
    if (withBackward) {
      this.dY = [mem.alloc(N * Hp), mem.alloc(N * Hp)];
      this.dc = mem.alloc(B * Hp);
      this.dh0 = mem.alloc(B * Hp);
      this.packedScratch = mem.alloc(Math.max(N, V) * Math.max(GH, V));
      this.transposed = mem.alloc(Math.max(Hp, Ep) * Math.max(N, V));
      this.segment = mem.alloc(V * GH);
    }
  }

  fits(T: number, B: number, withBackward: boolean): boolean {
    return this.T === T && this.B === B && (this.withBackward || !withBackward);
  }
}
