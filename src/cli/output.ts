// How the CLI talks: progress on stderr, results on stdout; with --json the last line on
// stdout is one JSON object. A CliError is printed as one line and exits non-zero.

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function result(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** JSON with non-finite numbers as null (JSON has no NaN). */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}
