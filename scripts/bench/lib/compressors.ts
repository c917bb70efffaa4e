// General-purpose compressors as baselines, each given the training files as context:
//   bits(held-out) = 8 × (size(train + held-out) − size(train))
// so a compressor that adapts as it reads pays only for what the training files did not
// already teach it. Files are concatenated in order. PPMd (7-Zip, order 8; its model memory
// raised to 1 GB so that it never restarts on these sizes) and zpaq -m5 are the strong
// general-purpose ones; paq8px -8, the strongest practical context mixer, runs when the
// PAQ8PX environment variable names its binary (a baseline only: /work/shared/tools/paq8px,
// never part of Recur). Compressors missing on the machine are skipped with a message
// (Debian packages: 7zip for 7zz, zpaq). The slow ones (zpaq, paq8px: about 3 KB/s) cache
// each size under ~/.cache/recur/bench/sizes/, keyed by the sha256 of the input.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

export interface CompressorResult {
  name: string;
  /** Bits for the held-out bytes, or undefined when the compressor is not installed. */
  bits: number | undefined;
  note?: string;
}

type Sizer = (data: Buffer, scratch: string) => number;

const brotli: Sizer = (data) =>
  brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }).length;
const xz: Sizer = (data) => execFileSync('xz', ['-9e', '--format=raw', '--quiet', '-c'], { input: data, maxBuffer: 1 << 30 }).length;
const zstd: Sizer = (data) => execFileSync('zstd', ['-19', '--long=27', '-c', '-q'], { input: data, maxBuffer: 1 << 30 }).length;
const ppmd: Sizer = (data, scratch) => {
  const input = path.join(scratch, 'input');
  const archive = path.join(scratch, `input-${Math.random().toString(36).slice(2)}.7z`);
  writeFileSync(input, data);
  execFileSync('7zz', ['a', '-bd', '-bso0', '-m0=PPMd:o=8:mem=1g', archive, input], { stdio: 'ignore' });
  const size = statSync(archive).size;
  rmSync(archive);
  return size;
};

const zpaq: Sizer = (data, scratch) => {
  const input = path.join(scratch, 'input');
  const archive = path.join(scratch, 'input.zpaq');
  writeFileSync(input, data);
  rmSync(archive, { force: true });
  execFileSync('zpaq', ['a', archive, input, '-m5'], { stdio: 'ignore', cwd: scratch });
  const size = statSync(archive).size;
  rmSync(archive);
  return size;
};
const paq8px: Sizer = (data, scratch) => {
  const input = path.join(scratch, 'input');
  const archive = path.join(scratch, 'input.paq8px');
  writeFileSync(input, data);
  rmSync(archive, { force: true });
  execFileSync(process.env.PAQ8PX as string, ['-8', input, archive], { stdio: 'ignore', cwd: scratch });
  const size = statSync(archive).size;
  rmSync(archive);
  return size;
};

/** A Sizer whose results are kept on disk by the input's hash (for compressors that take minutes). */
function cached(name: string, size: Sizer): Sizer {
  const dir = path.join(process.env.RECUR_CACHE_DIR || path.join(os.homedir(), '.cache', 'recur'), 'bench', 'sizes');
  return (data, scratch) => {
    const file = path.join(dir, `${name}-${createHash('sha256').update(data).digest('hex').slice(0, 32)}.txt`);
    if (existsSync(file)) return Number(readFileSync(file, 'utf8'));
    const bytes = size(data, scratch);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, String(bytes));
    return bytes;
  };
}

const COMPRESSORS: { name: string; command?: string; size: Sizer }[] = [
  { name: 'paq8px -8', command: process.env.PAQ8PX ? process.env.PAQ8PX : 'paq8px-unset', size: cached('paq8px-8', paq8px) },
  { name: 'zpaq -m5', command: 'zpaq', size: cached('zpaq-m5', zpaq) },
  { name: 'PPMd o8 (7-Zip)', command: '7zz', size: ppmd },
  { name: 'xz -9e', command: 'xz', size: xz },
  { name: 'zstd -19 --long', command: 'zstd', size: zstd },
  { name: 'brotli q11', size: brotli },
];

function installed(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function compressorBits(train: readonly Uint8Array[], held: readonly Uint8Array[]): CompressorResult[] {
  const a = Buffer.concat(train.map((f) => Buffer.from(f)));
  const ab = Buffer.concat([a, ...held.map((f) => Buffer.from(f))]);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-compress-'));
  try {
    return COMPRESSORS.map(({ name, command, size }) => {
      if (command === 'paq8px-unset') return { name, bits: undefined, note: 'set PAQ8PX to the paq8px binary to include it (/work/shared/tools/paq8px/build.sh)' };
      if (command && !installed(command))
        return { name, bits: undefined, note: `${command} is not installed${command === '7zz' ? ' (apt-get install 7zip)' : command === 'zpaq' ? ' (apt-get install zpaq)' : ''}` };
      return { name, bits: 8 * (size(ab, scratch) - size(a, scratch)) };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
