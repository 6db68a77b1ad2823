/** The progress page: per-lesson counts, Export to a file, Import (merge or replace), Forget. */
import { readProgressFile, toExportFile, StateError } from '../../progress/state.ts';
import { clearState, importState, loadState, onProgressChange } from '../../progress/store.ts';
import { dateStamp, downloadText } from './download.ts';

/** Largest file the import accepts: far above any real export, far below what could hang the tab. */
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

function showResult(box: HTMLElement, kind: 'ok' | 'error', text: string): void {
  const div = document.createElement('div');
  div.className = `banner banner-${kind}`;
  div.dataset.status = kind;
  if (kind === 'error') div.setAttribute('role', 'alert');
  div.textContent = text;
  box.replaceChildren(div);
}

function refreshCounts(): void {
  const state = loadState();
  for (const row of document.querySelectorAll<HTMLElement>('tr[data-lesson]')) {
    const ids = (row.dataset.exercises ?? '').split(' ').filter(Boolean);
    if (ids.length === 0) continue;
    const passed = ids.filter((id) => state.exercises[id]?.passedAt).length;
    row.querySelector('[data-role="exercise-count"]')!.textContent = `${passed} of ${ids.length}`;
  }
}

/** Read a chosen file as text, with a specific message for each way it can fail. */
async function readChosenFile(input: HTMLInputElement): Promise<string> {
  const file = input.files?.[0];
  if (!file) throw new StateError('choose a progress file first');
  if (file.size === 0) throw new StateError(`"${file.name}" is empty`);
  if (file.size > MAX_IMPORT_BYTES) throw new StateError(`"${file.name}" is ${(file.size / 1e6).toFixed(1)} MB, too large to be a progress export`);
  return file.text();
}

/** Wire the export, import and forget controls. */
export function wireProgressPage(): void {
  refreshCounts();
  onProgressChange(refreshCounts);

  document.querySelector('[data-action="export"]')?.addEventListener('click', () => {
    downloadText(`quantcourse-progress-${dateStamp()}.json`, toExportFile(loadState()));
  });

  const form = document.querySelector<HTMLFormElement>('[data-role="import-form"]');
  const result = form?.querySelector<HTMLElement>('[data-role="import-result"]');
  form?.addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = form.querySelector<HTMLInputElement>('[data-role="import-file"]')!;
    const mode = (new FormData(form).get('mode') === 'replace' ? 'replace' : 'merge') as 'merge' | 'replace';
    try {
      // Every readable entry is imported; the others are named, so they can be fixed and imported again.
      const { state: incoming, problems } = readProgressFile(await readChosenFile(input));
      const next = importState(incoming, mode);
      const n = Object.keys(incoming.exercises).length;
      const passed = Object.values(next.exercises).filter((x) => x.passedAt).length;
      const left = problems.length ? ` Left out, because ${problems.length === 1 ? 'it' : 'they'} could not be read: ${problems.join('; ')}.` : '';
      showResult(result!, 'ok', `Imported ${n} exercise${n === 1 ? '' : 's'} (${mode === 'merge' ? 'merged with' : 'replacing'} what was here). ${passed} exercise${passed === 1 ? '' : 's'} now passed.${left}`);
    } catch (err) {
      const reason = err instanceof StateError ? err.message : `the file could not be read (${(err as Error)?.message ?? err})`;
      showResult(result!, 'error', `Nothing was imported: ${reason}.`);
    }
  });

  document.querySelector('[data-action="clear"]')?.addEventListener('click', () => {
    if (!confirm('Forget all saved code and results in this browser? This cannot be undone (unless you exported them).')) return;
    clearState();
    showResult(result!, 'ok', 'All progress in this browser was forgotten.');
  });
}
