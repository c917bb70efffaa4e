// Rows of 256 values (state maps, one per model) joined into one tensor [rows, 256] for a
// checkpoint section, and split back.

export function joinRows<T extends Float32Array | Uint16Array>(rows: T[]): T {
  const out = new (rows[0].constructor as new (n: number) => T)(rows.length * 256);
  rows.forEach((row, i) => out.set(row, i * 256));
  return out;
}

/** Views (not copies) of the rows of data [count, 256]. */
export function splitRows<T extends Float32Array | Uint16Array>(data: T, count: number): T[] {
  return Array.from({ length: count }, (_, i) => data.subarray(i * 256, (i + 1) * 256) as T);
}
