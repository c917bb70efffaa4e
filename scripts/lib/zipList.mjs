// Reads a zip archive (a VSIX is one) from its central directory: its file list, one
// entry's text, or its files extracted. Node built-ins only (it runs where npm has installed
// nothing: the release workflow's containers). Plain zip (not zip64): archives under 4 GB
// with fewer than 65,536 entries, as vsce writes them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;

/** [{ name, size (uncompressed), compressedSize }] for every entry, in the archive's order. */
export function listZip(file) {
  return directory(readFileSync(file), file).map(({ name, size, compressedSize }) => ({ name, size, compressedSize }));
}

/** The text of one entry (e.g. extension.vsixmanifest). */
export function readZipEntry(file, name) {
  const zip = readFileSync(file);
  const entry = directory(zip, file).find((e) => e.name === name);
  if (!entry) throw new Error(`${file} holds no ${name}`);
  return entryData(zip, entry).toString('utf8');
}

/** Writes every entry whose name starts with `prefix` below `dest`, without the prefix (VS Code installs a VSIX's extension/ so). */
export function extractZip(file, prefix, dest) {
  const zip = readFileSync(file);
  for (const entry of directory(zip, file)) {
    if (!entry.name.startsWith(prefix) || entry.name.endsWith('/')) continue;
    const target = path.resolve(dest, entry.name.slice(prefix.length));
    if (!target.startsWith(path.resolve(dest) + path.sep)) throw new Error(`${file}: ${entry.name} points outside the folder`);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, entryData(zip, entry));
  }
}

/** Each entry's name, method, sizes and local header offset. */
function directory(zip, file) {
  const end = findEndOfDirectory(zip, file);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    if (zip.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new Error(`${file}: central directory entry ${i} is damaged`);
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      local: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** An entry's bytes: stored (method 0) or deflated (method 8). */
function entryData(zip, entry) {
  const dataAt = entry.local + 30 + zip.readUInt16LE(entry.local + 26) + zip.readUInt16LE(entry.local + 28);
  const data = zip.subarray(dataAt, dataAt + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`${entry.name}: compression method ${entry.method} is not supported`);
}

function findEndOfDirectory(zip, file) {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 65535); at--) {
    if (zip.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  throw new Error(`${file} is not a zip archive (no end of central directory)`);
}
