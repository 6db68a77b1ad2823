/** The theme toggle: flips between light and dark, persists the choice, follows the system until then. */

const KEY = 'quantcourse:theme';

/** The theme in effect now: the learner's choice, or the system's. */
export function currentTheme(): 'light' | 'dark' {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Wire every theme toggle button on the page. */
export function wireThemeToggle(): void {
  const buttons = document.querySelectorAll<HTMLButtonElement>('[data-role="theme-toggle"]');
  const label = () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    for (const b of buttons) b.setAttribute('aria-label', `Switch to ${next} theme`);
  };
  for (const b of buttons) {
    b.addEventListener('click', () => {
      const next = currentTheme() === 'dark' ? 'light' : 'dark';
      document.documentElement.dataset.theme = next;
      try {
        localStorage.setItem(KEY, next);
      } catch {
        // Storage refused: the choice lasts for this page only.
      }
      label();
    });
  }
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', label);
  label();
}
