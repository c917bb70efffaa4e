// Brackets and quotes around a suggestion: which the text before the cursor leaves open, and
// which of the closers right of the cursor a suggestion makes redundant.
//
// A suggestion accepted at the cursor makes the line `before + text + rest`. Where `text`
// closes brackets (or the string) left open before the cursor, the closers that `rest`
// starts with (VS Code's auto-closed ones, or the line's own) may then close nothing: they
// are redundant (one that closed nothing open before stays the line's), and the inline
// item's range covers them (VS Code removes the range and inserts the text: `res.send(` +
// `false);` over `)` gives `res.send(false);`, not `res.send(false);)`). The closers `rest`
// still needs are kept (put back into the item's text when a redundant one follows them).
// A closer in the text that closes nothing left open, or the wrong bracket, ends the text
// before it: the model is wrong there.
// Strings: VS Code auto-closes brackets inside strings too, so inside a string open at the
// cursor the same is done with the brackets of the string's text. A suggestion that closes
// the string must leave none of `rest`'s string text behind (then `rest`'s quote is
// redundant too, and what follows it is read as code), else it stops before its quote.
import { CODE, COMMENT_TEXT, type Lexer, type LexState, stateAt, STRING_TEXT } from '../editing/tokens';

const OPENERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = ')]}';
const QUOTES = '\'"`';

/** A bracket open at the cursor: the closer it expects, and whether it was opened on the cursor's line. */
export interface OpenBracket {
  closer: string;
  thisLine: boolean;
}

/** What is open at the cursor: the brackets (innermost last) of the text it is in, those of the code around it, and the quote of an open string (''). */
export interface OpenAtCursor {
  /** What the cursor is in. */
  inside: 'code' | 'string' | 'comment';
  /** In the text the cursor is in: code, a comment's text, or the open string's text. */
  brackets: OpenBracket[];
  /** In the code (the same as `brackets` when the cursor is in code). */
  codeBrackets: OpenBracket[];
  quote: string;
  /** In a comment: the quote of a quoted part of its text left open (VS Code auto-closes `"` there too), or ''. */
  commentQuote: string;
}

export const NOTHING_OPEN: OpenAtCursor = { inside: 'code', brackets: [], codeBrackets: [], quote: '', commentQuote: '' };

/** Lines before the cursor looked at for open brackets. */
const LINES_SCANNED = 20;

/** The brackets of text[from..) left open at its end, counting only characters of type `kind` (those from `lineStart` on are the cursor's line's). */
function openBrackets(text: string, types: Uint8Array, kind: number, from: number, lineStart: number): OpenBracket[] {
  const brackets: OpenBracket[] = [];
  for (let i = from; i < text.length; i++) {
    if (types[i] !== kind) continue;
    const ch = text[i];
    if (OPENERS[ch]) brackets.push({ closer: OPENERS[ch], thisLine: i >= lineStart });
    else if (CLOSERS.includes(ch)) {
      let at = brackets.length - 1;
      while (at >= 0 && brackets[at].closer !== ch) at--;
      if (at >= 0) brackets.length = at;
    }
  }
  return brackets;
}

/**
 * The brackets and string open at the end of `before`: its last LINES_SCANNED lines read
 * from the state stateAt guesses for their start (inside a block comment or a multi-line
 * string opened above them and not closed). In a string or a comment, the brackets of that
 * string's or comment's own text (its last run of characters) are the cursor's.
 */
export function openAt(before: string, lexer: Lexer): OpenAtCursor {
  let start = before.length;
  for (let n = 0; n < LINES_SCANNED && start > 0; n++) start = before.lastIndexOf('\n', start - 1);
  const from = Math.max(0, start + 1);
  const text = before.slice(from);
  const lineStart = text.lastIndexOf('\n') + 1;
  const types = new Uint8Array(text.length);
  const state: LexState = lexer.read(stateAt(lexer, before, from), text, types);
  const codeBrackets = openBrackets(text, types, CODE, 0, lineStart);
  if (state.inside === 'other') return { inside: 'code', brackets: codeBrackets, codeBrackets, quote: '', commentQuote: '' };
  const kind = state.inside === 'string' ? STRING_TEXT : COMMENT_TEXT;
  let runStart = text.length;
  while (runStart > 0 && types[runStart - 1] === kind) runStart--;
  const brackets = openBrackets(text, types, kind, runStart, lineStart);
  if (state.inside === 'comment') return { inside: 'comment', brackets, codeBrackets, quote: '', commentQuote: openQuote(text, runStart) };
  return { inside: 'string', brackets, codeBrackets, quote: state.until.length === 1 ? state.until : '', commentQuote: '' };
}

