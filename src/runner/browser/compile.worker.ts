/// <reference types="vite/client" />
/**
 * The browser's compile half: esbuild-wasm in a worker, initialized once (in the background as
 * soon as an editor is requested), compiling learner code with the same options as the CLI.
 */
import { build, initialize, transform } from 'esbuild-wasm';
import wasmURL from 'esbuild-wasm/esbuild.wasm?url';
import { compileSource, type CompileResult } from '../compile-options.ts';

/**
 * Messages this worker accepts: `init` downloads and starts esbuild-wasm; `warm` compiles a small
 * module once, so that the first Run does not pay for compiling esbuild's own code (V8 compiles
 * WebAssembly functions lazily, on first call: the first build of a page costs ~0.5 s on a slow
 * machine, the next ones ~15 ms), then again in the background (see TIER_UP_COMPILES); `compile`
 * compiles learner code; `forward` sends the code of a compile, once done, to a sandbox's port
 * (see ForwardedCode).
 */
export type CompileRequest =
  | { kind: 'init' }
  | { kind: 'warm' }
  | { kind: 'compile'; id: number; source: string }
  | { kind: 'forward'; id: number; port: MessagePort };
/** Messages this worker sends. */
export type CompileResponse = { kind: 'ready' } | { kind: 'warm' } | { kind: 'init-failed'; message: string } | { kind: 'compiled'; id: number; result: CompileResult; esbuildMs: number };
/**
 * What `forward` sends to a sandbox's port: the compiled code straight from this worker, so that a
 * Run does not wait for the page's thread (often busy drawing the edit that came with the Run) to
 * pass it on. `none` when the compile failed or is unknown: the page reports why and stops that sandbox.
 */
export type ForwardedCode = { kind: 'code'; code: string } | { kind: 'none' };

/** A small module like the ones learners write, compiled by `warm`. */
const WARM_UP = 'export function f(xs: number[], k: number): number {\n  let s = 0;\n  for (const x of xs) s += Math.round(x * k) / k;\n  return s;\n}\n';

function compile(source: string): Promise<CompileResult> {
  return compileSource({ build, transform }, source);
}

let ready: Promise<void> | null = null;
let warm: Promise<unknown> | null = null;

function init(): Promise<void> {
  ready ??= (async () => initialize({ wasmModule: await compileWasm(), worker: false }))();
  return ready;
}

/** esbuild.wasm, compiled as it arrives, or from its bytes when the host does not call it application/wasm. */
async function compileWasm(): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compileStreaming(fetch(wasmURL));
  } catch (e) {
    // Bytes that are not WebAssembly would fail again. compileStreaming refuses any content type
    // but application/wasm; a failed download is reported from here.
    if (e instanceof WebAssembly.CompileError) throw e;
    const response = await fetch(wasmURL);
    if (!response.ok) throw new Error(`esbuild.wasm: HTTP ${response.status}`);
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

/**
 * Compiles of the warm-up module after `warm`, in the background, one at a time and only while no
 * learner code waits. V8 optimizes esbuild's hot WebAssembly functions only after many calls, and a
 * compile is then more than twice as fast (bench/README.md, "Editor start-up"), for about a second
 * of this worker's CPU once per page.
 */
const TIER_UP_COMPILES = 100;
/** Learner compiles received and not yet done: the warm-up compiles give way to them. */
let learnerCompiles = 0;
let tieringUp = false;

/** Compile the warm-up module again and again in the background, never ahead of a learner's compile. */
async function tierUp(): Promise<void> {
  if (tieringUp) return;
  tieringUp = true;
  const macrotask = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  for (let i = 0; i < TIER_UP_COMPILES; i++) {
    // A macrotask between compiles lets messages posted meanwhile (a learner's compile) go first.
    do await macrotask(learnerCompiles > 0 ? 20 : 0);
    while (learnerCompiles > 0);
    await compile(`${WARM_UP}// ${i}\n`);
  }
}

/** Recent compiles by id, for `forward` (a Run forwards the latest compile, or one just before it). */
const compiles = new Map<number, Promise<CompileResult | null>>();
const KEEP_COMPILES = 8;

self.onmessage = async (e: MessageEvent<CompileRequest>) => {
  const msg = e.data;
  if (msg.kind === 'forward') {
    const result = await (compiles.get(msg.id) ?? null);
    msg.port.postMessage((result?.ok ? { kind: 'code', code: result.code } : { kind: 'none' }) satisfies ForwardedCode);
    msg.port.close();
    return;
  }
  // Registered before any await, so that a `forward` posted right after this compile finds it.
  let compiled: ((r: CompileResult | null) => void) | undefined;
  if (msg.kind === 'compile') {
    compiles.set(msg.id, new Promise((resolve) => (compiled = resolve)));
    compiles.delete(msg.id - KEEP_COMPILES);
  }
  try {
    await init();
  } catch (err) {
    ready = null;
    compiled?.(null);
    self.postMessage({ kind: 'init-failed', message: String((err as Error)?.message ?? err) } satisfies CompileResponse);
    return;
  }
  if (msg.kind === 'init') {
    self.postMessage({ kind: 'ready' } satisfies CompileResponse);
  } else if (msg.kind === 'warm') {
    await (warm ??= compile(WARM_UP));
    self.postMessage({ kind: 'warm' } satisfies CompileResponse);
    void tierUp();
  } else {
    // Counted from here: the warm-up compiles only run after init, and between two of them a
    // message posted meanwhile reaches this line before their next macrotask.
    learnerCompiles++;
    const t0 = performance.now();
    const result = await compile(msg.source).finally(() => learnerCompiles--);
    compiled?.(result);
    self.postMessage({ kind: 'compiled', id: msg.id, result, esbuildMs: performance.now() - t0 } satisfies CompileResponse);
  }
};
