/** The one way a widget mounts: a bad prop shows a readable reason in the figure, never a broken widget. */
import { h } from './dom.ts';
import { useFloatsStyle } from './floats-style.ts';

/**
 * Run a widget's mount body; if its props are bad, show the reason in the figure instead of a broken widget.
 */
export function guardedMount(root: HTMLElement, body: () => void | (() => void)): void | (() => void) {
  useFloatsStyle();
  try {
    return body();
  } catch (err) {
    root.replaceChildren(h('p', { class: 'fw-error', role: 'alert', 'data-role': 'error' }, `This figure cannot be drawn: ${(err as Error).message}`));
  }
}
