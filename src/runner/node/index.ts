/** The node runner: native esbuild, and sandbox processes from a pool. */
import type { Runner, RunCalls } from '../../grading/run-contract.ts';
import { compileCached } from './compile.ts';
import type { SandboxPool } from './pool.ts';
import { runCompiled } from './run.ts';

/** A runner that compiles with native esbuild (cached by source text) and runs in `pool`'s processes. */
export function nodeRunner(pool: SandboxPool): Runner {
  return {
    compile: compileCached,
    run: (request) => runCompiled(pool, request),
    start(source) {
      const compiled = compileCached(source);
      return {
        compiled,
        compiledAhead: false,
        compilerMs: () => 0,
        async run(calls: RunCalls) {
          const code = await compiled;
          return code.ok ? await runCompiled(pool, { ...calls, code }) : null;
        },
      };
    },
  };
}
