// Suggestions against the text already to the right of the cursor (on the cursor's line).
// A suggestion never just repeats it, and never duplicates it when accepted:
//   - the longest end of the suggestion that the rest of the line starts with is cut off
//     ("x)" before ")" becomes "x": accepting gives "x)" once, not "x))");
//   - a suggestion left empty by that (it only repeated the right side) is dropped.

/** The rest of the cursor's line: `after` up to its first line break. */
export function restOfLine(after: string): string {
  const end = after.search(/\r?\n/);
  return end < 0 ? after : after.slice(0, end);
}

/** The suggestion with its overlap with `rest` removed; '' when nothing new is left. */
export function trimRightOverlap(suggestion: string, rest: string): string {
  if (!rest) return suggestion;
  if (rest.startsWith(suggestion)) return '';
  for (let k = Math.min(suggestion.length, rest.length); k > 0; k--) {
    if (rest.startsWith(suggestion.slice(suggestion.length - k))) return suggestion.slice(0, suggestion.length - k);
  }
  return suggestion;
}

/** An inline item for `text` at a cursor followed by `after`: today, the text less its overlap with the rest of the line, with an empty range. */
export function inlineItemFor(text: string, after: string): { insertText: string; replaceRight: number } | undefined {
  const insertText = trimRightOverlap(text, restOfLine(after));
  return insertText ? { insertText, replaceRight: 0 } : undefined;
}
