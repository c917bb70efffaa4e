// Whether a point of a document is in a string, a comment or other code: what VS Code's
// auto-closing asks its tokenizer (a pair with `notIn: ["string"]` is not closed inside a
// string). A small lexer instead of the TextMate grammars: line and block comments as the
// language's configuration declares them, and the string delimiters of its grammar
// (STRING_QUOTES), with backslash escapes. Not modelled: regular-expression literals and
// `${...}` inside template strings (their text counts as string).
import type { LanguageConfiguration } from './languageRules';

export type TokenType = 'other' | 'string' | 'comment';

export interface LexState {
  /** What an inserted neutral character would be in. */
  readonly inside: TokenType;
  /** The delimiter that ends it: a quote, the block comment's end, or '\n' for a line comment. */
  readonly until: string;
  /** The token type of the last character read ('other' at the start of a document). */
  readonly last: TokenType;
}

export const START: LexState = { inside: 'other', until: '', last: 'other' };

/** String delimiters per language id (longest first): what its grammar tokenizes as a string. */
const STRING_QUOTES: Readonly<Record<string, readonly string[]>> = {
  javascript: ['`', '"', "'"],
  typescript: ['`', '"', "'"],
  python: ['"""', "'''", '"', "'"],
  go: ['`', '"', "'"],
  rust: ['"'],
  json: ['"'],
};

/** Token types of characters (Lexer.read's `types`): 0 for the delimiters of strings and comments. */
export const CODE = 1;
export const STRING_TEXT = 2;
export const COMMENT_TEXT = 3;

export interface Lexer {
  /** The state after reading `text` from `state`; with `types`, types[i] is set to the token type of text[i] (CODE, STRING_TEXT, COMMENT_TEXT, or 0 for a delimiter). */
  read(state: LexState, text: string, types?: Uint8Array): LexState;
  /** The block comment's delimiters, if the language has one that is not a string. */
  readonly blockComment?: readonly [string, string];
  /** The string delimiters whose strings may span lines (`"""`, a backquote). */
  readonly multiLineQuotes: readonly string[];
}

/**
 * A guess of the lexer's state at `from` in `text` without reading all before it (for a
 * window of recent lines): inside the block comment or the multi-line string whose delimiter
 * was opened last and not closed (an odd count of a string's delimiter), else code.
 * Delimiters inside other strings or comments can mislead it; reading from the start cannot.
 */
export function stateAt(lexer: Lexer, text: string, from: number): LexState {
  let best: LexState = START;
  let bestAt = -1;
  const comment = lexer.blockComment;
  if (comment) {
    const opened = text.lastIndexOf(comment[0], from - comment[0].length);
    if (opened > text.lastIndexOf(comment[1], from - comment[1].length) && opened >= 0) {
      best = { inside: 'comment', until: comment[1], last: 'comment' };
      bestAt = opened;
    }
  }
  for (const quote of lexer.multiLineQuotes) {
    let count = 0;
    let last = -1;
    for (let at = text.indexOf(quote); at >= 0 && at + quote.length <= from; at = text.indexOf(quote, at + quote.length)) {
      count++;
      last = at;
    }
    if (count % 2 === 1 && last > bestAt) {
      best = { inside: 'string', until: quote, last: 'string' };
      bestAt = last;
    }
  }
  return best;
}

/**
 * The text with the language's brackets taken out of its strings and comments, as VS Code
 * reads a line for its indentation and Enter rules (IndentationLineProcessor): a `(` inside
 * a string does not open anything there. `state` is the lexer's state at the text's start.
 */
export function withoutQuotedBrackets(lexer: Lexer, state: LexState, text: string, brackets: readonly string[]): string {
  const types = new Uint8Array(text.length);
  lexer.read(state, text, types);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (types[i] === STRING_TEXT || types[i] === COMMENT_TEXT) {
      const bracket = brackets.find((b) => text.startsWith(b, i));
      if (bracket) {
        i += bracket.length - 1;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

export function lexerFor(languageId: string, config: LanguageConfiguration): Lexer {
  const quotes = STRING_QUOTES[languageId.replace(/react$/, '')] ?? [];
  const line = config.comments?.lineComment;
  // Python declares `"""` as its block comment; its grammar reads it as a string.
  const block = config.comments?.blockComment && !quotes.includes(config.comments.blockComment[0]) ? config.comments.blockComment : undefined;
  return { read: (state, text, types) => readText(state, text, quotes, line, block, types), blockComment: block, multiLineQuotes: quotes.filter((q) => q.length === 3 || q === '`') };
}

function readText(state: LexState, text: string, quotes: readonly string[], line: string | undefined, block: readonly [string, string] | undefined, types?: Uint8Array): LexState {
  let { inside, until, last } = state;
  for (let i = 0; i < text.length;) {
    const ch = text[i];
    if (inside === 'other') {
      const opener = line && text.startsWith(line, i) ? line : block && text.startsWith(block[0], i) ? block[0] : undefined;
      if (opener) {
        inside = 'comment';
        until = opener === line ? '\n' : block![1];
        last = 'comment';
        i += opener.length;
        continue;
      }
      const quote = quotes.find((q) => text.startsWith(q, i));
      if (quote) {
        inside = 'string';
        until = quote;
        last = 'string';
        i += quote.length;
        continue;
      }
      last = 'other';
      if (types) types[i] = CODE;
      i++;
      continue;
    }
    last = inside;
    if (inside === 'string' && ch === '\\') {
      i += 2;
      continue;
    }
    if (until === '\n' ? ch === '\n' : text.startsWith(until, i)) {
      // A line comment ends before its line break; a string or block comment with its delimiter.
      if (until === '\n') last = 'other';
      i += until === '\n' ? 1 : until.length;
      inside = 'other';
      until = '';
      continue;
    }
    // A one-line string ends at the line break (an unterminated string in most grammars).
    if (ch === '\n' && inside === 'string' && until.length === 1 && until !== '`') {
      inside = 'other';
      until = '';
      last = 'other';
    } else if (types) types[i] = inside === 'string' ? STRING_TEXT : COMMENT_TEXT;
    i++;
  }
  return { inside, until, last };
}
