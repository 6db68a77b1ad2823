/** Compile learner TypeScript with native esbuild (the command line and the tests). */
import * as esbuild from 'esbuild';
import { compileSource, type CompileResult } from '../compile-options.ts';

/** Compile one learner file to a self-contained CommonJS module with a source map. */
export function compileNode(source: string): Promise<CompileResult> {
  return compileSource(esbuild, source);
}
