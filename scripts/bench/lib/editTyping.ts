// A person retyping a span of a file in VS Code (bench:keystrokes --mode edit): the file is
// open with the span cut out, the cursor where it was, and the person types the span's text
// character by character in an editor that behaves as VS Code's does by default
// (src/core/editing/simulatedEditor.ts: auto-closing, overtyping, auto-indentation). At
// every position a suggester may offer an inline item (insert text + range); the person
// accepts it with one key (Tab) when the document after accepting is still on the way to
// the target, else types on. What the person does, and what each costs:
//   - a character: one key; a closer the editor inserted is typed over (or stepped over with
//     one arrow key), one key;
//   - Enter: one key; the new line's indentation is fixed, if the editor's differs from the
//     file's, once its first character is typed (so a closer that re-indents its line
//     counts right): one key per indentation level (Tab or Backspace), text the editor
//     appended that the file does not have (" * ", "// ") one Backspace a character;
//   - a line the editor moved below (Enter between brackets) is reached with two keys (Down,
//     End) when the file's next line starts with it, indentation included;
//   - closers the editor inserted that the span does not contain are deleted at its end (one
//     key each, two at most).
// "On the way to the target": the text before the cursor is the target's (the current
// line's indentation aside, while it is still to be fixed), and the person typing the rest
// of the span alone from there is left with no more of the editor's inserted characters over
// than from where the suggestion was shown (both typed out on copies of the editor). A suggestion that matched what the person types
// next but would leave the document off the way is a duplicating accept: the auto-closed
// `)` left behind in `res.send(false);)`.
import { performance } from 'node:perf_hooks';
import { type InlineItem, SimulatedEditor } from '../../../src/core/editing/simulatedEditor';
import { type IndentStyle, leadingWhitespace, visibleWidth } from '../../../src/core/editing/indentation';
import { restOfLine, type RightKind, rightKind } from '../../../src/core/complete/textAfterCursor';

/** What a suggester offers at the cursor: an item (or none), whether it is one kept from before as the person typed its start, its estimated acceptance probability. */
export interface Offer {
  item: InlineItem | undefined;
  kept: boolean;
  probability?: number;
}

export type EditSuggester = (before: string, after: string) => Offer;

export interface EditCounts {
  /** Characters of the spans. */
  chars: number;
  keys: number;
  shown: number;
  accepted: number;
  acceptedChars: number;
  duplicatingAccepts: number;
  positions: number;
  ms: number;
  /** Suggestions shown and accepted, and characters accepted, by what was right of the cursor on its line (textAfterCursor.ts's kinds). */
  byRight: Record<RightKind, { shown: number; accepted: number; acceptedChars: number }>;
}

export function emptyCounts(): EditCounts {
  const kind = () => ({ shown: 0, accepted: 0, acceptedChars: 0 });
  return { chars: 0, keys: 0, shown: 0, accepted: 0, acceptedChars: 0, duplicatingAccepts: 0, positions: 0, ms: 0, byRight: { empty: kind(), closers: kind(), code: kind() } };
}

export interface SpanTask {
  /** The file's path (the editor's document). */
  document: string;
  languageId: string;
  style: IndentStyle;
  /** The whole file (the target). */
  text: string;
  start: number;
  end: number;
}

/** Keys to turn one indentation into another: a Tab or Backspace per level (to the next tab stop). */
export function indentationKeys(from: string, to: string, tabSize: number): number {
  if (from === to) return 0;
  const a = visibleWidth(from, tabSize);
  const b = visibleWidth(to, tabSize);
  if (to.startsWith(from) || from.startsWith(to)) return Math.ceil(Math.abs(a - b) / tabSize);
  return Math.ceil(a / tabSize) + Math.ceil(b / tabSize);
}

interface Verdict {
  onWay: boolean;
  /** The visible text matched what the person types next. */
  matches: boolean;
  /** Target index after accepting. */
  to: number;
}

