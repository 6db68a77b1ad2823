/**
 * Slim Monaco's unused-editors rewrite.
 * A Vite plugin that leaves out parts of Monaco the course never uses but the standalone editor
 * imports anyway: the diff editor and the multi-file diff editor (behind monaco.editor.createDiffEditor
 * and createMultiFileDiffEditor) and the experimental WebGPU renderer (used only with
 * `experimentalGpuAcceleration: 'on'`). Each entry module is replaced by a class of the same name
 * that throws if constructed, so the modules only they import drop out of the build (~270 KB of
 * minified JavaScript the browser no longer downloads and parses before the editor appears). A Monaco
 * update that renames or adds an export fails the build here, never silently at run time.
 */
/** The modules replaced by stubs (under monaco-editor/esm/vs/) and the names each exports. */
export const STUBS = [
  { file: 'editor/browser/widget/diffEditor/diffEditorWidget.js', classes: ['DiffEditorWidget'], functions: ['toLineChanges'] },
  { file: 'editor/browser/widget/multiDiffEditor/multiDiffEditorWidget.js', classes: ['MultiDiffEditorWidget'] },
  { file: 'editor/browser/gpu/viewGpuContext.js', classes: ['ViewGpuContext'] },
  { file: 'editor/browser/viewParts/viewLinesGpu/viewLinesGpu.js', classes: ['ViewLinesGpu'] },
  { file: 'editor/browser/viewParts/rulersGpu/rulersGpu.js', classes: ['RulersGpu'] },
  { file: 'editor/browser/viewParts/gpuMark/gpuMark.js', classes: ['GpuMarkOverlay'] },
];

/** The source of a module exporting `classes` and `functions` that throw when used. */
function stubSource(file, classes, functions = []) {
  const fail = `throw new Error(${JSON.stringify(`This course's Monaco build leaves out ${file} (src/build/slim-monaco/unused-editors.mjs).`)});`;
  return [
    ...classes.map((name) => `export class ${name} { constructor() { ${fail} } }`),
    ...functions.map((name) => `export function ${name}() { ${fail} }`),
  ].join('\n');
}

/** The export names a Monaco module declares in its `export { … };` line. */
function exportedNames(code) {
  const list = /^export \{([^}]*)\};?$/m.exec(code)?.[1];
  return list === undefined ? null : list.split(',').map((s) => s.trim()).filter(Boolean).sort();
}

/** @returns {import('vite').Plugin} */
export function monacoWithoutUnusedEditors() {
  const byPath = new Map(STUBS.map((s) => [`monaco-editor/esm/vs/${s.file}`, s]));
  const stubFor = (id) => byPath.get(id.replace(/\\/g, '/').replace(/^.*node_modules\//, '').replace(/\?.*$/, ''));
  return {
    name: 'quantcourse:monaco-without-unused-editors',
    enforce: 'pre',
    transform(code, id) {
      const stub = stubFor(id);
      if (!stub) return null;
      const want = [...stub.classes, ...(stub.functions ?? [])].sort();
      const have = exportedNames(code);
      if (JSON.stringify(have) !== JSON.stringify(want)) {
        this.error(`slim-monaco unused-editors: ${stub.file} exports ${JSON.stringify(have)}, the stub ${JSON.stringify(want)}; review src/build/slim-monaco/unused-editors.mjs`);
      }
      return { code: stubSource(stub.file, stub.classes, stub.functions), map: null };
    },
  };
}
