// Auto-closing as VS Code 1.100 decides it when a character is typed with an empty selection
// (AutoClosingOpenCharTypeOperation.getAutoClosingPairClose, editor defaults):
//   - the pair: the longest auto-closing pair whose opening ends with the typed character
//     and is completed by it (`f"` in Python when `f` is before the cursor);
//   - closed only when the line is empty after the cursor, or its next character is in the
//     language's autoCloseBefore set (defaults for quotes and brackets in languageRules.ts),
//     or the rest of the line starts with a closing character that opens no pair;
//   - a one-character `'` or `"` is not closed right after a word character;
//   - `notIn`: not closed when the character before the cursor, or a character typed at
//     the cursor, would be in a string or a comment the pair excludes;
//   - when a longer pair contains a shorter one whose closer already follows, only the
//     rest of the closer is inserted.
// Overtyping (typing a closer over one the editor inserted) is the editor's state; see
// simulatedEditor.ts.
import { type AutoClosingPair, DEFAULT_CLOSE_BEFORE_BRACKETS, DEFAULT_CLOSE_BEFORE_QUOTES, type LanguageConfiguration } from './languageRules';
import type { LexState, TokenType } from './tokens';

/** VS Code's default editor.wordSeparators: characters that do not make up words. */
const WORD_SEPARATORS = '`~!@#$%^&*()-=+[{]}\\|;:\'",.<>/?';

export function isQuote(ch: string): boolean {
  return ch === "'" || ch === '"' || ch === '`';
}

function isWordCharacter(ch: string): boolean {
  return ch !== '' && !WORD_SEPARATORS.includes(ch) && !/\s/.test(ch);
}

function allows(pair: AutoClosingPair, token: TokenType): boolean {
  return token === 'other' || !pair.notIn?.includes(token);
}

/** The pair whose opening `lineBefore + ch` ends with (the longest), if any. */
function openedPair(config: LanguageConfiguration, lineBefore: string, ch: string): AutoClosingPair | undefined {
  let found: AutoClosingPair | undefined;
  for (const pair of config.autoClosingPairs) {
    if (!pair.open.endsWith(ch) || !(lineBefore + ch).endsWith(pair.open)) continue;
    if (!found || pair.open.length > found.open.length) found = pair;
  }
  return found;
}

/** True when `lineAfter` starts with a pair's closer that does not also start a pair (VS Code's _isBeforeClosingBrace). */
function beforeClosingBrace(config: LanguageConfiguration, lineAfter: string): boolean {
  const opens = config.autoClosingPairs.some((p) => lineAfter.startsWith(p.open));
  const closes = config.autoClosingPairs.some((p) => lineAfter.startsWith(p.close));
  return !opens && closes;
}

/**
 * The text VS Code inserts after the cursor when `ch` is typed between `lineBefore` and
 * `lineAfter` (the cursor's line), or '' when it closes nothing. `lex` is the lexer's state
 * at the cursor (before ch).
 */
export function autoCloser(config: LanguageConfiguration, lineBefore: string, lineAfter: string, ch: string, lex: LexState): string {
  const pair = openedPair(config, lineBefore, ch);
  if (!pair) return '';
  // (A pair for comments, like `/**`, uses the brackets' set.)
  const closeBefore = config.autoCloseBefore ?? (isQuote(ch) ? DEFAULT_CLOSE_BEFORE_QUOTES : DEFAULT_CLOSE_BEFORE_BRACKETS);
  const contained = containedPair(config, pair);
  if (lineAfter.length > 0 && !beforeClosingBrace(config, lineAfter) && !closeBefore.includes(lineAfter[0])) return '';
  if (pair.open.length === 1 && (ch === "'" || ch === '"') && isWordCharacter(lineBefore.slice(-1))) return '';
  // The token of the character before the cursor (on an empty line: none, so allowed).
  const before: TokenType = lineBefore.length === 0 && lineAfter.length === 0 ? 'other' : lineBefore.length === 0 ? lex.inside : lex.last;
  if (!allows(pair, before) || !allows(pair, lex.inside)) return '';
  return contained && lineAfter.startsWith(contained.close) ? pair.close.slice(0, pair.close.length - contained.close.length) : pair.close;
}

/** A shorter pair inside a longer one (`"` in `f"`), as VS Code's _findContainedAutoClosingPair finds it. */
function containedPair(config: LanguageConfiguration, pair: AutoClosingPair): AutoClosingPair | undefined {
  if (pair.open.length <= 1) return undefined;
  let found: AutoClosingPair | undefined;
  for (const candidate of config.autoClosingPairs) {
    if (candidate.open === pair.open || !pair.open.includes(candidate.open) || !pair.close.endsWith(candidate.close)) continue;
    if (candidate.close.slice(-1) !== pair.close.slice(-1)) continue;
    if (!found || candidate.open.length > found.open.length) found = candidate;
  }
  return found;
}

/** The single-character closers of a language's pairs: what can be overtyped. */
export function singleCharacterClosers(config: LanguageConfiguration): Set<string> {
  return new Set(config.autoClosingPairs.filter((p) => p.close.length === 1).map((p) => p.close));
}
