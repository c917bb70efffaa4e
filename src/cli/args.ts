// Command-line flags, parsed by node:util's parseArgs in strict mode: `--name value`,
// `--name=value` and boolean `--flag`; an unknown flag or a missing value is an error, so
// typos do not pass silently. The rest are positionals (and everything after `--`).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { accepts, describeRange, type NumberOption, type NumberRange, numberRange } from '../core/options';
import { CliError } from './output';

/** The flags a command takes, by kind (a command may combine several, e.g. its own and CORPUS_FLAGS). */
export interface FlagSpec {
  strings?: readonly string[];
  booleans?: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | boolean>;
}

export function parseFlags(argv: readonly string[], ...specs: FlagSpec[]): ParsedArgs {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const spec of specs) {
    for (const name of spec.strings ?? []) options[name] = { type: 'string' };
    for (const name of spec.booleans ?? []) options[name] = { type: 'boolean' };
  }
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
    const flags = new Map<string, string | boolean>();
    for (const [name, value] of Object.entries(values)) if (typeof value === 'string' || typeof value === 'boolean') flags.set(name, value);
    return { positionals, flags };
  } catch (err) {
    throw new CliError(flagErrorMessage(err as Error & { code?: string }));
  }
}

/** parseArgs's complaint as one short line: "unknown option --x", "--steps needs a value". */
function flagErrorMessage(err: Error & { code?: string }): string {
  const flag = /'(--?[^' ]+)/.exec(err.message)?.[1];
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) return `unknown option ${flag}`;
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag && /argument missing/.test(err.message)) return `${flag} needs a value`;
  return err.message.split('. ')[0];
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
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
