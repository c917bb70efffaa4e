// A document and its cursor, edited as VS Code 1.100's editor edits it with its default
// settings: typing with auto-closing and overtyping, Enter with auto-indentation, the
// re-indentation of a line as a closer is typed, and an inline completion item applied.
// For benchmarks and tests that type like a person (bench:keystrokes --mode edit). Text is
// kept as the parts before and after the cursor: every edit happens at the cursor.
//
// Overtyping (editor.autoClosingOvertype "auto"): a closer the editor inserted is typed
// over while the cursor stays on its line between the opener and it; Enter, or the cursor
// passing it, ends that (VS Code's AutoClosedAction). Accepting an inline item replaces its
// range (from the cursor to `replaceRight` characters right of it, on the cursor's line)
// with its insert text and puts the cursor after it, as InlineCompletionsModel.accept does.
import { autoCloser, isQuote, singleCharacterClosers } from './autoClosing';
import { enterEdit, indentationOnType } from './enterAction';
import { type IndentStyle, leadingWhitespace } from './indentation';
import { DEFAULT_BRACKETS, languageConfiguration, type LanguageConfiguration } from './languageRules';
import { CODE, type Lexer, lexerFor, type LexState, START, withoutQuotedBrackets } from './tokens';

/** An inline completion item, relative to the cursor: VS Code's InlineCompletionItem(insertText, range). */
export interface InlineItem {
  insertText: string;
  /** Characters right of the cursor, on its line, that the item's range covers (replaces). */
  replaceRight: number;
}

/** Lines above the cursor's line that auto-indentation looks at. */
const LINES_LOOKED_AT = 40;
/** Lines above the cursor's line searched for the bracket a typed closer matches. */
const LINES_SEARCHED = 500;

export class SimulatedEditor {
  readonly config: LanguageConfiguration;
  private readonly lexer: Lexer;
  private readonly closers: Set<string>;
  private readonly brackets: string[];
  /** Offsets into `after` of the closers the editor inserted that can still be typed over. */
  private autoClosed: number[] = [];
  /** Where each line of `before` starts, and the lexer's state there (the cursor's line last). */
  private readonly lineStarts: number[] = [0];
  private readonly lineStates: LexState[] = [START];

  constructor(
    readonly languageId: string,
    public before: string,
    public after: string,
    readonly style: IndentStyle,
  ) {
    this.config = languageConfiguration(languageId);
    this.lexer = lexerFor(languageId, this.config);
    this.closers = singleCharacterClosers(this.config);
    this.brackets = (this.config.brackets ?? DEFAULT_BRACKETS).flat();
    this.before = '';
    this.appendBefore(before);
  }

  private get lineStart(): number {
    return this.lineStarts[this.lineStarts.length - 1];
  }

  private get lineStartState(): LexState {
    return this.lineStates[this.lineStates.length - 1];
  }

  get lineBefore(): string {
    return this.before.slice(this.lineStart);
  }

  get lineAfter(): string {
    const end = this.after.indexOf('\n');
    return end < 0 ? this.after : this.after.slice(0, end);
  }

  /** The lexer's state at the cursor. */
  get lexState(): LexState {
    return this.lexer.read(this.lineStartState, this.lineBefore);
  }

  /** True when typing `ch` now would type over a closer the editor inserted. */
  overtypes(ch: string): boolean {
    if (!this.closers.has(ch) || this.after[0] !== ch || this.autoClosed[0] !== 0) return false;
    return !(isQuote(ch) && this.before.endsWith('\\'));
  }

  /** Types one character (not a line break), as the editor's type interceptors do. */
  type(ch: string): void {
    if (ch === '\n' || ch === '\r') throw new Error('type a line break with enter()');
    const reindent = indentationOnType(
      this.config,
      this.style,
      () => this.linesAbove(),
      this.processedLineBefore(),
      this.processedLineAfter(),
      ch,
      () => this.openerLine(ch),
    );
    if (reindent === undefined && this.overtypes(ch)) {
      this.moveRight();
      return;
    }
    const closer = autoCloser(this.config, this.lineBefore, this.lineAfter, ch, this.lexState);
    if (reindent !== undefined) this.setLineIndentation(reindent);
    this.appendBefore(ch);
    if (closer) {
      this.after = closer + this.after;
      this.autoClosed = [0, ...this.autoClosed.map((d) => d + closer.length)];
    }
  }

  /** Presses Enter. */
  enter(): void {
    const lineBefore = this.lineBefore;
    const lineAfter = this.lineAfter;
    const edit = enterEdit(this.config, this.style, this.linesAbove(), this.processedLineBefore(), this.processedLineAfter());
    // editor.trimAutoWhitespace: a line left with only its indentation is emptied.
    if (!lineBefore.trim() && !lineAfter.trim()) this.before = this.before.slice(0, this.lineStart);
    this.after = edit.afterCursor + this.after.slice(edit.replacesAfter);
    this.autoClosed = [];
    this.appendBefore(edit.beforeCursor);
  }