/** One span retyped; counts added to `counts` (no suggester: the person alone). */
export function retypeSpan(task: SpanTask, counts: EditCounts, suggester?: EditSuggester): void {
  new SpanTyping(task).run(counts, suggester);
}

class SpanTyping {
  private editor: SimulatedEditor;
  private readonly target: string;
  private readonly suffixLength: number;
  private i: number;
  /** The indentation the cursor's line should have, while the editor's is not fixed yet. */
  private wantedIndent: string | undefined;

  constructor(private readonly task: SpanTask) {
    this.target = task.text;
    this.suffixLength = task.text.length - task.end;
    this.editor = new SimulatedEditor(task.languageId, task.text.slice(0, task.start), task.text.slice(task.end), task.style);
    this.i = task.start;
  }

  private clone(): SpanTyping {
    const copy = Object.create(SpanTyping.prototype) as SpanTyping;
    Object.assign(copy, this, { editor: this.editor.clone() });
    return copy;
  }

  /** Characters the editor inserted that are left over when the person types the rest of the span alone from here (Infinity: the text after the span changed). */
  private leftOverAtEnd(): number {
    while (this.i < this.task.end) this.keystroke(this.pending);
    const rest = this.target.slice(this.i);
    return this.editor.after.endsWith(rest) ? this.editor.after.length - rest.length : Infinity;
  }

  /** What the editor inserted right of the cursor that the file does not have there. */
  private get pending(): string {
    return this.editor.after.slice(0, this.editor.after.length - this.suffixLength);
  }

  run(counts: EditCounts, suggester?: EditSuggester): void {
    counts.chars += this.task.end - this.task.start;
    for (;;) {
      if (this.i >= this.task.end) {
        // (An item may have ended the span by replacing the start of the text after it.)
        const rest = this.target.slice(this.i);
        if (!this.editor.after.endsWith(rest)) throw new Error('edit benchmark: the text after the span changed');
        counts.keys += Math.min(this.editor.after.length - rest.length, 2);
        return;
      }
      const pending = this.pending;
      if (suggester && this.offered(suggester, pending, counts)) continue;
      counts.keys += this.keystroke(pending);
    }
  }

  /** Asks the suggester; true when its item was accepted. */
  private offered(suggester: EditSuggester, pending: string, counts: EditCounts): boolean {
    const started = performance.now();
    const offer = suggester(this.editor.before, this.editor.after);
    counts.ms += performance.now() - started;
    counts.positions++;
    if (!offer.item) return false;
    const right = counts.byRight[rightKind(restOfLine(this.editor.after))];
    if (!offer.kept) {
      counts.shown++;
      right.shown++;
    }
    const verdict = this.judge(offer.item, pending);
    if (!verdict.onWay) {
      if (verdict.matches && !offer.kept) {
        counts.duplicatingAccepts++;
        if (process.env.RECUR_EDIT_DEBUG)
          console.error(
            `duplicating: ${JSON.stringify(this.editor.before.slice(-40))} | ${JSON.stringify(this.editor.after.slice(0, 30))} item ${JSON.stringify(offer.item)} target ${JSON.stringify(this.target.slice(this.i, this.i + 30))}`,
          );
      }
      return false;
    }
    counts.keys += 1 + this.accept(offer.item, verdict.to);
    counts.accepted++;
    counts.acceptedChars += offer.item.insertText.length;
    if (!offer.kept) right.accepted++;
    right.acceptedChars += offer.item.insertText.length;
    return true;
  }

  /** Applies the item, the target read up to `to`; returns the keys fixing the line's indentation took. */
  private accept(item: InlineItem, to: number): number {
    const wanted = this.wantedIndent;
    this.editor.accept(item);
    this.i = to;
    // (A multi-line item was only taken with the line's indentation right: judge().)
    if (item.insertText.includes('\n')) this.wantedIndent = undefined;
    return wanted !== undefined && this.wantedIndent !== undefined ? this.fixIndentation(wanted) : 0;
  }