/** The quote left open in text[from..) read as plain text (each quote opens a part until the same quote closes it), or ''. */
function openQuote(text: string, from: number): string {
  let open = '';
  for (let i = from; i < text.length; i++) {
    if (!QUOTES.includes(text[i])) continue;
    if (!open) open = text[i];
    else if (text[i] === open) open = '';
  }
  return open;
}

/** Index of the first unescaped `quote` in `text` from `from`, or -1. */
function quoteAt(text: string, quote: string, from = 0): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

interface Walk {
  /** Where the walk stopped: a closer that closes nothing open (cut there), or its end. */
  end: number;
  cut: boolean;
  /** How many of the open brackets the text closes (the innermost ones). */
  closed: number;
  /** The brackets the text opens and leaves open (innermost last). */
  opened: string[];
  /** The text closed the quoted part of a comment open at the cursor. */
  closedQuote: boolean;
}

/**
 * text[from..to) read against the open `brackets`; the text's own strings skipped when
 * `skipStrings`; `outerQuote` is a quoted part of a comment open at the cursor, which the
 * text may close.
 */
function walkBrackets(text: string, from: number, to: number, brackets: readonly OpenBracket[], skipStrings: boolean, outerQuote = ''): Walk {
  const walk: Walk = { end: to, cut: false, closed: 0, opened: [], closedQuote: false };
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if (outerQuote && ch === outerQuote && !walk.closedQuote && walk.opened.length === 0) walk.closedQuote = true;
    else if (skipStrings && QUOTES.includes(ch)) {
      const end = quoteAt(text, ch, i + 1);
      if (end < 0 || end >= to) return walk; // a string of its own left open: nothing more to read
      i = end;
    } else if (OPENERS[ch]) walk.opened.push(OPENERS[ch]);
    else if (CLOSERS.includes(ch)) {
      if (walk.opened.length > 0 && walk.opened.at(-1) === ch) walk.opened.pop();
      else if (walk.opened.length === 0 && brackets[brackets.length - 1 - walk.closed]?.closer === ch) walk.closed++;
      else return { ...walk, end: i, cut: true };
    }
  }
  return walk;
}

/**
 * Which of the closers rest[from..) starts with the text makes redundant: read after the
 * text, a closer that closes nothing any more (it did before) is redundant; so is one that
 * would now close a bracket opened lines above when its own bracket was closed by the text
 * or opened on this line (it was this line's closer: `if a {` + ` return; }` before the
 * auto-closed `}`; `{"a", &s{A: "x` + `", B: 1}, true` before `"}}` inside a block above
 * leaves one `}`). The mask covers the run of closers (stopping at `to`).
 */
function redundantClosers(rest: string, from: number, to: number, brackets: readonly OpenBracket[], walk: Walk, outerQuote = ''): boolean[] {
  const redundant: boolean[] = [];
  const closedFrom = brackets.length - walk.closed; // brackets[closedFrom..) were closed by the text
  let before = brackets.length; // still open for rest's closers, without the text
  let after = closedFrom; // the same, after the text (below its own)
  const own = walk.opened.slice();
  let quoteSeen = false;
  for (let j = from; j < to && (CLOSERS.includes(rest[j]) || (rest[j] === outerQuote && !quoteSeen)); j++) {
    const ch = rest[j];
    if (ch === outerQuote) {
      // The comment's quoted part: its closing quote is redundant when the text closed the part.
      quoteSeen = true;
      redundant.push(walk.closedQuote);
      continue;
    }
    const was = before > 0 && brackets[before - 1].closer === ch ? --before : -1;
    if (own.at(-1) === ch) {
      // It closes a bracket the text opened.
      own.pop();
      redundant.push(false);
      continue;
    }
    const now = after > 0 && brackets[after - 1].closer === ch ? after - 1 : -1;
    // Now closing a bracket of lines above: redundant when the text closed its bracket, or its bracket was this line's (the text's closers moved it outwards).
    const isRedundant = now < 0 ? was >= 0 : was >= 0 && !brackets[now].thisLine && (was >= closedFrom || brackets[was].thisLine);
    if (!isRedundant && now >= 0) after--;
    redundant.push(isRedundant);
  }
  return redundant;
}

