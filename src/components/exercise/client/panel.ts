/**
 * The exercise workbench, loaded on demand: Monaco with the exercise's types, Run (button and
 * Ctrl/Cmd+Enter) through the browser runner, results and error markers, hints, reset and the
 * model solution, and code saved as the learner types.
 */
import { prepareCases, type PreparedCase } from '../../../grading/cases.ts';
import type { Exercise } from '../../../grading/exercise.ts';
import { gradeSubmission, runCallsOf, type GradeTimings } from '../../../grading/grade.ts';
import type { SourcePosition, Verdict } from '../../../grading/verdict.ts';
import { supplyPageLab } from '../../../lab/index.ts';
import { BrowserRunner } from '../../../runner/browser/index.ts';
import { loadState, updateExercise } from '../../../progress/store.ts';
import { markdown } from '../markdown.ts';
import { editorFontFamily, EDITOR_FONT_SIZE } from './editor-font.ts';
import { renderProblem, renderVerdict, verdictLine } from './results.ts';

const specs = import.meta.glob<{ default: Exercise }>('/exercises/*/exercise.ts');
const starters = import.meta.glob<string>('/exercises/*/starter.ts', { query: '?raw', import: 'default' });
const solutions = import.meta.glob<string>('/solutions/*.ts', { query: '?raw', import: 'default' });
// An exercise judged on the course model gets its assessment from the lab.
supplyPageLab();

/** One runner per page: its compiler worker and spare sandbox serve every exercise. */
let runner: BrowserRunner | null = null;
const SAVE_DELAY_MS = 300;
/** Longest wait, after the editor is ready, before Monaco's TypeScript worker starts. */
const LANGUAGE_WORKER_DELAY_MS = 1500;

type Monaco = typeof import('./monaco.ts');

/** Monaco's context keys for the widgets and modes that Escape closes or leaves before it may leave the editor. */
const EDITOR_OWNS_ESCAPE = [
  'suggestWidgetVisible', 'parameterHintsVisible', 'editorHoverVisible', 'findWidgetVisible', 'renameInputVisible',
  'markersNavigationVisible', 'referenceSearchVisible', 'codeActionMenuVisible', 'messageVisible', 'inSnippetMode',
  'editorHasMultipleSelections', 'inlineSuggestionVisible',
];

/**
 * Mount the workbench into an exercise section rendered by Exercise.astro. `monacoLoading` is Monaco
 * being loaded (the loader starts it alongside this module).
 */
