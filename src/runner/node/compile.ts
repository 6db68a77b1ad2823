/** Compile learner TypeScript with native esbuild (the command line and the tests). */
import * as esbuild from 'esbuild';
import { compileSource, type CompileResult } from '../compile-options.ts';

/** Compile one learner file to a self-contained CommonJS module with a source map. */
export function compileNode(source: string): Promise<CompileResult> {
  return compileSource(esbuild, source);
}

// Compiling depends on the source text alone, and a class hands in many identical files (the
// untouched starter, shared solutions): each distinct text is compiled once. Only compiler output is
// kept; every submission still runs on its own in a fresh context.
const MAX_COMPILED = 512;
const compileCache = new Map<string, Promise<CompileResult>>();

/** Compile learner source, reusing the result for a text compiled before (the most recent 512 kept). */
export function compileCached(source: string): Promise<CompileResult> {
  let result = compileCache.get(source);
  if (result) compileCache.delete(source);
  else result = compileNode(source);
  compileCache.set(source, result);
  if (compileCache.size > MAX_COMPILED) compileCache.delete(compileCache.keys().next().value!);
  return result;
}
