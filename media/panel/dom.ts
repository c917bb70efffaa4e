// Building DOM without markup: every piece of text goes in as textContent or a text node, so
// workspace text can never become HTML (a file containing "<img onerror=...>" shows as text).
// Nothing in the webview parses strings as HTML (a unit test checks the sources).

type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

/** document.createElement with a class, text, attributes, listeners and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  if (props.title !== undefined) el.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) el.setAttribute(name, value);
  for (const [name, listener] of Object.entries(props.on ?? {})) el.addEventListener(name, listener as EventListener);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A row of toggle buttons, one pressed; calls onChange with the chosen value. */
export function segmented<T extends string>(
  label: string,
  options: readonly { value: T; label: string; title?: string }[],
  current: T,
  onChange: (value: T) => void,
): { el: HTMLElement; set(value: T): void } {
  const buttons = options.map((o) =>
    h('button', {
      class: 'segment',
      text: o.label,
      title: o.title,
      attrs: { type: 'button', 'data-value': o.value },
      on: {
        click: () => {
          set(o.value);
          onChange(o.value);
        },
      },
    }),
  );
  const set = (value: T) => {
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.value === value));
  };
  set(current);
  return { el: h('div', { class: 'segmented', attrs: { role: 'group', 'aria-label': label } }, ...buttons), set };
}

/** A <select> of options; calls onChange with the chosen value. */
export function select<T extends string | number>(label: string, options: readonly { value: T; label: string }[], current: T, onChange: (value: T) => void): HTMLSelectElement {
  const el = h('select', { attrs: { 'aria-label': label } });
  for (const o of options) {
    const option = h('option', { text: o.label });
    option.value = String(o.value);
    option.selected = o.value === current;
    el.appendChild(option);
  }
  el.addEventListener('change', () => {
    const chosen = options.find((o) => String(o.value) === el.value);
    if (chosen) onChange(chosen.value);
  });
  return el;
}

export function button(text: string, onClick: () => void, options: { secondary?: boolean; title?: string } = {}): HTMLButtonElement {
  return h('button', { class: options.secondary ? 'button secondary' : 'button', text, title: options.title, attrs: { type: 'button' }, on: { click: onClick } });
}
