/** Compile learner TypeScript with native esbuild (the command line and the tests). */
import { build } from 'esbuild';
import { buildOptions, readBuild, readBuildFailure, type CompileResult } from '../compile-options.ts';

/** Compile one learner file to a self-contained CommonJS module with a source map. */
export async function compileNode(source: string): Promise<CompileResult> {
  try {
    return readBuild(await build(buildOptions(source)));
  } catch (err) {
    return readBuildFailure(err);
  }
}