export async function mountExercise(section: HTMLElement, monacoLoading: Promise<Monaco> = import('./monaco.ts')): Promise<void> {
  const id = section.dataset.exerciseId!;
  const q = <T extends HTMLElement>(role: string) => section.querySelector<T>(`[data-role="${role}"]`)!;
  const [{ monaco, holdWorkersUntil }, ex, starter] = await Promise.all([
    monacoLoading,
    // What the spec's assessment reads is loaded with it (the lab's exercise fetches the course model).
    load(specs, `/exercises/${id}/exercise.ts`).then(async (m) => {
      await m.default.assessment?.prepare?.();
      return m.default;
    }),
    load(starters, `/exercises/${id}/starter.ts`),
  ]);
  performance.mark('quantcourse:editor-loaded', { detail: id });
  // esbuild-wasm (downloading and compiling its 14 MB module) starts once the editor is created, its
  // first compile and a spare sandbox once the editor is on screen: on two cores, either one earlier
  // slowed the editor down (bench/README.md, "Editor start-up"). A compiler that fails to start is
  // reported by the Run that needs it, which retries.
  runner ??= new BrowserRunner();
  // The CPU goes first to creating the editor, then to warming esbuild up for the first Run, and only
  // then to Monaco's TypeScript worker (or LANGUAGE_WORKER_DELAY_MS after the editor is ready at the latest).
  let releaseWorkers!: () => void;
  holdWorkersUntil(new Promise<void>((resolve) => (releaseWorkers = resolve)));

  const saved = loadState().exercises[id]?.code;
  // A file URI per exercise: each is its own module, so two exercises on a page never clash.
  const uri = monaco.Uri.parse(`file:///exercises/${id}/solution.ts`);
  const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(saved ?? starter, 'typescript', uri);

  // If the learner was on the "Open the editor" button, hand focus to the editor it becomes.
  const hadFocus = q('placeholder').contains(document.activeElement);
  q('placeholder').hidden = true;
  const frame = q('editor-frame');
  frame.hidden = false;
  const editor = monaco.editor.create(q('editor'), {
    model,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: EDITOR_FONT_SIZE,
    // Its lookups were done ahead, while the page was idle (see editor-font.ts).
    fontFamily: editorFontFamily(frame),
    tabSize: 2,
    theme: editorTheme(monaco),
    ariaLabel: `Code editor for the exercise "${ex.title}". Press Control+Enter to run, Escape then Tab to leave the editor (Escape first closes a suggestion list).`,
    accessibilitySupport: 'auto',
    tabFocusMode: false,
    // Both default to faded text below WCAG contrast (unused names in grey, Linux's dimmed last line number).
    showUnused: false,
    renderFinalNewline: 'on',
  });
  performance.mark('quantcourse:editor-created', { detail: id });
  // Not later: esbuild's first compile compiles its WebAssembly functions as they are first called,
  // and starting it once the editor was on screen delayed the first Run far more than it sped up the
  // editor (bench/README.md, "Editor start-up").
  runner.startCompiler();
  new MutationObserver(() => monaco.editor.setTheme(editorTheme(monaco))).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
  // Escape hands Tab back to the page, so keyboard users are never trapped in the editor, but only once
  // nothing of the editor's own is open: first it closes the suggestions, hover or find box, as in VS Code.
  editor.addCommand(monaco.KeyCode.Escape, () => editor.updateOptions({ tabFocusMode: true }), EDITOR_OWNS_ESCAPE.map((k) => `!${k}`).join(' && '));
  // Only when it changes: every updateOptions recomputes the editor's whole configuration.
  editor.onDidFocusEditorText(() => {
    if (editor.getOption(monaco.editor.EditorOption.tabFocusMode)) editor.updateOptions({ tabFocusMode: false });
  });

  const toolbar = q('toolbar');
  toolbar.hidden = false;
  const button = (action: string) => toolbar.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
  const results = q('results');
  const saveState = q('save-state');
  if (/Mac|iPhone|iPad/.test(navigator.platform)) q('run-key').textContent = '⌘+Enter';

  // Save as the learner types (debounced), and at once when the page is hidden or closed.
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Save the code now, with `passedAt` when a Run passed: one write. */
  const save = (passedAt?: string) => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    updateExercise(id, { code: model.getValue(), ...(passedAt ? { passedAt } : {}) });
    saveState.textContent = 'Saved';
  };
  model.onDidChangeContent(() => {
    // Compiled in the background as the learner types (a worker, one compile at a time), so that a
    // Run usually finds its code compiled already and only runs it.
    runner!.compileAhead(model.getValue());
    saveState.textContent = 'Editing…';
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => save(), SAVE_DELAY_MS);
  });
  const flush = () => saveTimer !== undefined && save();
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush());

  // A fresh seed per run: hidden cases change every time, so hard-coded outputs cannot pass. The
  // next run's cases (and their wire form) are prepared while the page is idle, so a Run does not
  // spend its first milliseconds generating them.
  const freshCases = () => prepareCases(ex, crypto.getRandomValues(new Uint32Array(1))[0]!);
  let nextCases: readonly PreparedCase[] | null = null;
  const prepareNextCases = () => {
    nextCases = null;
    const prepare = () => {
      nextCases ??= freshCases();
      runner!.prepareInput(runCallsOf(nextCases));
    };
    if ('requestIdleCallback' in window) requestIdleCallback(prepare, { timeout: 1000 });
    else setTimeout(prepare, 50);
  };

  let running = false;
  const runStatus = q('run-status');
  const run = async () => {
    if (running) return;
    running = true;
    const runNumber = Number(section.dataset.runs ?? 0) + 1;
    const runButton = button('run');
    runButton.disabled = true;
    runButton.setAttribute('aria-busy', 'true');
    // The previous verdict stays, marked stale, until this Run's replaces it; the status line says a Run is on.
    results.setAttribute('aria-busy', 'true');
    section.dataset.running = 'true';
    runStatus.textContent = `Running your code (run ${runNumber})…`;
    const code = model.getValue();
    try {
      const cases = nextCases ?? freshCases;
      nextCases = null;
      let timings: GradeTimings | undefined;
      const verdict = await gradeSubmission(ex, code, cases, runner!, { onTimings: (t) => (timings = t) });
      // Where the time went, for the site benchmark and for anyone curious in devtools.
      if (timings) section.dataset.timings = JSON.stringify(timings);
      renderVerdict(results, verdict, timings);
      // The status line is the live region: one short announcement per Run, not the whole table.
      runStatus.textContent = `Run ${runNumber}. ${verdictLine(verdict)}`;
      setMarkers(monaco, model, verdict);
      section.dataset.lastStatus = verdict.status;
      if (verdict.status === 'passed') save(new Date().toISOString());
    } catch (e) {
      renderProblem(results, `Could not run your code: ${(e as Error).message}`);
      runStatus.textContent = `Run ${runNumber}. Could not run your code.`;
    } finally {
      results.removeAttribute('aria-busy');
      delete section.dataset.running;
      // Unsaved edits are saved once the results are on screen, not before the Run: a save is
      // a few milliseconds of this thread, which the Run needs. The learner's code runs in a
      // worker, so it cannot take unsaved edits down with the page.
      flush();
      // A visible count of finished runs: screen readers get aria-live results, tests wait on this.
      section.dataset.runs = String(Number(section.dataset.runs ?? 0) + 1);
      running = false;
      runButton.disabled = false;
      runButton.removeAttribute('aria-busy');
      prepareNextCases();
    }
  };
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, run);
  section.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && !editor.hasTextFocus()) {
      e.preventDefault();
      void run();
    }
  });
  button('run').addEventListener('click', run);

  const hints = q<HTMLOListElement>('hints');
  const hintCount = toolbar.querySelector('[data-role="hint-count"]')!;
  button('hint').addEventListener('click', () => {
    const shown = hints.children.length;
    if (shown >= ex.hints.length) return;
    const li = document.createElement('li');
    li.innerHTML = markdown(ex.hints[shown]!);
    hints.append(li);
    hintCount.textContent = `(${shown + 1}/${ex.hints.length})`;
    if (shown + 1 === ex.hints.length) button('hint').disabled = true;
  });

  button('reset').addEventListener('click', () => {
    // An edit rather than setValue, so Ctrl+Z brings the learner's code back.
    editor.pushUndoStop();
    editor.executeEdits('reset', [{ range: model.getFullModelRange(), text: starter }]);
    editor.pushUndoStop();
    saveState.textContent = 'Reset to the starter (Ctrl+Z undoes it)';
    editor.focus();
  });

  button('solution').addEventListener('click', async () => {
    const passed = Boolean(loadState().exercises[id]?.passedAt);
    if (!passed && !confirm('Show the model solution? You have not passed this exercise yet; a hint may be enough.')) return;
    const text = await load(solutions, `/solutions/${id}.ts`);
    const box = q('solution');
    box.hidden = false;
    const pre = document.createElement('pre');
    pre.className = 'solution-code';
    pre.innerHTML = await monaco.editor.colorize(text, 'typescript', { tabSize: 2 });
    const heading = document.createElement('p');
    heading.innerHTML = '<strong>Model solution</strong> (compare it with yours; your code is unchanged)';
    box.replaceChildren(heading, pre);
  });

  for (const a of ['run', 'hint', 'reset', 'solution']) button(a).disabled = false;
  if (ex.hints.length === 0) button('hint').disabled = true;
  prepareNextCases();
  // Ready once the learner sees the code: Monaco draws the editor's lines in an animation frame,
  // after create() has returned (these callbacks run after its own).
  for (let frame = 0; frame < 3 && !frame0Drawn(section); frame++) await new Promise((resolve) => requestAnimationFrame(resolve));
  // Focused in the frame that draws the editor, not before it: focusing lays the page out, and
  // before Monaco had drawn its lines that layout was an extra one.
  if (hadFocus || section.dataset.focusRequested) editor.focus();
  section.dataset.ready = 'true';
  performance.mark('quantcourse:editor-ready', { detail: id });
  void runner.warm().catch(() => undefined);
  void Promise.race([runner.warmUp(), new Promise((resolve) => setTimeout(resolve, LANGUAGE_WORKER_DELAY_MS))]).then(releaseWorkers);
}