/** An item being built: the text kept, what is put back, how much of `rest` is covered. */
interface Item {
  insertText: string;
  covered: number;
  /** Closers of `rest` after `covered` that the line still needs, before the first one not read. */
  pending: string;
}

/** Covers the redundant closers of a mask over rest[from..), putting back the needed ones before a redundant one. */
function cover(item: Item, rest: string, from: number, redundant: readonly boolean[]): Item {
  let { insertText, covered, pending } = item;
  redundant.forEach((isRedundant, k) => {
    if (!isRedundant) pending += rest[from + k];
    else {
      insertText += pending;
      pending = '';
      covered = from + k + 1;
    }
  });
  return { insertText, covered, pending };
}

/**
 * The suggestion's text (cut where a closer is wrong, or where it would close a string whose
 * text `rest` still holds) and the item it makes: `insertText` replacing `replaceRight`
 * characters of `rest` (the redundant closers, and the needed ones before them put back).
 */
export function fitClosers(text: string, rest: string, open: OpenAtCursor): { insertText: string; replaceRight: number } {
  const lineEnd = text.indexOf('\n');
  const line = lineEnd < 0 ? text : text.slice(0, lineEnd);
  const kept = (end: number) => (end < line.length ? line.slice(0, end) : text);
  if (!open.quote) {
    // In code its own strings are skipped; in a comment, quotes pair as plain text.
    const walk = walkBrackets(line, 0, line.length, open.brackets, open.inside !== 'comment', open.commentQuote);
    const item = cover({ insertText: kept(walk.end), covered: 0, pending: '' }, rest, 0, redundantClosers(rest, 0, rest.length, open.brackets, walk, open.commentQuote));
    return finish(item, rest);
  }
  // In a string: its text first, with the string's own brackets.
  const textEnd = quoteAt(line, open.quote);
  const restEnd = quoteAt(rest, open.quote);
  const inString = walkBrackets(line, 0, textEnd < 0 ? line.length : textEnd, open.brackets, false);
  const stringClosers = redundantClosers(rest, 0, restEnd < 0 ? rest.length : restEnd, open.brackets, inString);
  const stringItem = cover({ insertText: kept(inString.end), covered: 0, pending: '' }, rest, 0, stringClosers);
  // The string stays open (the text does not close it, or `rest` holds more of its text): no more to cover.
  const restText = restEnd < 0 ? rest.length : restEnd;
  if (inString.cut || textEnd < 0 || restEnd < 0 || stringItem.covered < restText || stringItem.pending) return finish(stringItem, rest);
  // The text closes the string where `rest` does: `rest`'s quote is redundant, and the rest is code.
  const code = walkBrackets(line, textEnd + 1, line.length, open.codeBrackets, true);
  const item = cover({ insertText: kept(code.end), covered: restEnd + 1, pending: '' }, rest, restEnd + 1, redundantClosers(rest, restEnd + 1, rest.length, open.codeBrackets, code));
  return finish(item, rest);
}

/** The item, with the end of its text that `rest` continues with (";" after "a);" before ");") covered too, unless closers the line still needs come first. */
function finish(item: Item, rest: string): { insertText: string; replaceRight: number } {
  const { insertText, covered, pending } = item;
  // (Only for one line: what is left of `rest` follows the text's last line.)
  if (pending || insertText.includes('\n')) return { insertText, replaceRight: covered };
  const after = rest.slice(covered);
  for (let m = Math.min(insertText.length, after.length); m > 0; m--) {
    const end = insertText.slice(insertText.length - m);
    if (!end.includes('\n') && after.startsWith(end)) return { insertText, replaceRight: covered + m };
  }
  return { insertText, replaceRight: covered };
}
