// The index job's speed beside paq8px's on the same text, in the same run (issue 22: the
// index job at least 100x faster than paq8px -8). Both in CPU time per byte: the machine is
// shared, and wall time says more about the load than about the code. paq8px reads the first
// PAQ8PX_SAMPLE_BYTES of the training text (about 12 s of CPU at its 5 KB/s); it runs only when
// the PAQ8PX environment variable names its binary (a baseline only, never part of Recur).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PAQ8PX_SAMPLE_BYTES = 64 * 1024;

/** CPU seconds (user + system) this process has used so far. */
export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** paq8px -8's CPU microseconds per byte compressing the start of `text`; undefined without PAQ8PX. */
export function paq8pxMicrosPerByte(text: Uint8Array): number | undefined {
  const binary = process.env.PAQ8PX;
  if (!binary) return undefined;
  const sample = text.subarray(0, PAQ8PX_SAMPLE_BYTES);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-paq8px-speed-'));
  try {
    const input = path.join(scratch, 'input');
    writeFileSync(input, sample);
    // bash's `time` reports the child's user and system CPU seconds.
    const script = 'TIMEFORMAT="%3U %3S"; { time "$0" -8 "$1" "$2" >/dev/null 2>&1; } 2>&1';
    const [user, system] = execFileSync('bash', ['-c', script, binary, input, path.join(scratch, 'out.paq8px')], { encoding: 'utf8' })
      .trim()
      .split(/\s+/)
      .map(Number);
    return ((user + system) * 1e6) / sample.length;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** "index job 41.6 µs/byte of CPU; paq8px -8 187.0 µs/byte on 64 KB of the same text, this run: the index job is 4.5x its speed (bar: 100x)" */
export function indexSpeedLine(indexCpuSeconds: number, indexBytes: number, paqMicros: number | undefined): string {
  const ours = (indexCpuSeconds * 1e6) / Math.max(1, indexBytes);
  const head = `index job ${ours.toFixed(1)} µs/byte of CPU`;
  if (paqMicros === undefined) return `${head} (set PAQ8PX to compare with paq8px -8)`;
  return `${head}; paq8px -8 ${paqMicros.toFixed(1)} µs/byte on ${PAQ8PX_SAMPLE_BYTES / 1024} KB of the same text, this run: the index job is ${(paqMicros / ours).toFixed(1)}x its speed (bar: 100x)`;
}
