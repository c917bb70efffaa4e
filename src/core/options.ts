// A knob declared once: its default and the values it may take. Each is declared next to the
// core type it sets (model/config.ts, corpus/readCorpus.ts, complete/completionEngine.ts...);
// the settings (package.json, checked against these by a unit test), src/settings.ts and the
// CLI's flags all read them, so a default or a range is never written twice. Pure.

/** The numbers a knob takes. */
export interface NumberRange {
  /** Smallest value taken (exclusive when exclusiveMin). -Infinity: none. */
  readonly min: number;
  readonly exclusiveMin: boolean;
  /** Largest value taken. Infinity: none. */
  readonly max: number;
  readonly integer: boolean;
}

export interface NumberOption extends NumberRange {
  readonly kind: 'number';
  readonly default: number;
}

export interface ChoiceOption<T extends string = string> {
  readonly kind: 'choice';
  readonly default: T;
  readonly values: readonly T[];
}

export interface BooleanOption {
  readonly kind: 'boolean';
  readonly default: boolean;
}

/** Anything else (a list of globs, a map of languages): its default, and what it must be. */
export interface ValueOption<T> {
  readonly kind: 'value';
  readonly default: T;
  /** Why a value cannot be taken ("must be a list of glob patterns"), or undefined when it can. */
  readonly check: (value: unknown) => string | undefined;
}

export type Option = NumberOption | ChoiceOption | BooleanOption | ValueOption<unknown>;

type Bounds = Partial<Pick<NumberRange, 'min' | 'max' | 'exclusiveMin'>>;

/** A range from the bounds given (the others open). */
export function numberRange(range: Partial<NumberRange>): NumberRange {
  return { min: range.min ?? -Infinity, max: range.max ?? Infinity, exclusiveMin: range.exclusiveMin ?? false, integer: range.integer ?? false };
}

/** The defaults of a set of options, by name. */
export function defaultsOf<T extends Record<string, Option>>(options: T): { -readonly [K in keyof T]: T[K]['default'] } {
  return Object.fromEntries(Object.entries(options).map(([name, option]) => [name, option.default])) as { -readonly [K in keyof T]: T[K]['default'] };
}

export function integerOption(value: number, bounds: Bounds = {}): NumberOption {
  return { kind: 'number', default: value, ...numberRange({ ...bounds, integer: true }) };
}

export function numberOption(value: number, bounds: Bounds = {}): NumberOption {
  return { kind: 'number', default: value, ...numberRange({ ...bounds, integer: false }) };
}

export function choiceOption<T extends string>(value: T, values: readonly T[]): ChoiceOption<T> {
  return { kind: 'choice', default: value, values };
}

export function booleanOption(value: boolean): BooleanOption {
  return { kind: 'boolean', default: value };
}

export function valueOption<T>(value: T, check: (value: unknown) => string | undefined): ValueOption<T> {
  return { kind: 'value', default: value, check };
}

/** A value as a message quotes it: JSON, cut to 40 characters. */
export function quoteValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * Why `value` cannot be taken by `option` ("must be an integer >= 1 <= 4, not 2.5"), or
 * undefined when it can. The one check every setting, flag and stored configuration goes
 * through; the caller names the setting, flag or file and says how to fix it.
 */
export function optionProblem(option: Option, value: unknown): string | undefined {
  switch (option.kind) {
    case 'number':
      return accepts(option, value) ? undefined : `must be ${describeRange(option)}, not ${quoteValue(value)}`;
    case 'choice':
      return typeof value === 'string' && option.values.includes(value) ? undefined : `must be one of ${option.values.map((v) => JSON.stringify(v)).join(', ')}, not ${quoteValue(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, not ${quoteValue(value)}`;
    case 'value': {
      const problem = option.check(value);
      return problem && `${problem}, not ${quoteValue(value)}`;
    }
  }
}

/** A ValueOption check: a list of non-empty strings. */
export function listOfStrings(what: string): (value: unknown) => string | undefined {
  return (value) => (Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '') ? undefined : `must be a list of ${what}`);
}

/** A ValueOption check: an object whose values are all true or false. */
export function mapOfBooleans(what: string): (value: unknown) => string | undefined {
  return (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'boolean') ? undefined : `must be an object of ${what} to true or false`;
}

/** True when `value` is a finite number within the range (integer or not). */
export function inRange(option: NumberRange, value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (option.exclusiveMin ? value <= option.min : value < option.min) return false;
  return value <= option.max;
}

/** True when `value` is a number the range takes (in range, and an integer where it must be). */
export function accepts(option: NumberRange, value: unknown): value is number {
  return inRange(option, value) && (!option.integer || Number.isInteger(value));
}

/** "an integer >= 1 <= 4", "a number > 0": what the range takes, for error messages. */
export function describeRange(option: NumberRange): string {
  const parts = [option.integer ? 'an integer' : 'a number'];
  if (option.min > -Infinity) parts.push(`${option.exclusiveMin ? '>' : '>='} ${option.min}`);
  if (option.max < Infinity) parts.push(`<= ${option.max}`);
  return parts.join(' ');
}

/** The option with a narrower range (e.g. a flag that must be >= 1 where the setting takes 0 for "none"). */
export function narrowed(option: NumberOption, range: Bounds): NumberOption {
  return { ...option, min: range.min ?? option.min, max: range.max ?? option.max, exclusiveMin: range.exclusiveMin ?? option.exclusiveMin };
}
