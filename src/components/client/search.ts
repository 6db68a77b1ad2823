/**
 * The header's search dialog: opens on its button, "/" or Ctrl+K (never while the learner types in
 * the editor or a field), loads the Pagefind index the build wrote (from the site itself, so it
 * works under any base path and offline) and lists the matching passages, each linking to its heading.
 */

/** What Pagefind's JS API returns for one result (the fields this dialog reads). */
interface PagefindData {
  url: string;
  excerpt: string;
  meta: { title?: string; section?: string };
  sub_results?: { title: string; url: string; excerpt: string; locations?: number[] }[];
}
interface PagefindApi {
  options(o: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  search(term: string): Promise<{ results: { data(): Promise<PagefindData> }[] } | null>;
}

/** One row of the list: where it is (lesson, section) and the passage that matched. */
export interface SearchHit {
  lesson: string;
  section: string;
  url: string;
  excerpt: string;
}

const MAX_PAGES = 8;
const MAX_HITS = 12;
const PASSAGES_PER_PAGE = 3;

let api: Promise<PagefindApi> | undefined;

/** The Pagefind API, loaded once from <base>pagefind/pagefind.js. */
function pagefind(): Promise<PagefindApi> {
  api ??= (async () => {
    const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
    const mod = (await import(/* @vite-ignore */ `${base}pagefind/pagefind.js`)) as PagefindApi;
    await mod.options({ baseUrl: base, excerptLength: 24 });
    return mod;
  })();
  api.catch(() => (api = undefined)); // a failed load (say, offline before the index was cached) is retried next time
  return api;
}

/** The rows for one Pagefind result: its best-matching headings (at most three), or the record itself. */
export function hitsOf(data: PagefindData): SearchHit[] {
  const lesson = data.meta.title ?? data.url;
  const subs = [...(data.sub_results ?? [])]
    .map((s, i) => ({ s, i, weight: s.locations?.length ?? 0 }))
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
    .slice(0, PASSAGES_PER_PAGE)
    .sort((a, b) => a.i - b.i);
  if (subs.length === 0 || data.meta.section) {
    return [{ lesson, section: data.meta.section ?? lesson, url: data.url, excerpt: data.excerpt }];
  }
  return subs.map(({ s }) => ({ lesson, section: s.title === lesson ? 'Introduction' : s.title, url: s.url, excerpt: s.excerpt }));
}

/** Pagefind's excerpt (text with <mark> around matches) as nodes: text and marks only, nothing else from the index. */
function excerptNodes(excerpt: string): Node[] {
  const tpl = document.createElement('template');
  tpl.innerHTML = excerpt;
  return [...tpl.content.childNodes].map((n) => {
    if (n.nodeName === 'MARK') {
      const m = document.createElement('mark');
      m.textContent = n.textContent;
      return m;
    }
    return document.createTextNode(n.textContent ?? '');
  });
}

/** Whether a key press is the learner typing (an input, a textarea such as Monaco's, or editable text). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select, [contenteditable], .monaco-editor') !== null;
}

/** Wire the search button, its dialog and the "/" and Ctrl+K shortcuts. */
export function wireSiteSearch(): void {
  const opener = document.querySelector<HTMLButtonElement>('[data-role="search-open"]');
  const dialog = document.querySelector<HTMLDialogElement>('[data-role="search-dialog"]');
  const form = dialog?.querySelector<HTMLFormElement>('[data-role="search-form"]');
  const input = dialog?.querySelector<HTMLInputElement>('[data-role="search-input"]');
  const status = dialog?.querySelector<HTMLElement>('[data-role="search-status"]');
  const list = dialog?.querySelector<HTMLUListElement>('[data-role="search-results"]');
  if (!opener || !dialog || !form || !input || !status || !list) return;

  const open = () => {
    if (dialog.open) return;
    dialog.showModal();
    input.focus();
    input.select();
    void pagefind().catch(() => {}); // start loading the index while the learner types
  };
  opener.addEventListener('click', open);
  dialog.querySelector('[data-action="search-close"]')?.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    list.querySelector('a')?.click();
  });
  // A click on the backdrop (outside the dialog's box) closes it.
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) dialog.close();
  });
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || dialog.open || isTyping(e.target)) return;
    const ctrlK = (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k';
    const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey;
    if (!ctrlK && !slash) return;
    e.preventDefault();
    open();
  });

  // Arrow keys move between the field and the results.
  dialog.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const links = [...list.querySelectorAll<HTMLAnchorElement>('a')];
    if (links.length === 0) return;
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    e.preventDefault();
    if (e.key === 'ArrowDown') links[Math.min(at + 1, links.length - 1)]!.focus();
    else if (at <= 0) input.focus();
    else links[at - 1]!.focus();
  });
  // Following a result closes the dialog, so a link to a heading of this same page scrolls to it.
  list.addEventListener('click', (e) => {
    if ((e.target as HTMLElement).closest('a')) dialog.close();
  });

  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(input.value.trim()), 120);
  });

  const run = async (term: string) => {
    const mine = ++latest;
    if (!term) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    let found: SearchHit[];
    try {
      const search = await (await pagefind()).search(term);
      const pages = await Promise.all((search?.results ?? []).slice(0, MAX_PAGES).map((r) => r.data()));
      found = pages.flatMap(hitsOf).slice(0, MAX_HITS);
    } catch {
      if (mine === latest) status.textContent = 'Search is not available: its index did not load (it is built by npm run build; offline, it needs one visit online first).';
      return;
    }
    if (mine !== latest) return; // a newer query is already under way
    list.replaceChildren(...found.map(renderHit));
    status.textContent = found.length === 0 ? `Nothing matches “${term}”.` : `${found.length} passage${found.length === 1 ? '' : 's'} found.`;
  };
}

/** One result as a list item: a link to the passage's heading naming the section and the lesson, then the passage. */
function renderHit(hit: SearchHit): HTMLLIElement {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = hit.url;
  a.dataset.role = 'search-result';
  const where = document.createElement('span');
  where.className = 'result-where';
  where.textContent = hit.section;
  const lesson = document.createElement('span');
  lesson.className = 'result-lesson';
  lesson.textContent = hit.section === hit.lesson ? 'Lesson' : hit.lesson;
  const excerpt = document.createElement('span');
  excerpt.className = 'result-excerpt';
  excerpt.append(...excerptNodes(hit.excerpt));
  a.append(where, lesson, excerpt);
  li.append(a);
  return li;
}
