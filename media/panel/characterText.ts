// Text shown one span per character (code point), each span's background painted by a value
// (surprisal, or one unit's activation). Built with a DocumentFragment and textContent: a few
// milliseconds for 2,000 characters, and never parsed as markup. Hover and click are handled
// once on the container (event delegation), not per span.
//
// Shown as: a newline as a dim "↵" then the line break; a tab as a tab; a carriage return as
// nothing (it has a span, so it can still be hovered in CRLF files... with zero width); other
// control characters as their Unicode "control picture" (U+2400 + code).
import { h } from './dom';

function glyph(char: string): { text: string; special: boolean } {
  const code = char.codePointAt(0) ?? 0;
  if (char === '\n') return { text: '↵\n', special: true };
  if (char === '\t' || code >= 32 || char === '') return { text: char, special: false };
  if (char === '\r') return { text: '', special: true };
  return { text: String.fromCodePoint(0x2400 + code), special: true };
}

export interface CharacterTextOptions {
  /** The character under the mouse (index), or -1 when it leaves. */
  onHover?(index: number, span: HTMLElement | undefined): void;
  onClick?(index: number): void;
}

export class CharacterText {
  readonly el: HTMLElement;
  private spans: HTMLElement[] = [];
  private chars: string[] = [];
  private readonly indexOf = new WeakMap<Element, number>();
  private highlighted: HTMLElement | undefined;

  constructor(options: CharacterTextOptions = {}, className = 'char-text') {
    this.el = h('div', { class: className, attrs: { role: 'document' } });
    this.el.addEventListener('mouseover', (event) => {
      const index = this.indexOf.get(event.target as Element);
      if (index !== undefined) options.onHover?.(index, this.spans[index]);
    });
    this.el.addEventListener('mouseleave', () => options.onHover?.(-1, undefined));
    this.el.addEventListener('click', (event) => {
      const index = this.indexOf.get(event.target as Element);
      if (index !== undefined) options.onClick?.(index);
    });
  }

  /** Characters shown. */
  get length(): number {
    return this.spans.length;
  }

  charAt(index: number): string {
    return this.chars[index] ?? '';
  }

  /** Shows `text`, one span per code point; `cursor` (a character index, or -1) is marked. */
  setText(text: string, cursor = -1): void {
    this.chars = Array.from(text);
    const fragment = document.createDocumentFragment();
    this.spans = this.chars.map((char, k) => {
      const span = document.createElement('span');
      const { text: shown, special } = glyph(char);
      span.textContent = shown;
      if (special) span.className = 'special';
      this.indexOf.set(span, k);
      fragment.appendChild(span);
      return span;
    });
    if (cursor >= 0) {
      const mark = h('span', { class: 'cursor-mark', attrs: { 'aria-label': 'cursor' } });
      fragment.insertBefore(mark, this.spans[cursor] ?? null);
    }
    this.highlighted = undefined;
    this.el.replaceChildren(fragment);
  }

  /** Sets every character's background from `color(index)`. */
  paint(color: (index: number) => string): void {
    for (let k = 0; k < this.spans.length; k++) this.spans[k].style.backgroundColor = color(k);
  }

  /** Outlines one character (e.g. the column hovered in the heatmap); undefined clears it. */
  highlight(index: number | undefined): void {
    this.highlighted?.classList.remove('highlight');
    this.highlighted = index === undefined ? undefined : this.spans[index];
    this.highlighted?.classList.add('highlight');
  }
}
