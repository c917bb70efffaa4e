// Per-unit statistics over a window of characters, for the activations heatmap: which units
// vary most (the "most informative" ones are shown first) and how large each unit gets.
// Matrices are row-major Float32Arrays: values [C*H], row k = the layer's state after
// character k, column j = unit j.

/**
 * Per-character rows of a per-byte matrix: out row k = values row lastByte[k].
 * values [T*H] (row t = the state after byte t), lastByte [C] -> out [C*H].
 * A character's state is the state after its last byte.
 */
export function rowsAt(values: Float32Array, H: number, lastByte: Int32Array): Float32Array {
  const out = new Float32Array(lastByte.length * H);
  for (let k = 0; k < lastByte.length; k++) out.set(values.subarray(lastByte[k] * H, (lastByte[k] + 1) * H), k * H);
  return out;
}

/** Population variance of each column: values [C*H] -> [H] (0 when C = 0). */
export function unitVariance(values: Float32Array, C: number, H: number): Float32Array {
  const mean = new Float64Array(H);
  const out = new Float32Array(H);
  if (C === 0) return out;
  for (let k = 0; k < C; k++) for (let j = 0; j < H; j++) mean[j] += values[k * H + j];
  for (let j = 0; j < H; j++) mean[j] /= C;
  const sq = new Float64Array(H);
  for (let k = 0; k < C; k++) {
    for (let j = 0; j < H; j++) {
      const d = values[k * H + j] - mean[j];
      sq[j] += d * d;
    }
  }
  for (let j = 0; j < H; j++) out[j] = sq[j] / C;
  return out;
}

/** Largest |value| of each column: values [C*H] -> [H]. */
export function unitMaxAbs(values: Float32Array, C: number, H: number): Float32Array {
  const out = new Float32Array(H);
  for (let k = 0; k < C; k++) {
    for (let j = 0; j < H; j++) {
      const a = Math.abs(values[k * H + j]);
      if (a > out[j]) out[j] = a;
    }
  }
  return out;
}

/** Unit ids by descending score (ties: lower id first; NaN last). [H] -> [H]. */
export function rankUnits(score: Float32Array): Int32Array {
  const key = (j: number) => (Number.isNaN(score[j]) ? -Infinity : score[j]);
  const order = Array.from({ length: score.length }, (_, j) => j);
  order.sort((a, b) => key(b) - key(a) || a - b);
  return Int32Array.from(order);
}
