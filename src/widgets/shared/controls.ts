/** Small accessible controls shared by the widgets of every lesson: buttons, segmented choices, sliders, selects, arrow-key focus. */
import { h, slider } from './dom.ts';

/** A push button carrying a data-role for tests and scripts. */
export function button(label: string, role: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'fw-btn', 'data-role': role, ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

/**
 * Let arrow keys (and Home/End) move focus among the items matching `selector` inside `container`,
 * with one tab stop for the whole set (roving tabindex). `onMove` runs after focus moves.
 */
export function rovingFocus(container: HTMLElement, selector: string, onMove?: (el: HTMLElement) => void): () => void {
  const items = () => [...container.querySelectorAll<HTMLElement>(selector)];
  const settle = (active: HTMLElement) => { for (const el of items()) el.tabIndex = el === active ? 0 : -1; };
  container.addEventListener('keydown', (e) => {
    const list = items();
    const i = list.indexOf(e.target as HTMLElement);
    if (i < 0) return;
    const next = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? i - 1
      : e.key === 'Home' ? 0 : e.key === 'End' ? list.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const el = list[Math.max(0, Math.min(list.length - 1, next))]!;
    settle(el);
    el.focus();
    onMove?.(el);
  });
  container.addEventListener('focusin', (e) => { if (items().includes(e.target as HTMLElement)) settle(e.target as HTMLElement); });
  // Call after (re)building the items: keeps exactly one of them in the tab order.
  return () => { const list = items(); settle(list.find((el) => el.tabIndex === 0) ?? list[0]!); };
}

/** A one-of-many choice drawn as pressed/unpressed buttons; arrow keys move and choose. */
export function choiceGroup<T extends string>(opts: { label: string; role: string; options: { value: T; label: string }[]; value: T; onChange: (v: T) => void }): { el: HTMLElement; set: (v: T) => void } {
  const group = h('div', { class: 'fw-seg', role: 'group', 'aria-label': opts.label, 'data-role': opts.role });
  const set = (v: T) => {
    for (const b of group.querySelectorAll<HTMLButtonElement>('button')) b.setAttribute('aria-pressed', String(b.dataset.value === v));
  };
  for (const o of opts.options) {
    const b = h('button', { type: 'button', class: 'fw-btn', 'data-value': o.value, 'aria-pressed': 'false' }, o.label);
    b.addEventListener('click', () => { set(o.value); opts.onChange(o.value); });
    group.append(b);
  }
  set(opts.value);
  const fix = rovingFocus(group, 'button', (el) => el.click());
  fix();
  const wrap = h('div', { class: 'fw-row' }, h('span', { class: 'fw-seg-label', 'aria-hidden': 'true' }, opts.label), group);
  return { el: wrap, set };
}

/** dom.ts's labelled slider with a data-role on its input and a way to set it from code. */
export function roleSlider(opts: Parameters<typeof slider>[0] & { role: string }): { el: HTMLLabelElement; input: HTMLInputElement; set: (v: number) => void } {
  const el = slider(opts);
  const input = el.querySelector('input')!;
  const out = el.querySelector('output')!;
  input.dataset.role = opts.role;
  return {
    el, input,
    set(v) { input.value = String(v); out.textContent = (opts.format ?? String)(v); },
  };
}

/** A labelled <select> of named options. */
export function selectBox<T extends string>(opts: { label: string; role: string; options: { value: T; label: string }[]; value: T; onChange: (v: T) => void }): HTMLLabelElement {
  const sel = h('select', { 'data-role': opts.role });
  for (const o of opts.options) sel.append(h('option', { value: o.value, selected: o.value === opts.value }, o.label));
  sel.addEventListener('change', () => opts.onChange(sel.value as T));
  return h('label', { class: 'fw-row' }, h('span', { class: 'fw-seg-label' }, opts.label), sel);
}
