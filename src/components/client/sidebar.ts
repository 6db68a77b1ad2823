/** On narrow screens the sidebar folds behind a button; wide screens always show it. */
export function wireSidebarToggle(): void {
  const nav = document.querySelector<HTMLElement>('[data-role="sidebar"]');
  const button = nav?.querySelector<HTMLButtonElement>('[data-action="toggle-sidebar"]');
  if (!nav || !button) return;
  // The CSS folds the list from the first paint (html[data-js], see Sidebar.astro); without
  // scripts at all the list is simply always shown.
  nav.setAttribute('data-collapsible', '');
  button.hidden = false;
  button.addEventListener('click', () => {
    const open = !nav.hasAttribute('data-open');
    nav.toggleAttribute('data-open', open);
    button.setAttribute('aria-expanded', String(open));
  });
}