  private judge(item: InlineItem, pending: string): Verdict {
    const off: Verdict = { onWay: false, matches: false, to: this.i };
    let text = item.insertText;
    if (this.wantedIndent !== undefined) {
      // At a new line whose indentation is still the editor's: the item's leading whitespace adds to it.
      const lead = /^[ \t]*/.exec(text)![0];
      text = text.slice(lead.length);
      const indentation = leadingWhitespace(this.editor.lineBefore) + lead;
      if (!text) return indentation === this.wantedIndent ? { onWay: true, matches: true, to: this.i } : off;
      if (text.includes('\n') && indentation !== this.wantedIndent) return { ...off, matches: this.target.startsWith(text, this.i) };
    }
    if (!this.target.startsWith(text, this.i)) return off;
    const to = this.i + text.length;
    if (item.replaceRight > pending.length) return { onWay: to === this.task.end + item.replaceRight - pending.length, matches: true, to };
    if (to > this.task.end) return { onWay: false, matches: true, to };
    if (to === this.i && this.wantedIndent === undefined) return { onWay: false, matches: true, to };
    // On the way: typing the rest alone from there leaves no more of the editor's closers over than from here.
    const withItem = this.clone();
    withItem.accept(item, to);
    return { onWay: withItem.leftOverAtEnd() <= this.clone().leftOverAtEnd(), matches: true, to };
  }

  /** The target from `at` to the end of its line or of the span. */
  private restOfLine(at: number): string {
    const end = this.target.indexOf('\n', at);
    return this.target.slice(at, Math.min(end < 0 ? this.target.length : end, this.task.end));
  }

  /** One key's worth of typing (or a few, for indentation and moves); returns the keys. */
  private keystroke(pending: string): number {
    const ch = this.target[this.i];
    if (ch === '\n') {
      this.wantedIndent = undefined; // a blank line: the editor trims its indentation
      if (pending.startsWith('\n')) {
        const keys = this.moveDown(pending);
        if (keys > 0) return keys;
      }
      this.editor.enter();
      this.i++;
      return 1 + this.startLine();
    }
    if (pending[0] === ch) {
      if (this.editor.overtypes(ch)) this.editor.type(ch);
      else this.editor.moveRight();
    } else this.editor.type(ch);
    this.i++;
    return 1 + (this.wantedIndent !== undefined ? this.fixIndentation(this.wantedIndent) : 0);
  }

  /** After Enter: the new line as the editor started it against the file's line. */
  private startLine(): number {
    const line = this.editor.lineBefore;
    const targetLine = this.restOfLine(this.i);
    let keys = 0;
    let kept = line;
    if (line.trim()) {
      // Text the editor appended (" * ", "// "): what the file does not have is deleted.
      let common = 0;
      while (common < line.length && line[common] === targetLine[common]) common++;
      keys += line.length - common;
      this.editor.deleteLeft(line.length - common);
      kept = line.slice(0, common);
    }
    if (kept.trim()) {
      this.i += kept.length;
      return keys;
    }
    const wanted = leadingWhitespace(targetLine);
    this.i += wanted.length;
    this.wantedIndent = wanted;
    return keys;
  }

  private fixIndentation(wanted: string): number {
    this.wantedIndent = undefined;
    const current = leadingWhitespace(this.editor.lineBefore);
    if (current === wanted) return 0;
    this.editor.setLineIndentation(wanted);
    return indentationKeys(current, wanted, this.task.style.tabSize);
  }

  /**
   * Enter between brackets moved a closer's line below: Down and End to its end, when the
   * file's next line is that line (the same indentation: a closer of an outer block further
   * out is not this one); 0 when not.
   */
  private moveDown(pending: string): number {
    const next = pending.indexOf('\n', 1);
    const line = next < 0 ? pending.slice(1) : pending.slice(1, next);
    const content = line.trimStart();
    const targetLine = this.restOfLine(this.i + 1);
    if (!content || !targetLine.startsWith(line)) return 0;
    for (let n = 0; n <= line.length; n++) this.editor.moveRight();
    this.i += 1 + line.length;
    return 2;
  }
}
