// The recurrent layer's loop over the chunk's T steps, for a run of batch rows [b0, b0 + rows)
// (streams are independent: threads take different rows and never wait for each other
// within the loop). Forward, per step: h_{t-1} U into z_t (GRU: into hp_t, with b_h), then
// the cell (train.wat). Backward, t = T-1 .. 0: the cell turns dY_t into dz_t, then
// dY_{t-1} += dz_t Uᵀ (GRU: dhp_t Uᵀ). chunk.ts has the buffers' layout.
// Both functions are self-contained (no imports, no closures, numbers only): threads.ts
// ships their source to the worker threads.
import type { KernelExports } from './kernels';

/** Indices into the parameter vector (Int32Array) of recurrenceForward / recurrenceBackward. */
export const RECURRENCE = { cell: 0, T: 1, B: 2, Hp: 3, G: 4, z: 5, hp: 6, h: 7, c: 8, U: 9, UT: 10, recurrentBias: 11, dY: 12, dc: 13, dh0: 14, rowBlock: 15, depthHp: 16, depthGH: 17 } as const;
export const RECURRENCE_PARAMS = 18;
/** Cells by number in the parameter vector. */
export const CELL_CODES = { lstm: 0, gru: 1, rnn: 2 } as const;

/** Layer forward over rows [b0, b0 + rows): z (hp) hold the input side, h (c) rows 0..B-1 the initial state. */
export function recurrenceForward(k: KernelExports, p: Int32Array, b0: number, rows: number): void {
  const cell = p[0],
    T = p[1],
    B = p[2],
    Hp = p[3],
    GH = p[4] * p[3];
  const stateBytes = B * Hp * 4,
    gateBytes = B * GH * 4,
    rowState = b0 * Hp * 4,
    rowGate = b0 * GH * 4;
  for (let t = 0; t < T; t++) {
    const hPrev = p[7] + t * stateBytes + rowState;
    const z = p[5] + t * gateBytes + rowGate;
    if (cell === 0) {
      k.gemm(rows, GH, Hp, hPrev, Hp, p[9], z, GH, 1, p[15], p[16]);
      k.lstmForward(z, p[8] + t * stateBytes + rowState, p[8] + (t + 1) * stateBytes + rowState, hPrev + stateBytes, rows, Hp);
    } else if (cell === 1) {
      const hp = p[6] + t * gateBytes + rowGate;
      k.fillRows(hp, rows, GH, p[11]);
      k.gemm(rows, GH, Hp, hPrev, Hp, p[9], hp, GH, 1, p[15], p[16]);
      k.gruForward(z, hp, hPrev, hPrev + stateBytes, rows, Hp);
    } else {
      k.gemm(rows, GH, Hp, hPrev, Hp, p[9], z, GH, 1, p[15], p[16]);
      k.rnnForward(z, hPrev + stateBytes, rows * Hp);
    }
  }
}

/** Layer backward over rows [b0, b0 + rows): dY in; dz (GRU: dxp in z, dhp in hp) out. */
export function recurrenceBackward(k: KernelExports, p: Int32Array, b0: number, rows: number): void {
  const cell = p[0],
    T = p[1],
    B = p[2],
    Hp = p[3],
    GH = p[4] * p[3];
  const stateBytes = B * Hp * 4,
    gateBytes = B * GH * 4,
    rowState = b0 * Hp * 4,
    rowGate = b0 * GH * 4;
  const dc = p[13] + rowState,
    dh0 = p[14] + rowState;
  k.zero(dc, rows * Hp);
  k.zero(dh0, rows * Hp);
  for (let t = T - 1; t >= 0; t--) {
    const z = p[5] + t * gateBytes + rowGate;
    const dh = p[12] + t * stateBytes + rowState;
    const dhPrev = t > 0 ? dh - stateBytes : 0;
    if (cell === 0) {
      k.lstmBackward(z, p[8] + t * stateBytes + rowState, p[8] + (t + 1) * stateBytes + rowState, dh, dc, rows, Hp);
      if (dhPrev) k.gemm(rows, Hp, GH, z, GH, p[10], dhPrev, Hp, 1, p[15], p[17]);
    } else if (cell === 1) {
      const hp = p[6] + t * gateBytes + rowGate;
      k.gruBackward(z, hp, p[7] + t * stateBytes + rowState, dh, dhPrev || dh0, rows, Hp);
      if (dhPrev) k.gemm(rows, Hp, GH, hp, GH, p[10], dhPrev, Hp, 1, p[15], p[17]);
    } else {
      k.rnnBackward(z, p[7] + (t + 1) * stateBytes + rowState, dh, rows * Hp);
      if (dhPrev) k.gemm(rows, Hp, GH, z, GH, p[10], dhPrev, Hp, 1, p[15], p[17]);
    }
  }
}