  /** Moves the cursor one character right (within the text). */
  moveRight(): void {
    if (!this.after) return;
    const ch = this.after[0];
    this.after = this.after.slice(1);
    this.autoClosed = ch === '\n' ? [] : this.autoClosed.filter((d) => d > 0).map((d) => d - 1);
    this.appendBefore(ch);
  }

  /** Deletes `count` characters left of the cursor on its line (Backspace). */
  deleteLeft(count: number): void {
    this.before = this.before.slice(0, Math.max(this.lineStart, this.before.length - count));
  }

  /** Deletes `count` characters right of the cursor (Delete). */
  deleteRight(count: number): void {
    this.after = this.after.slice(count);
    this.autoClosed = this.autoClosed.filter((d) => d >= count).map((d) => d - count);
  }

  /** Replaces the leading whitespace of the cursor's line (the cursor stays after the same text). */
  setLineIndentation(indentation: string): void {
    const line = this.lineBefore;
    this.before = this.before.slice(0, this.lineStart) + indentation + line.slice(leadingWhitespace(line).length);
  }

  /** Accepts an inline item as VS Code does: its range replaced by its text, the cursor after the text. */
  accept(item: InlineItem): void {
    if (item.replaceRight > this.lineAfter.length) throw new Error("an inline item's range stays on the cursor's line");
    this.after = this.after.slice(item.replaceRight);
    this.autoClosed = item.insertText.includes('\n') ? [] : this.autoClosed.filter((d) => d >= item.replaceRight).map((d) => d - item.replaceRight);
    this.appendBefore(item.insertText);
  }

  /** An independent copy (for trying an edit out). */
  clone(): SimulatedEditor {
    const copy = Object.create(SimulatedEditor.prototype) as SimulatedEditor;
    Object.assign(copy, this, { autoClosed: this.autoClosed.slice(), lineStarts: this.lineStarts.slice(), lineStates: this.lineStates.slice() });
    return copy;
  }

  /** Offsets into `after` of the closers that typing would go over. */
  get trackedClosers(): readonly number[] {
    return this.autoClosed;
  }

  private appendBefore(text: string): void {
    let from = 0;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
      // A line ends: the next one starts in the state the lexer is in after it.
      const line = this.lineBefore + text.slice(from, at + 1);
      this.before += text.slice(from, at + 1);
      this.lineStates.push(this.lexer.read(this.lineStartState, line));
      this.lineStarts.push(this.before.length);
      from = at + 1;
    }
    this.before += text.slice(from);
  }

  /** Line k of `before` (not the cursor's), without its line break. */
  private line(k: number): string {
    return this.before.slice(this.lineStarts[k], this.lineStarts[k + 1] - 1);
  }

  /** A line as VS Code's indentation rules read it: brackets in strings and comments taken out. */
  private processed(k: number): string {
    return withoutQuotedBrackets(this.lexer, this.lineStates[k], this.line(k), this.brackets);
  }

  private processedLineBefore(): string {
    return withoutQuotedBrackets(this.lexer, this.lineStartState, this.lineBefore, this.brackets);
  }

  private processedLineAfter(): string {
    return withoutQuotedBrackets(this.lexer, this.lexState, this.lineAfter, this.brackets);
  }

  /** The (processed) lines above the cursor's line, nearest last. */
  private linesAbove(): string[] {
    const current = this.lineStarts.length - 1;
    const lines: string[] = [];
    for (let k = Math.max(0, current - LINES_LOOKED_AT); k < current; k++) lines.push(this.processed(k));
    return lines;
  }

  /** The line holding the opening bracket that `closer`, typed at the cursor, would close (brackets in strings and comments skipped), or undefined. */
  private openerLine(closer: string): string | undefined {
    const pair = (this.config.brackets ?? DEFAULT_BRACKETS).find(([open, close]) => close === closer && open.length === 1);
    if (!pair) return undefined;
    let depth = 0;
    const current = this.lineStarts.length - 1;
    for (let k = current; k >= Math.max(0, current - LINES_SEARCHED); k--) {
      const text = k === current ? this.lineBefore : this.line(k);
      const types = new Uint8Array(text.length);
      this.lexer.read(this.lineStates[k], text, types);
      for (let i = text.length - 1; i >= 0; i--) {
        if (types[i] !== CODE) continue;
        if (text[i] === closer) depth++;
        else if (text[i] === pair[0] && depth-- === 0) return text;
      }
    }
    return undefined;
  }
}
