/**
 * Loads each widget on the page only when it comes near the viewport, so a lesson costs no
 * widget code until the reader gets there. Runs once per page (Astro dedupes the script).
 */
import type { WidgetModule } from './types.ts';

const modules = import.meta.glob<WidgetModule>('./*/index.ts');

/** Import and mount the widget of one <figure data-widget>. */
async function mount(figure: HTMLElement): Promise<void> {
  const name = figure.dataset.widget!;
  const root = figure.querySelector<HTMLElement>('.widget-root')!;
  const load = modules[`./${name}/index.ts`];
  if (!load) {
    root.dataset.state = 'missing';
    root.textContent = `The "${name}" widget is not available in this build.`;
    return;
  }
  try {
    const mod = await load();
    const props = JSON.parse(figure.dataset.props || '{}') as Record<string, unknown>;
    root.replaceChildren();
    mod.default(root, props);
    root.dataset.state = 'ready';
  } catch (err) {
    root.dataset.state = 'error';
    root.textContent = `This widget failed to load (${(err as Error).message}). Reload the page to try again.`;
    console.error(err);
  }
}

const figures = document.querySelectorAll<HTMLElement>('figure[data-widget]:not([data-mounted])');
const observer = new IntersectionObserver(
  (entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      observer.unobserve(e.target);
      void mount(e.target as HTMLElement);
    }
  },
  { rootMargin: '600px 0px' }, // start a little before the reader arrives
);
for (const f of figures) {
  f.dataset.mounted = '';
  observer.observe(f);
}
