/**
 * The one set of esbuild options both runners compile learner code with (native esbuild in Node,
 * esbuild-wasm in the browser), and the one way their results are read.
 */
import type { BuildOptions, BuildResult, Message, Plugin, TransformOptions, TransformResult } from 'esbuild';
import { SUBMISSION_FILE } from './harness.ts';
import type { CompileResult } from '../grading/run-contract.ts';
import type { SourcePosition } from '../grading/verdict.ts';

export type { CompileResult };

/** Name the learner's file has in messages. */
export const LEARNER_FILE = 'solution.ts';

// Learner code must be self-contained: an import would reach outside the sandbox (or fail there
// with a confusing message), so it is refused at compile time with a clear one. `import type` is
// erased by esbuild before resolution and stays allowed.
const noImports: Plugin = {
  name: 'no-imports',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => ({
      errors: [{ text: `Imports are not available here: "${args.path}". Your solution must be self-contained (\`import type\` is fine).` }],
    }));
  },
};

/** esbuild options for one learner file. */
export function buildOptions(source: string): BuildOptions & { write: false } {
  return {
    stdin: { contents: source, loader: 'ts', sourcefile: LEARNER_FILE },
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2022',
    outfile: SUBMISSION_FILE,
    sourcemap: 'external',
    logLevel: 'silent',
    plugins: [noImports],
  };
}

/** esbuild options for transforming one learner file: the same target, format and map as buildOptions. */
export function transformOptions(): TransformOptions {
  return { loader: 'ts', sourcefile: LEARNER_FILE, format: 'cjs', platform: 'neutral', target: 'es2022', sourcemap: 'external', logLevel: 'silent' };
}

/**
 * Whether a source could contain an import (or require) for the no-imports plugin to refuse. A
 * false "maybe" (the word in a comment, say) only costs the extra bundle build in compileSource.
 */
export function mayImport(source: string): boolean {
  return /\b(import|require)\b|\bexport\s*(\*|\{[^}]*\}\s*from\b)/.test(source);
}

/** The two esbuild calls compileSource makes: native esbuild's or esbuild-wasm's. */
export interface EsbuildApi {
  build(options: BuildOptions & { write: false }): Promise<BuildResult<{ write: false }>>;
  transform(source: string, options: TransformOptions): Promise<TransformResult>;
}

/**
 * Compile one learner file to a self-contained CommonJS module with a source map, the same way in
 * both runners. The code is esbuild's transform of the one file (nothing to resolve: ~4 ms in
 * esbuild-wasm, where a bundle build takes ~13 ms, and top-level `const` stays `const` rather than
 * the bundler's `var`). A source that could import something is first built as a bundle with the
 * no-imports plugin, which refuses any import with a clear message; its output is not used.
 */
export async function compileSource(esbuild: EsbuildApi, source: string): Promise<CompileResult> {
  try {
    if (mayImport(source)) await esbuild.build(buildOptions(source));
    const out = await esbuild.transform(source, transformOptions());
    return { ok: true, code: out.code, map: out.map };
  } catch (err) {
    return readBuildFailure(err);
  }
}

/** Turn esbuild's errors (thrown by build or transform) into a compile failure with positions in the learner's file. */
export function readBuildFailure(err: unknown): CompileResult {
  const messages: Message[] = (err as { errors?: Message[] })?.errors ?? [];
  if (messages.length === 0) return { ok: false, message: `the compiler failed: ${String((err as Error)?.message ?? err)}`, errors: [] };
  const errors = messages.map((m) => ({
    message: m.text,
    at: m.location ? { line: m.location.line, column: m.location.column + 1 } : undefined,
  }));
  const first = errors[0]!;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return { ok: false, message: `Compile error: ${first.message}${more}`, at: first.at, errors };
}
