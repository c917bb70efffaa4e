// One floating tooltip for the whole panel, placed next to the pointer and kept inside the
// window. Its lines are set as text.
import { h } from './dom';

export class Tooltip {
  private readonly el = h('div', { class: 'tooltip', attrs: { role: 'tooltip' } });

  constructor() {
    this.el.hidden = true;
    document.body.appendChild(this.el);
  }

  show(lines: string[], clientX: number, clientY: number): void {
    this.el.replaceChildren(...lines.map((line, i) => h('div', { class: i === 0 ? 'tooltip-title' : 'tooltip-line', text: line })));
    this.el.hidden = false;
    const margin = 12;
    const { width, height } = this.el.getBoundingClientRect();
    let x = clientX + margin;
    let y = clientY + margin;
    if (x + width > window.innerWidth - 4) x = Math.max(4, clientX - width - margin);
    if (y + height > window.innerHeight - 4) y = Math.max(4, clientY - height - margin);
    this.el.style.left = `${x}px`;
    this.el.style.top = `${y}px`;
  }

  /** Shows the tooltip beside an element (keyboard or hover on small targets). */
  showAt(lines: string[], target: Element): void {
    const r = target.getBoundingClientRect();
    this.show(lines, r.right, r.bottom);
  }

  hide(): void {
    this.el.hidden = true;
  }
}
