/**
 * The only exercise code on a lesson page before the editor is requested: marks passed
 * exercises, has the browser look the editor's font up while the page is idle, and loads the
 * editor when an exercise nears the viewport or the learner asks for it. At that moment the
 * panel, Monaco and the compiler worker's script start downloading, side by side; esbuild.wasm
 * follows once the editor is created (see src/runner/browser/workers.ts).
 */
import { loadState, onProgressChange } from '../../../progress/store.ts';

type Monaco = typeof import('./monaco.ts');
let monaco: Promise<Monaco> | null = null;

function markPassed(sections: NodeListOf<HTMLElement>): void {
  const state = loadState();
  for (const s of sections) {
    const badge = s.querySelector<HTMLElement>('[data-role="status-badge"]');
    const text = state.exercises[s.dataset.exerciseId!]?.passedAt ? '✓ passed' : '';
    // Only on a change: this runs after every save, and new text is laid out again.
    if (badge && badge.textContent !== text) badge.textContent = text;
  }
}

function open(section: HTMLElement): void {
  if (section.dataset.loading) return;
  section.dataset.loading = 'true';
  const placeholder = section.querySelector<HTMLElement>('[data-role="placeholder"]');
  const status = document.createElement('span');
  status.className = 'muted';
  status.textContent = 'Loading the editor…';
  placeholder?.append(status);
  performance.mark('quantcourse:editor-requested', { detail: section.dataset.exerciseId });
  // The small modules are requested first: a browser opens six connections to an HTTP/1.1 host,
  // and queued behind Monaco's 3.3 MB the panel arrived only with it, so the editor waited for the
  // exercise's own files after Monaco had run.
  const panel = import('./panel.ts');
  // Booted now, while Monaco downloads, the worker is ready for esbuild.wasm when the editor is; booted
  // with the panel, while the main thread is busy, it comes later, and so does the first Run.
  import('../../../runner/browser/workers.ts').then((w) => w.prepareCompiler(), () => undefined);
  const editor = (monaco ??= import('./monaco.ts'));
  panel
    .then((m) => m.mountExercise(section, editor))
    .catch((err: unknown) => {
      // Let the next request fetch again.
      if (monaco === editor) monaco = null;
      delete section.dataset.loading;
      status.textContent = `The editor could not load (${(err as Error)?.message ?? err}). Check your connection and press the button to try again.`;
    });
}

/** Wire every exercise on the page. */
export function watchExercises(): void {
  const sections = document.querySelectorAll<HTMLElement>('section.exercise[data-exercise-id]');
  if (sections.length === 0) return;
  markPassed(sections);
  onProgressChange(() => markPassed(sections));
  // The browser's font lookups for the editor, done while the learner reads rather than while an
  // editor is being created (the module is loaded then too, not with the page).
  const frame = sections[0]!.querySelector('[data-role="editor-frame"]');
  if (frame) {
    const prepare = () => void import('./editor-font.ts').then((m) => m.prepareEditorFont(frame), () => undefined);
    if (document.readyState === 'complete') prepare();
    else addEventListener('load', prepare, { once: true });
  }
  const io =
    'IntersectionObserver' in window
      ? new IntersectionObserver(
          (entries) => {
            for (const e of entries) {
              if (!e.isIntersecting) continue;
              io!.unobserve(e.target);
              open(e.target as HTMLElement);
            }
          },
          { rootMargin: '400px 0px' },
        )
      : null;
  for (const s of sections) {
    s.querySelector('[data-action="open"]')?.addEventListener('click', () => {
      // An explicit request: focus the editor once it exists, even if focus moved meanwhile.
      s.dataset.focusRequested = 'true';
      open(s);
    });
    io?.observe(s);
  }
}
