// The shape of one CLI command (one file each under src/cli/).
export interface CliCommand {
  name: string;
  /** One line: the arguments, e.g. "CKPT DIR [--json]". */
  usage: string;
  summary: string;
  run(argv: string[]): Promise<void>;
}
