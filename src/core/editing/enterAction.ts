// What Enter inserts in VS Code 1.100 (editor.autoIndent "full"; TypeOperations' _enter,
// getEnterAction, getIndentForEnter), and how typing a character re-indents its line:
//   1. the language's onEnterRules, first match (the text before the cursor on its line,
//      after it, and the line above): indent, none, outdent, or indentOutdent (the text
//      after the cursor goes to a line of its own below, at the old indentation), with text
//      to append ("// ", " * ") or to remove;
//   2. a line ending with an open bracket: indentOutdent when the rest starts with its
//      closer, else indent;
//   3. the language's indentation rules: the indentation inherited from the lines above
//      (one level more after a line that increases it, or after one that indents the next
//      line only), one level less when the rest of the line decreases it;
//   4. else the line's own indentation.
// Not modelled: VS Code's removal of string and comment contents before the patterns are
// tested (IndentationContextProcessor).
import { type IndentStyle, leadingWhitespace, normalizeIndentation, shiftIndent, unshiftIndent } from './indentation';
import { DEFAULT_BRACKETS, type IndentAction, type IndentationRules, type LanguageConfiguration } from './languageRules';

export interface EnterEdit {
  /** Inserted before the cursor: a line break and the new line's indentation (and appended text). */
  beforeCursor: string;
  /** Inserted after the cursor (indentOutdent: a line break and the old indentation). */
  afterCursor: string;
  /** Characters after the cursor the edit replaces (the rest of the indentation when the cursor is in it). */
  replacesAfter: number;
}

const regexCache = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let r = regexCache.get(source);
  if (!r) regexCache.set(source, (r = new RegExp(source)));
  return r;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The action Enter takes by the onEnterRules and the brackets (OnEnterSupport.onEnter), or undefined. */
function enterRuleAction(config: LanguageConfiguration, previousLine: string, lineBefore: string, lineAfter: string): { indent: IndentAction; appendText?: string; removeText?: number } | undefined {
  for (const rule of config.onEnterRules ?? []) {
    if (!regex(rule.beforeText).test(lineBefore)) continue;
    if (rule.afterText !== undefined && !regex(rule.afterText).test(lineAfter)) continue;
    if (rule.previousLineText !== undefined && !regex(rule.previousLineText).test(previousLine)) continue;
    return rule.action;
  }
  const brackets = config.brackets ?? DEFAULT_BRACKETS;
  const opens = (open: string) => regex(`${/\w/.test(open[0]) ? '\\b' : ''}${escapeRegExp(open)}\\s*$`).test(lineBefore);
  const closes = (close: string) => regex(`^\\s*${escapeRegExp(close)}${/\w/.test(close.slice(-1)) ? '\\b' : ''}`).test(lineAfter);
  if (lineBefore && lineAfter && brackets.some(([open, close]) => opens(open) && closes(close))) return { indent: 'indentOutdent' };
  if (lineBefore && brackets.some(([open]) => opens(open))) return { indent: 'indent' };
  return undefined;
}

/**
 * The edit Enter makes. `linesAbove` are the document's lines before the cursor's line
 * (the nearest last; a few dozen are enough), `lineBefore` / `lineAfter` the cursor's line
 * before and after it.
 */
