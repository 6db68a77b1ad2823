/**
 * A Vite plugin that provides src/runner/browser/sandbox.worker.ts as the text of one classic
 * script (`import source from 'virtual:quantcourse/sandbox-worker'`). The sandbox frame, an
 * opaque-origin document with its own Content-Security-Policy, starts the learner's worker from a
 * blob: URL of that text: Chromium refuses a module worker from a blob: URL made in an opaque
 * origin, and a worker from a site URL would not carry the frame's policy. The script is bundled
 * by esbuild as an IIFE, so none of its bindings (its result port above all) are globals that
 * the learner's code, evaluated in the global scope, could reach. Same text in dev and build.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ID = 'virtual:quantcourse/sandbox-worker';
const RESOLVED = '\0' + ID;
const ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../runner/browser/sandbox.worker.ts');

/** @returns {import('vite').Plugin} */
export function sandboxWorkerSource() {
  return {
    name: 'quantcourse:sandbox-worker-source',
    resolveId(source) {
      return source === ID ? RESOLVED : null;
    },
    async load(id) {
      if (id !== RESOLVED) return null;
      const out = await build({
        entryPoints: [ENTRY],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        minify: true,
        metafile: true,
        logLevel: 'silent',
      });
      // Rebuilt in dev when the worker or the harness it bundles changes.
      for (const input of Object.keys(out.metafile.inputs)) this.addWatchFile(path.resolve(input));
      return `export default ${JSON.stringify(out.outputFiles[0].text)};`;
    },
  };
}
