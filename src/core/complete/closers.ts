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
// Strings: while a string is open at the cursor, `rest` up to its quote is the string's
// text; a suggestion that closes the string must end the string's text as `rest` does (then
// both are covered), else it stops before its quote.
import { CODE, COMMENT_TEXT, type Lexer, type LexState, START } from '../editing/tokens';

const OPENERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = ')]}';
const QUOTES = '\'"`';

/** A bracket open at the cursor: the closer it expects, and whether it was opened on the cursor's line. */
export interface OpenBracket {
  closer: string;
  thisLine: boolean;
}

/** What is open at the cursor: the brackets (innermost last) and the quote of an open string (''). */
export interface OpenAtCursor {
  brackets: OpenBracket[];
  quote: string;
}

export const NOTHING_OPEN: OpenAtCursor = { brackets: [], quote: '' };

/** Lines before the cursor looked at for open brackets. */
const LINES_SCANNED = 20;

/**
 * The brackets and string open at the end of `before`: its last LINES_SCANNED lines read
 * (from inside a block comment when one opened above them is not closed), counting the
 * brackets in the kind of text the cursor is in (code, or a comment's text).
 */
export function openAt(before: string, lexer: Lexer): OpenAtCursor {
  let start = before.length;
  for (let n = 0; n < LINES_SCANNED && start > 0; n++) start = before.lastIndexOf('\n', start - 1);
  const from = Math.max(0, start + 1);
  const text = before.slice(from);
  const lineStart = text.lastIndexOf('\n') + 1;
  const types = new Uint8Array(text.length);
  const comment = lexer.blockComment;
  const inComment = comment !== undefined && before.lastIndexOf(comment[0], from) > before.lastIndexOf(comment[1], from);
  const state: LexState = lexer.read(inComment ? { inside: 'comment', until: comment[1], last: 'comment' } : START, text, types);
  const counted = state.inside === 'comment' ? COMMENT_TEXT : CODE;
  const brackets: OpenBracket[] = [];
  for (let i = 0; i < text.length; i++) {
    if (types[i] !== counted) continue;
    const ch = text[i];
    if (OPENERS[ch]) brackets.push({ closer: OPENERS[ch], thisLine: i >= lineStart });
    else if (CLOSERS.includes(ch)) {
      let at = brackets.length - 1;
      while (at >= 0 && brackets[at].closer !== ch) at--;
      if (at >= 0) brackets.length = at;
    }
  }
  return { brackets, quote: state.inside === 'string' && state.until.length === 1 ? state.until : '' };
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
  /** Where the text's first line was cut (its length when not cut). */
  cut: number;
  /** How many of the brackets open at the cursor the text closes (the innermost ones). */
  closed: number;
  /** The brackets the text opens and leaves open (innermost last). */
  opened: string[];
  /** The text closed the string open at the cursor (with `rest`'s string text matched). */
  closedString: boolean;
  /** The string open at the cursor stays open after the text (rest's text is still in it). */
  inString: boolean;
}

/** The text's first line read against what is open: where it must stop, what it closes and leaves open. */
function walkText(line: string, open: OpenAtCursor, rest: string): Walk {
  const walk: Walk = { cut: line.length, closed: 0, opened: [], closedString: false, inString: false };
  let i = 0;
  if (open.quote) {
    const end = quoteAt(line, open.quote);
    const restEnd = quoteAt(rest, open.quote);
    if (end < 0) return { ...walk, inString: true };
    // Closing the string: only where its text ends as `rest`'s does.
    if (restEnd < 0 || !line.slice(0, end).endsWith(rest.slice(0, restEnd))) return { ...walk, cut: end, inString: true };
    walk.closedString = true;
    i = end + 1;
  }
  for (; i < line.length; i++) {
    const ch = line[i];
    if (QUOTES.includes(ch)) {
      // A string of the text's own: skipped (left open, it ends the walk).
      const end = quoteAt(line, ch, i + 1);
      if (end < 0) break;
      i = end;
    } else if (OPENERS[ch]) walk.opened.push(OPENERS[ch]);
    else if (CLOSERS.includes(ch)) {
      if (walk.opened.length > 0 && walk.opened.at(-1) === ch) walk.opened.pop();
      else if (walk.opened.length === 0 && open.brackets[open.brackets.length - 1 - walk.closed]?.closer === ch) walk.closed++;
      else return { ...walk, cut: i };
    }
  }
  return walk;
}

/**
 * Which of the closers `rest` starts with the text makes redundant: read after the text,
 * a closer that closes nothing any more (it did before) is redundant; so is one whose
 * bracket the text closed and which would now close a bracket opened lines above (it was
 * this line's closer: `if a {` + ` return; }` before the auto-closed `}`). Returns the mask
 * over rest[from..).
 */
function redundantClosers(rest: string, from: number, open: OpenAtCursor, walk: Walk): boolean[] {
  const redundant: boolean[] = [];
  const brackets = open.brackets;
  const closedFrom = brackets.length - walk.closed; // brackets[closedFrom..) were closed by the text
  let before = brackets.length; // still open for rest's closers, without the text
  let after = closedFrom; // the same, after the text (below its own)
  const own = walk.opened.slice();
  for (let j = from; j < rest.length && CLOSERS.includes(rest[j]); j++) {
    const ch = rest[j];
    const was = before > 0 && brackets[before - 1].closer === ch ? --before : -1;
    if (own.at(-1) === ch) {
      // It closes a bracket the text opened.
      own.pop();
      redundant.push(false);
      continue;
    }
    const now = after > 0 && brackets[after - 1].closer === ch ? after - 1 : -1;
    const isRedundant = now < 0 ? was >= 0 : was >= closedFrom && !brackets[now].thisLine;
    if (!isRedundant && now >= 0) after--;
    redundant.push(isRedundant);
  }
  return redundant;
}

/**
 * The suggestion's text (cut where a closer is wrong) and the item it makes: `insertText`
 * replacing `replaceRight` characters of `rest` (the redundant closers, and the needed ones
 * before them put back into the text).
 */
export function fitClosers(text: string, rest: string, open: OpenAtCursor): { insertText: string; replaceRight: number } {
  const lineEnd = text.indexOf('\n');
  const line = lineEnd < 0 ? text : text.slice(0, lineEnd);
  const walk = walkText(line, open, rest);
  const kept = walk.cut < line.length ? line.slice(0, walk.cut) : text;
  if (walk.inString) return { insertText: kept, replaceRight: 0 };
  // The string's text and quote in `rest` are the text's own when it closed the string: covered.
  const from = walk.closedString ? quoteAt(rest, open.quote) + 1 : 0;
  const redundant = redundantClosers(rest, from, open, walk);
  let covered = from;
  let putBack = '';
  let pending = '';
  redundant.forEach((isRedundant, k) => {
    if (!isRedundant) pending += rest[from + k];
    else {
      putBack += pending;
      pending = '';
      covered = from + k + 1;
    }
  });
  const insertText = kept + putBack;
  // The text's end that `rest` continues with (";" after "a);" before ");"): covered too,
  // unless closers the line still needs come first.
  if (pending) return { insertText, replaceRight: covered };
  const after = rest.slice(covered);
  for (let m = Math.min(insertText.length, after.length); m > 0; m--) {
    const end = insertText.slice(insertText.length - m);
    if (!end.includes('\n') && after.startsWith(end)) return { insertText, replaceRight: covered + m };
  }
  return { insertText, replaceRight: covered };
}
