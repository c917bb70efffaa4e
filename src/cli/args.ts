// Command-line flags: `--name value`, `--name=value` and boolean `--flag`; the rest are positionals.
import { accepts, describeRange, type NumberOption, type NumberRange, numberRange } from '../core/options';
import { CliError } from './output';

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[], booleanFlags: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (eq > 0) flags.set(name, arg.slice(eq + 1));
    else if (booleanFlags.includes(name)) flags.set(name, true);
    else {
      if (i + 1 >= argv.length) throw new CliError(`--${name} needs a value`);
      flags.set(name, argv[++i]);
    }
  }
  return { positionals, flags };
}

/** Rejects flags the command does not know, so typos do not pass silently. */
export function checkFlags(args: ParsedArgs, known: readonly string[]): void {
  for (const name of args.flags.keys()) if (!known.includes(name)) throw new CliError(`unknown option --${name}`);
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  if (value === true) throw new CliError(`--${name} needs a value`);
  return value;
}

/**
 * A number flag, checked against the range it takes (a knob's NumberOption, or bounds given
 * here for a flag only the CLI has); undefined when not given.
 */
export function numberFlag(args: ParsedArgs, name: string, range: Partial<NumberRange> = {}): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  const taken = numberRange(range);
  if (!accepts(taken, value)) throw new CliError(`--${name} must be ${describeRange(taken)}, not "${text}"`);
  return value;
}

/** The flag that sets a knob: its value, or the knob's default when not given. */
export function optionFlag(args: ParsedArgs, name: string, option: NumberOption): number {
  return numberFlag(args, name, option) ?? option.default;
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}
