// Indentation as VS Code's editor handles it: a style guessed from the file
// (editor.detectIndentation, on by default), indentation strings normalized to that style,
// and shifting by one level to the next or previous tab stop (editor.useTabStops).

export interface IndentStyle {
  insertSpaces: boolean;
  /** Columns per level (editor.tabSize / indentSize). */
  tabSize: number;
}

/** VS Code's defaults when a file says nothing (editor.insertSpaces, editor.tabSize). */
export const DEFAULT_INDENT_STYLE: IndentStyle = { insertSpaces: true, tabSize: 4 };

export function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** Columns an indentation string takes. */
export function visibleWidth(indentation: string, tabSize: number): number {
  let width = 0;
  for (const ch of indentation) width = ch === '\t' ? (Math.floor(width / tabSize) + 1) * tabSize : width + 1;
  return width;
}

function indentationOfWidth(width: number, style: IndentStyle): string {
  if (style.insertSpaces) return ' '.repeat(width);
  return '\t'.repeat(Math.floor(width / style.tabSize)) + ' '.repeat(width % style.tabSize);
}

/** The indentation rewritten in the style (tabs to spaces or back), same width. */
export function normalizeIndentation(indentation: string, style: IndentStyle): string {
  const ws = leadingWhitespace(indentation);
  return indentationOfWidth(visibleWidth(ws, style.tabSize), style) + indentation.slice(ws.length);
}

export function shiftIndent(indentation: string, style: IndentStyle): string {
  const width = visibleWidth(indentation, style.tabSize);
  return indentationOfWidth((Math.floor(width / style.tabSize) + 1) * style.tabSize, style);
}

export function unshiftIndent(indentation: string, style: IndentStyle): string {
  const width = visibleWidth(indentation, style.tabSize);
  return indentationOfWidth(Math.max(0, Math.ceil(width / style.tabSize) - 1) * style.tabSize, style);
}

/**
 * The style a file is indented in, as editor.detectIndentation guesses it (simplified):
 * tabs when more indented lines start with a tab than with spaces, else spaces, with the most
 * frequent increase of indentation between consecutive lines (2, 4 or 8) as the level.
 */
export function guessIndentStyle(text: string): IndentStyle {
  let tabs = 0;
  let spaces = 0;
  const increases = new Map<number, number>();
  let previous = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (line[0] === '\t') tabs++;
    else if (line[0] === ' ') spaces++;
    const width = leadingWhitespace(line).replace(/\t/g, '').length;
    if (line[0] !== '\t' && width > previous) increases.set(width - previous, (increases.get(width - previous) ?? 0) + 1);
    previous = line[0] === '\t' ? previous : width;
  }
  if (tabs > spaces) return { insertSpaces: false, tabSize: DEFAULT_INDENT_STYLE.tabSize };
  let best = DEFAULT_INDENT_STYLE.tabSize;
  let bestCount = 0;
  for (const size of [2, 4, 8]) {
    const count = increases.get(size) ?? 0;
    if (count > bestCount) [best, bestCount] = [size, count];
  }
  return { insertSpaces: true, tabSize: best };
}
