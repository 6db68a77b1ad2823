/**
 * The Monaco build this course needs, and only that: the editor API, the editing features a
 * learner uses in a short TypeScript file (core commands, clipboard, comments, find, undo, line
 * and word operations, multi-cursor, bracket matching, indentation, formatting, suggestions with
 * snippets, parameter hints, hover, problem navigation, Ctrl+M tab focus mode), TypeScript's
 * language service (set up as the sandbox runs learner code) and highlighting. No other
 * languages, no diff editor contributions, no inline completions, folding, sticky scroll, color
 * picker, code lens, links, peek/go-to views or quick-access palettes: each contribution is code to parse and an object to create per editor,
 * and the editor has to be ready within half a second of being asked for. Loaded only when an
 * editor is requested. (The codicon CSS comes in through the widgets that use it.)
 */
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/comment/browser/comment';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo';
import 'monaco-editor/editor/contrib/find/browser/findController';
import 'monaco-editor/editor/contrib/format/browser/formatActions';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/indentation/browser/indentation';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor';
import 'monaco-editor/editor/contrib/parameterHints/browser/parameterHints';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations';
import 'monaco-editor/editor/common/standaloneStrings';

import * as typescriptTokens from 'monaco-editor/languages/definitions/typescript/typescript';
import * as typescript from 'monaco-editor/languages/features/typescript/register';
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';

let workersMayStart: Promise<unknown> = Promise.resolve();

/**
 * Hold back Monaco's workers (the TypeScript language service, ~7 MB of JavaScript to parse, and
 * the editor worker) until `gate` settles. They only serve squiggles, hovers and completions, so
 * while the editor is being created and esbuild is warming up for the first Run they would only
 * compete with both for the CPU (on a two-core machine the editor took twice as long).
 */
export function holdWorkersUntil(gate: Promise<unknown>): void {
  workersMayStart = gate.catch(() => undefined);
}

// Monaco's own worker loading breaks in a Vite build (it loads an unbundled data: URL): hand it Vite-built workers.
// Monaco accepts a promise of a worker here (monaco-editor/esm/vs/internal/common/workers.js).
(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string): Promise<Worker> {
    return workersMayStart.then(() => {
      performance.mark('quantcourse:language-worker', { detail: label });
      return label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker();
    });
  },
};

// The TypeScript language with its highlighting, registered here rather than through Monaco's
// languages/definitions/typescript/register, which fetches the highlighting when a model first
// asks for it: the editor's first frame then showed the code without colours, which came a few
// frames later. Loaded with the editor, the highlighting colours that first frame.
monaco.languages.register({ id: 'typescript', extensions: ['.ts'], aliases: ['TypeScript', 'ts'] });
withoutNamelessCompletions(monaco.languages);
monaco.languages.setMonarchTokensProvider('typescript', typescriptTokens.language);
monaco.languages.setLanguageConfiguration('typescript', typescriptTokens.conf);

/**
 * Monaco's TypeScript completion provider passes on entries that TypeScript returns with an empty name
 * (seen while typing a parameter's type, `(values: n`): the suggest widget drops each one and logs
 * "[suggest] did IGNORE invalid completion item from undefined" in the console. Every completion
 * provider registered after this call has such items filtered out first. Must run before the
 * TypeScript mode is set up (when the first TypeScript model is created).
 */
export function withoutNamelessCompletions(languages: typeof monaco.languages): void {
  const register = languages.registerCompletionItemProvider;
  languages.registerCompletionItemProvider = (selector, provider) => {
    // A view of the provider (its methods keep their `this`) whose completions have names.
    const filtered: typeof provider = Object.create(provider);
    filtered.provideCompletionItems = async (...args) => {
      const list = await provider.provideCompletionItems(...args);
      if (list) list.suggestions = list.suggestions.filter((s) => (typeof s.label === 'string' ? s.label : s.label.label) !== '');
      return list;
    };
    return register(selector, filtered);
  };
}

/** What the sandbox offers besides the language itself (see src/runner/harness.ts). */
const SANDBOX_GLOBALS = `/** Lines you print appear under "Console output" after a run. */
declare var console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
  table(...data: unknown[]): void;
};`;

// The learner's TypeScript as the sandbox runs it, set here, once per page: each change restarts
// Monaco's TypeScript worker, and set by each editor, the second exercise of a page terminated the
// first one's worker while its 7 MB script was still downloading.
typescript.typescriptDefaults.setCompilerOptions({
  target: typescript.ScriptTarget.ESNext,
  module: typescript.ModuleKind.ESNext,
  // The sandbox is a bare worker: no DOM, so `document` and friends get squiggles here too.
  lib: ['esnext'],
  strict: true,
  noEmit: true,
  allowNonTsExtensions: true,
});
typescript.typescriptDefaults.setExtraLibs([{ content: SANDBOX_GLOBALS, filePath: 'file:///quantcourse/sandbox-globals.d.ts' }]);

export { monaco };
