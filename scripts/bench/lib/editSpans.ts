// The places bench:keystrokes --mode edit retypes in a held-out file: spans chosen by a hash
// of the file's path and line (never by a model), none overlapping, each retyped with the
// rest of the file before and after the cursor. Three kinds, a third each:
//   lines   one to six whole lines, from the first line's first non-blank character to the
//           end of the last (the indentation stays, as when one writes new lines);
//   block   the body of a block: the lines after a line that opens one (ending with `{`,
//           `(`, `[` or, in Python, `:`) that are indented deeper, from the first one's first
//           non-blank character to the end of the last;
//   inline  what stands between an opening bracket or quote and its closer on the same line
//           (arguments, an array, a string), so the closer and the rest of the line are
//           right of the cursor while it is typed.
// A line where no span of its kind fits starts none. Spans are at most MAX_SPAN_CHARS long
// (lines and blocks are cut to fewer lines), and one blank or untouched line at least
// separates them.
import { fnv1a } from '../../../src/core/corpus/split';
import { leadingWhitespace } from '../../../src/core/editing/indentation';

export type SpanKind = 'lines' | 'block' | 'inline';

export interface EditSpan {
  kind: SpanKind;
  /** [start, end) in the file's text. */
  start: number;
  end: number;
}

/** Share of non-blank lines that start a span. */
export const SPAN_START_RATE = 0.3;
export const MAX_SPAN_CHARS = 800;
const MIN_SPAN_CHARS = 3;

interface Line {
  start: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    lines.push({ start, text: line });
    start += line.length + 1;
  }
  return lines;
}

function score(path: string, line: number, salt: string): number {
  return fnv1a(`${salt}:${path}:${line}`) / 2 ** 32;
}

/** The text of a file as the edit benchmark types it: LF line ends, no trailing spaces (VS Code trims what it auto-inserts). */
export function editTarget(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '');
}

/** The spans of a file's text (editTarget's), in order. */
export function editSpans(path: string, text: string, python: boolean): EditSpan[] {
  const lines = linesOf(text);
  const spans: EditSpan[] = [];
  for (let n = 0; n < lines.length; n++) {
    if (!lines[n].text.trim() || score(path, n, 'start') >= SPAN_START_RATE) continue;
    const pick = score(path, n, 'kind');
    const kind: SpanKind = pick < 1 / 3 ? 'lines' : pick < 2 / 3 ? 'block' : 'inline';
    const span = kind === 'lines' ? linesSpan(lines, n, 1 + Math.floor(score(path, n, 'count') * 6)) : kind === 'block' ? blockSpan(lines, n, python) : inlineSpan(lines[n], score(path, n, 'where'));
    if (!span || span.end - span.start < MIN_SPAN_CHARS) continue;
    spans.push(span);
    // The next span starts two lines after this one ends, at the earliest.
    while (n + 1 < lines.length && lines[n + 1].start <= span.end) n++;
    n++;
  }
  return spans;
}

function contentStart(line: Line): number {
  return line.start + leadingWhitespace(line.text).length;
}

function lineEnd(line: Line): number {
  return line.start + line.text.length;
}

/** Lines first..first+count-1 (cut to MAX_SPAN_CHARS at a line end). */
function linesSpan(lines: Line[], first: number, count: number): EditSpan | undefined {
  const start = contentStart(lines[first]);
  let end = lineEnd(lines[first]);
  for (let n = first + 1; n < Math.min(lines.length, first + count); n++) {
    if (lineEnd(lines[n]) - start > MAX_SPAN_CHARS) break;
    end = lineEnd(lines[n]);
  }
  return end - start <= MAX_SPAN_CHARS ? { kind: 'lines', start, end } : undefined;
}

/** The deeper-indented lines after line `opener` when it opens a block. */
function blockSpan(lines: Line[], opener: number, python: boolean): EditSpan | undefined {
  const text = lines[opener].text.trimEnd();
  if (!/[{([]$/.test(text) && !(python && text.endsWith(':'))) return undefined;
  const indent = leadingWhitespace(lines[opener].text).length;
  let last = -1;
  for (let n = opener + 1; n < lines.length; n++) {
    const line = lines[n].text;
    if (!line.trim()) continue;
    if (leadingWhitespace(line).length <= indent) break;
    if (last >= 0 && lineEnd(lines[n]) - contentStart(lines[opener + 1]) > MAX_SPAN_CHARS) break;
    last = n;
  }
  if (last < 0 || !lines[opener + 1].text.trim()) return undefined;
  const span: EditSpan = { kind: 'block', start: contentStart(lines[opener + 1]), end: lineEnd(lines[last]) };
  return span.end - span.start <= MAX_SPAN_CHARS ? span : undefined;
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}', "'": "'", '"': '"', '`': '`' };

/** Between an opener and its closer on the line: one of the candidates, picked by `where`. */
function inlineSpan(line: Line, where: number): EditSpan | undefined {
  const candidates: EditSpan[] = [];
  const text = line.text;
  for (let i = 0; i < text.length; i++) {
    const close = CLOSERS[text[i]];
    if (!close) continue;
    const end = matchingCloser(text, i, text[i], close);
    if (end > i + MIN_SPAN_CHARS) candidates.push({ kind: 'inline', start: line.start + i + 1, end: line.start + end });
  }
  return candidates.length ? candidates[Math.floor(where * candidates.length)] : undefined;
}

/** The index of the closer that matches the opener at `at` on the line, or -1. */
function matchingCloser(text: string, at: number, open: string, close: string): number {
  if (open === close) {
    for (let i = at + 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === close) return i;
    }
    return -1;
  }
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return i;
  }
  return -1;
}