/** Whether Monaco has drawn the editor's text (its first frame). */
function frame0Drawn(section: HTMLElement): boolean {
  return section.querySelector('.monaco-editor .view-lines .view-line') !== null;
}

async function load<T>(table: Record<string, () => Promise<T>>, key: string): Promise<T> {
  const loader = table[key];
  if (!loader) throw new Error(`${key} is missing from this build`);
  return loader();
}

/**
 * Monaco's theme for the page's: 'vs' in light; in dark, 'vs-dark' with comments in #6a9955
 * (5.0:1 on its #1e1e1e) instead of its #608b4e (4.2:1, under WCAG AA), since every starter is
 * mostly comments.
 */
function editorTheme(monaco: Monaco['monaco']): string {
  if (!isDark()) return 'vs';
  monaco.editor.defineTheme('quantcourse-dark', { base: 'vs-dark', inherit: true, rules: [{ token: 'comment', foreground: '6a9955' }], colors: {} });
  return 'quantcourse-dark';
}

function isDark(): boolean {
  const root = document.documentElement;
  const explicit = root.dataset.theme;
  if (explicit === 'dark' || explicit === 'light') return explicit === 'dark';
  return matchMedia('(prefers-color-scheme: dark)').matches;
}

/** Compile and runtime errors as markers at the learner's own line. */
function setMarkers(monaco: Monaco['monaco'], model: import('monaco-editor').editor.ITextModel, v: Verdict): void {
  const markers: import('monaco-editor').editor.IMarkerData[] = [];
  const add = (at: SourcePosition, message: string) =>
    markers.push({
      severity: monaco.MarkerSeverity.Error,
      message,
      startLineNumber: at.line,
      startColumn: at.column,
      endLineNumber: at.line,
      endColumn: model.getLineMaxColumn(Math.min(at.line, model.getLineCount())),
    });
  if (v.status === 'error' && v.at) add(v.at, v.message);
  const thrown = v.cases.find((c) => !c.passed && c.at);
  if (thrown?.at) add(thrown.at, thrown.message);
  monaco.editor.setModelMarkers(model, 'quantcourse', markers);
}
