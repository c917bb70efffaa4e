// Suggestions against the text right of the cursor. What a suggestion becomes depends on the
// rest of the cursor's line:
//   empty      the suggestion as searched;
//   closers    only closing brackets, quotes and `;` `,` `:` (what VS Code's auto-closing
//              leaves, or the end of a statement): the inline item's range covers the
//              closers the suggestion makes redundant (closers.ts: `false);` over the
//              auto-closed `)` gives `res.send(false);`, never `res.send(false);)`);
//   code       anything else (editing in the middle of a line): the suggestion must join the
//              existing text: it is cut where its continuation runs into the rest of the
//              line (`await ` before `compute(a);`), then fitted as above; one that never
//              joins it is not shown (MidLinePolicy 'join', the default: measured with
//              bench:keystrokes --mode edit, see the README).
// Whatever the kind, a suggestion never only repeats the right side, one that repeats the
// line below the cursor (a line of at least REPEATED_LINE_CHARS characters) is dropped or,
// when it spans lines, cut before the repeated line, and whitespace alone is only shown as
// the indentation of a line that has nothing else yet. An item of one line does not end with
// an opener before closers left on the line (the person types it, and VS Code closes it).
import { type Lexer, lexerFor } from '../editing/tokens';
import { languageConfiguration } from '../editing/languageRules';
import { fitClosers, NOTHING_OPEN, openAt, type OpenAtCursor } from './closers';

export type RightKind = 'empty' | 'closers' | 'code';

/** What automatic suggestions do in the middle of a line: show only those that join the rest of the line, or any. */
export type MidLinePolicy = 'join' | 'any';

/** The text around the cursor that shapes a suggestion. */
export interface TextAfterCursor {
  kind: RightKind;
  /** The rest of the cursor's line. */
  rest: string;
  /** The brackets and string open at the cursor. */
  open: OpenAtCursor;
  /** The first non-blank line below the cursor's, trimmed ('' when none). */
  nextLine: string;
  /** The first LINES_BELOW non-blank lines below the cursor's, trimmed. */
  linesBelow: string[];
  /** The document goes on below the cursor's line. */
  below: boolean;
  /** The cursor's line before it. */
  lineBefore: string;
}

/** An inline item: `insertText` replacing `replaceRight` characters right of the cursor; it keeps the first `used` UTF-16 units of the suggestion's text. */
export interface FittedItem {
  insertText: string;
  replaceRight: number;
  used: number;
}

/** The shortest overlap (characters) between a suggestion and the rest of the line that counts as joining it. */
const MIN_JOIN = 3;
/** A line repeated from below the cursor is dropped when it has at least this many non-blank characters. */
export const REPEATED_LINE_CHARS = 6;
/** Lines below the cursor a suggestion of several lines is compared with (shorter lines: the first only). */
const LINES_BELOW = 3;

/** The rest of the cursor's line: `after` up to its first line break. */
export function restOfLine(after: string): string {
  const end = after.search(/\r?\n/);
  return end < 0 ? after : after.slice(0, end);
}

export function rightKind(rest: string): RightKind {
  const text = rest.trimEnd();
  if (!text) return 'empty';
  return /^[)\]}'"`;,:\s]*$/.test(text) ? 'closers' : 'code';
}

const lexers = new Map<string, Lexer>();
function lexer(languageId: string): Lexer {
  let l = lexers.get(languageId);
  if (!l) lexers.set(languageId, (l = lexerFor(languageId, languageConfiguration(languageId))));
  return l;
}

/** The text after a cursor: `before` is the document's text before it (its line at least), `after` the text after it. */
export function textAfterCursorOf(before: string, after: string, languageId = 'plaintext'): TextAfterCursor {
  const rest = restOfLine(after);
  const lineBefore = before.slice(before.lastIndexOf('\n') + 1);
  const kind = rightKind(rest);
  const linesBelow = after
    .slice(rest.length)
    .split(/\r?\n/)
    .slice(1, 12)
    .map((line) => line.trim())
    .filter((line) => line)
    .slice(0, LINES_BELOW);
  const open = kind === 'empty' ? NOTHING_OPEN : openAt(before, lexer(languageId));
  return { kind, rest, open, nextLine: linesBelow[0] ?? '', linesBelow, below: after.length > rest.length, lineBefore };
}

