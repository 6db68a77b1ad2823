/// <reference types="vite/client" />
/**
 * The stock page: monaco-editor's plain ESM entry point and esbuild-wasm, each started as its
 * documentation says, with no course code. The site bench times it beside the course's workbench
 * in the same run (same buttons and data attributes), so a ratio says how far a figure moved
 * beyond the machine's own speed at the moment.
 *   Open: import('monaco-editor') (every feature and language) and monaco.editor.create.
 *   Run:  esbuild.initialize({ wasmURL }) on the first Run, then esbuild.transform of the editor's
 *         TypeScript and an import() of the result; the module's export names are shown.
 */
import * as esbuild from 'esbuild-wasm';
import wasmURL from 'esbuild-wasm/esbuild.wasm?url';

const section = document.querySelector<HTMLElement>('#stock')!;
const results = section.querySelector<HTMLOutputElement>('[data-role="results"]')!;
let editor: { getValue(): string } | undefined;
let started: Promise<void> | undefined;

section.querySelector('[data-action="open"]')!.addEventListener('click', async () => {
  const monaco = await import('monaco-editor');
  editor = monaco.editor.create(section.querySelector<HTMLElement>('[data-role="editor"]')!, {
    value: 'export function identity(x: number): number {\n  return x;\n}\n',
    language: 'typescript',
  });
  section.dataset.ready = 'true';
});

section.querySelector('[data-action="run"]')!.addEventListener('click', async () => {
  try {
    started ??= esbuild.initialize({ wasmURL });
    await started;
    const { code } = await esbuild.transform(editor!.getValue(), { loader: 'ts', format: 'esm' });
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    const module = await import(/* @vite-ignore */ url);
    URL.revokeObjectURL(url);
    results.textContent = `exports: ${Object.keys(module).join(', ')}`;
    results.dataset.status = 'ran';
  } catch (e) {
    results.textContent = String(e);
    results.dataset.status = 'error';
  }
  section.dataset.runs = String(Number(section.dataset.runs) + 1);
});
