// The message a view shows instead of its content: no model yet, no editor, a model that
// cannot be read... with the one action that helps.
import { h } from './dom';

export interface EmptyStateAction {
  label: string;
  run(): void;
  secondary?: boolean;
}

export function emptyState(kind: 'welcome' | 'info' | 'problem', title: string, body: string[], actions: EmptyStateAction[] = []): HTMLElement {
  return h(
    'section',
    { class: `empty-state ${kind}`, attrs: { role: kind === 'problem' ? 'alert' : 'status' } },
    h('div', { class: 'empty-icon', attrs: { 'aria-hidden': 'true' } }),
    h('h2', { text: title }),
    ...body.map((line) => h('p', { text: line })),
    actions.length
      ? h(
          'div',
          { class: 'empty-actions' },
          ...actions.map((a) => h('button', { class: a.secondary ? 'button secondary' : 'button', text: a.label, attrs: { type: 'button' }, on: { click: () => a.run() } })),
        )
      : null,
  );
}
