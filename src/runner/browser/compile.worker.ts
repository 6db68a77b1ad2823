/// <reference types="vite/client" />
/**
 * The browser's compile half: esbuild-wasm in a worker, initialized once (in the background as
 * soon as an editor is requested), compiling learner code with the same options as the CLI.
 */
import { build, initialize } from 'esbuild-wasm';
import wasmURL from 'esbuild-wasm/esbuild.wasm?url';
import { buildOptions, readBuild, readBuildFailure, type CompileResult } from '../compile-options.ts';

/** Messages this worker accepts. */
export type CompileRequest = { kind: 'init' } | { kind: 'compile'; id: number; source: string };
/** Messages this worker sends. */
export type CompileResponse = { kind: 'ready' } | { kind: 'init-failed'; message: string } | { kind: 'compiled'; id: number; result: CompileResult };

let ready: Promise<void> | null = null;

function init(): Promise<void> {
  ready ??= initialize({ wasmURL, worker: false });
  return ready;
}

self.onmessage = async (e: MessageEvent<CompileRequest>) => {
  const msg = e.data;
  try {
    await init();
  } catch (err) {
    ready = null;
    self.postMessage({ kind: 'init-failed', message: String((err as Error)?.message ?? err) } satisfies CompileResponse);
    return;
  }
  if (msg.kind === 'init') {
    self.postMessage({ kind: 'ready' } satisfies CompileResponse);
    return;
  }
  let result: CompileResult;
  try {
    result = readBuild(await build(buildOptions(msg.source)));
  } catch (err) {
    result = readBuildFailure(err);
  }
  self.postMessage({ kind: 'compiled', id: msg.id, result } satisfies CompileResponse);
};
