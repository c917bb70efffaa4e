// Takes a checkpoint file apart and puts it back with an edited header, in version 2 (no
// header checksum) or 3 layout: how the hostile-checkpoint tests (and the hostile-inputs
// benchmark) make damaged and malicious files that still pass every check they do not aim at;
// and deflateBomb, a small tensor that inflates to gigabytes.
import zlib, { crc32 } from 'node:zlib';

export interface CheckpointParts {
  header: Record<string, unknown> & { tensors: { name: string; shape: number[]; dtype?: string; bytes?: number; encoding?: string; crc32?: number }[] };
  /** The tensors' stored bytes, in header order. */
  tensors: Buffer;
}

const MAGIC = Buffer.from('RECURCK\n', 'latin1');

export function splitCheckpoint(bytes: Buffer): CheckpointParts {
  const length = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.subarray(12, 12 + length).toString('utf8')) as CheckpointParts['header'];
  const tensorsAt = 12 + length + (header.version === 3 ? 4 : 0);
  return { header, tensors: bytes.subarray(tensorsAt) };
}

export function joinCheckpoint(parts: CheckpointParts, version: 2 | 3): Buffer {
  let json = Buffer.from(JSON.stringify({ ...parts.header, version }), 'utf8');
  json = Buffer.concat([json, Buffer.alloc((4 - (json.length % 4)) % 4, 0x20)]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const framed = Buffer.concat([MAGIC, length, json]);
  if (version === 2) return Buffer.concat([framed, parts.tensors]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32LE(crc32(framed));
  return Buffer.concat([framed, checksum, parts.tensors]);
}

/** Where each tensor's stored bytes are in `parts.tensors`. */
export function tensorOffsets(parts: CheckpointParts): Map<string, { offset: number; bytes: number }> {
  const out = new Map<string, { offset: number; bytes: number }>();
  let offset = 0;
  for (const t of parts.header.tensors) {
    const bytes = t.bytes ?? t.shape.reduce((a, b) => a * b, 1) * 4;
    out.set(t.name, { offset, bytes });
    offset += bytes;
  }
  return out;
}

/** The parts with one tensor's stored bytes replaced (its entry's bytes and crc32 made to match). */
export function replaceTensor(parts: CheckpointParts, name: string, stored: Buffer, entry: Partial<CheckpointParts['header']['tensors'][number]> = {}): CheckpointParts {
  const where = tensorOffsets(parts).get(name);
  if (!where) throw new Error(`no tensor ${name}`);
  const tensors = Buffer.concat([parts.tensors.subarray(0, where.offset), stored, parts.tensors.subarray(where.offset + where.bytes)]);
  const entries = parts.header.tensors.map((t) => (t.name === name ? { ...t, ...entry, bytes: stored.length, crc32: crc32(stored) } : t));
  return { header: { ...parts.header, tensors: entries }, tensors };
}

/** A raw deflate stream of `chunks` x 64 MB of zeros, about 65 KB per chunk (Z_FULL_FLUSH segments repeat exactly). */
export async function deflateBomb(chunks: number): Promise<Buffer> {
  const d = zlib.createDeflateRaw({ level: 9, memLevel: 9 });
  const out: Buffer[] = [];
  d.on('data', (b: Buffer) => out.push(b));
  d.write(Buffer.alloc(64 << 20));
  await new Promise<void>((resolve) => d.flush(zlib.constants.Z_FULL_FLUSH, () => resolve()));
  const segment = Buffer.concat(out.splice(0));
  const end = new Promise<void>((resolve) => d.on('end', () => resolve()));
  d.end();
  await end;
  return Buffer.concat([...Array<Buffer>(chunks).fill(segment), ...out]);
}
