/** On narrow screens the sidebar folds behind a button; wide screens always show it. */
export function wireSidebarToggle(): void {
  const nav = document.querySelector<HTMLElement>('[data-role="sidebar"]');
  const button = nav?.querySelector<HTMLButtonElement>('[data-action="toggle-sidebar"]');
  if (!nav || !button) return;
  // Without this script the list is simply always shown.
  nav.setAttribute('data-collapsible', '');
  button.hidden = false;
  button.addEventListener('click', () => {
    const open = !nav.hasAttribute('data-open');
    nav.toggleAttribute('data-open', open);
    button.setAttribute('aria-expanded', String(open));
  });
}
