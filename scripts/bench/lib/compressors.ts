// General-purpose compressors as baselines, each given the training files as context:
//   bits(held-out) = 8 × (size(train + held-out) − size(train))
// so a compressor that adapts as it reads pays only for what the training files did not
// already teach it. Files are concatenated in order. PPMd (7-Zip, order 8) is the strongest;
// its model memory is raised to 1 GB so that it never restarts on these sizes. Compressors
// missing on the machine are skipped with a message (PPMd: Debian's 7zip package, 7zz).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

const brotli: Sizer = (data) => brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }).length;
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

const COMPRESSORS: { name: string; command?: string; size: Sizer }[] = [
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
      if (command && !installed(command)) return { name, bits: undefined, note: `${command} is not installed${command === '7zz' ? ' (apt-get install 7zip)' : ''}` };
      return { name, bits: 8 * (size(ab, scratch) - size(a, scratch)) };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