/** The suggestion as an inline item, or undefined when it should not be shown (see the header). */
export function fitToRight(text: string, right: TextAfterCursor, midLine: MidLinePolicy = 'join'): FittedItem | undefined {
  let kept = cutRepeatedLines(text, right);
  if (right.kind === 'code') {
    const join = joinPoint(kept, right.rest);
    if (join === 0) return undefined; // it only repeats the rest of the line
    if (join > 0) kept = kept.slice(0, join);
    else if (midLine === 'join') return undefined;
  }
  let item = fitLine(kept, right);
  // Without its last opener, the text may close what the opener's closer seemed to be: fit it again.
  while (endsWithOpenerBeforeClosers(item, right.rest)) item = fitLine(item.insertText.slice(0, -1), right);
  if (!item.insertText || item.insertText === right.rest.slice(0, item.replaceRight)) return undefined;
  // Whitespace alone only as the indentation of a line that has nothing else yet.
  if (!item.insertText.trim() && (right.lineBefore.trim() || right.kind !== 'empty' || item.insertText.includes('\n'))) return undefined;
  return { ...item, used: commonPrefix(item.insertText, kept) };
}

/** The item for `text` (its closers fitted to the rest of the line), one line when the line has more after it. */
function fitLine(text: string, right: TextAfterCursor): { insertText: string; replaceRight: number } {
  const item = right.kind === 'empty' ? { insertText: text, replaceRight: 0 } : fitClosers(text, right.rest, right.open);
  // Lines after the first would push what is left of the line to the end of the last one: one line then.
  if (item.insertText.includes('\n') && right.rest.slice(item.replaceRight).trim()) item.insertText = item.insertText.slice(0, item.insertText.indexOf('\n'));
  return item;
}

/**
 * A one-line item ending with an opener, with closers still right of it on the line: typed,
 * VS Code would add the opener's closer (and Enter between them would move it below);
 * accepted, it does not, and the closers left behind end up out of place (` => {` before the
 * `)` of `new P((resolve, reject)`). The opener is left to the person, who types it.
 */
function endsWithOpenerBeforeClosers(item: { insertText: string; replaceRight: number }, rest: string): boolean {
  const last = item.insertText.at(-1) ?? '';
  const left = rest.slice(item.replaceRight);
  if (item.insertText.includes('\n') || !'([{'.includes(last) || !last || !/^[)\]}'"`]/.test(left)) return false;
  // (An opener the item's range covers in `rest` is the line's own: leave the item as it is.)
  return !rest.slice(0, item.replaceRight).endsWith(last);
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * The earliest point of the text's first line from where it runs into `rest`: the text from
 * there starts like `rest` for its first word and the character after it (MIN_JOIN
 * characters at least, all of `rest` when shorter; fewer only when the text ends first, but
 * never fewer than MIN_JOIN). -1 when it never does; 0 when the text only repeats `rest`.
 */
export function joinPoint(text: string, rest: string): number {
  const end = text.indexOf('\n');
  const line = end < 0 ? text : text.slice(0, end);
  const word = /^[\p{L}\p{N}_$]*/u.exec(rest)![0].length;
  const need = Math.min(rest.length, Math.max(MIN_JOIN, word + 1));
  for (let p = 0; p < line.length; p++) {
    const agree = Math.min(line.length - p, need);
    if (agree >= Math.min(need, MIN_JOIN) && line.startsWith(rest.slice(0, agree), p)) return p;
  }
  return -1;
}

/**
 * The text without what repeats the document below the cursor: all of it when its first
 * line completes the cursor's line into the line below (one of REPEATED_LINE_CHARS
 * characters at least); cut before a later line that the line below starts with (the `}` an
 * Enter between brackets already put there), or one of the few below when it is
 * REPEATED_LINE_CHARS long (`return x.y` under that `}`), or before a last line of whitespace
 * alone (the line break the document has already).
 */
function cutRepeatedLines(text: string, right: TextAfterCursor): string {
  const repeated = right.nextLine;
  const lines = text.split('\n');
  if (repeated.replace(/\s/g, '').length >= REPEATED_LINE_CHARS && (right.lineBefore + lines[0] + (lines.length === 1 ? right.rest : '')).trim() === repeated) return '';
  if (!right.below) return text;
  const repeats = (line: string) => line !== '' && (line.length >= REPEATED_LINE_CHARS ? right.linesBelow : right.linesBelow.slice(0, 1)).some((below) => below.startsWith(line));
  let end = lines.length;
  for (let k = 1; k < end; k++) if (repeats(lines[k].trim())) end = k;
  // Lines of whitespace alone at the end would add line breaks the document has already.
  while (end > 1 && !lines[end - 1].trim()) end--;
  return lines.slice(0, end).join('\n');
}

/** An inline item for any suggestion's text at a cursor, fitted as Recur's own are (for baselines measured the same way). */
export function inlineItemFor(text: string, before: string, after: string, languageId = 'plaintext', midLine: MidLinePolicy = 'join'): FittedItem | undefined {
  return fitToRight(text, textAfterCursorOf(before, after, languageId), midLine);
}