export function enterEdit(config: LanguageConfiguration, style: IndentStyle, linesAbove: readonly string[], lineBefore: string, lineAfter: string): EnterEdit {
  const lineIndent = leadingWhitespace(lineBefore);
  const action = enterRuleAction(config, linesAbove.at(-1) ?? '', lineBefore, lineAfter);
  if (action) {
    const indentation = action.removeText ? lineIndent.slice(0, Math.max(0, lineIndent.length - action.removeText)) : lineIndent;
    const indenting = action.indent === 'indent' || action.indent === 'indentOutdent';
    const append = action.appendText === undefined ? (indenting ? '\t' : '') : action.indent === 'indent' ? `\t${action.appendText}` : action.appendText;
    const base = action.indent === 'outdent' ? unshiftIndent(indentation, style) : indentation;
    const beforeCursor = `\n${normalizeIndentation(base + append, style)}`;
    const afterCursor = action.indent === 'indentOutdent' ? `\n${normalizeIndentation(indentation, style)}` : '';
    return { beforeCursor, afterCursor, replacesAfter: 0 };
  }
  const rules = config.indentationRules;
  if (rules) {
    let indentation = inheritedIndentation(rules, style, [...linesAbove, lineBefore]);
    if (regex(rules.decreaseIndentPattern).test(lineAfter)) indentation = unshiftIndent(indentation, style);
    // In the full strategy the edit swallows the rest of the indentation the cursor is in.
    const replacesAfter = lineIndent.length === lineBefore.length ? leadingWhitespace(lineAfter).length : 0;
    return { beforeCursor: `\n${normalizeIndentation(indentation, style)}`, afterCursor: '', replacesAfter };
  }
  return { beforeCursor: `\n${normalizeIndentation(lineIndent, style)}`, afterCursor: '', replacesAfter: 0 };
}

/** The indentation a new line below `lines` inherits by the indentation rules (VS Code's getInheritIndentForLine, simplified). */
export function inheritedIndentation(rules: IndentationRules, style: IndentStyle, lines: readonly string[]): string {
  const ignored = (line: string) => !line.trim() || (rules.unIndentedLinePattern !== undefined && regex(rules.unIndentedLinePattern).test(line));
  const increases = (line: string) => regex(rules.increaseIndentPattern).test(line);
  const indentsNext = (line: string) => rules.indentNextLinePattern !== undefined && regex(rules.indentNextLinePattern).test(line);
  let p = lines.length - 1;
  while (p >= 0 && ignored(lines[p])) p--;
  if (p < 0) return '';
  const line = lines[p];
  if (increases(line) || indentsNext(line)) return shiftIndent(leadingWhitespace(line), style);
  if (regex(rules.decreaseIndentPattern).test(line)) return leadingWhitespace(line);
  const q = p - 1;
  if (q >= 0 && !increases(lines[q]) && !regex(rules.decreaseIndentPattern).test(lines[q]) && indentsNext(lines[q])) {
    let stop = q - 1;
    while (stop >= 0 && indentsNext(lines[stop])) stop--;
    return leadingWhitespace(lines[stop + 1]);
  }
  return leadingWhitespace(line);
}

/**
 * The indentation of the cursor's line after `ch` is typed at its `lineBefore`, when VS Code
 * changes it, else undefined:
 *   - a closing bracket typed as the line's first character takes the indentation of the
 *     line with its opening bracket (electric characters; `openerLine` finds that line);
 *   (`linesAbove` gives the lines above the cursor's line, nearest last.)
 *   - with indentation rules, a line that starts to match the decrease pattern with `ch`
 *     goes one level below what it inherits (AutoIndentOperation).
 */
export function indentationOnType(
  config: LanguageConfiguration,
  style: IndentStyle,
  linesAbove: () => readonly string[],
  lineBefore: string,
  lineAfter: string,
  ch: string,
  openerLine: () => string | undefined,
): string | undefined {
  const indent = leadingWhitespace(lineBefore);
  const rules = config.indentationRules;
  let wanted: string | undefined;
  if (rules && !regex(rules.decreaseIndentPattern).test(lineBefore + lineAfter) && regex(rules.decreaseIndentPattern).test(lineBefore + ch + lineAfter)) {
    wanted = unshiftIndent(inheritedIndentation(rules, style, linesAbove()), style);
  } else if (indent.length === lineBefore.length && (config.brackets ?? DEFAULT_BRACKETS).some(([, close]) => close === ch)) {
    const line = openerLine();
    if (line !== undefined) wanted = normalizeIndentation(leadingWhitespace(line), style);
  }
  return wanted !== undefined && wanted !== normalizeIndentation(indent, style) ? wanted : undefined;
}
