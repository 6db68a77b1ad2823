/**
 * The Monaco this build was written for. Every rewrite of slim Monaco edits a file of
 * monaco-editor 0.57.0 that it expects to find in a given form; a different version, or a file
 * moved or gone, must stop the build with a message that says what to review, never ship an
 * editor that is silently unstyled, oversized or broken.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The monaco-editor version slim Monaco is pinned to (package.json pins the same, exactly). */
export const MONACO_VERSION = '0.57.0';

/** The monaco-editor folder the project at `root` resolves (the one holding its package.json). */
export function monacoDir(root) {
  const entry = createRequire(path.join(root, 'package.json')).resolve('monaco-editor');
  const marker = `${path.sep}monaco-editor${path.sep}`;
  return entry.slice(0, entry.lastIndexOf(marker) + marker.length - 1);
}

/**
 * What differs between the monaco-editor in `dir` and what the rewrites expect: its version, and each
 * of `paths` (files or folders under esm/vs/) that is missing. Empty when the shape is as expected.
 */
export function monacoShapeProblems(dir, paths) {
  const problems = [];
  const pkg = path.join(dir, 'package.json');
  const version = existsSync(pkg) ? JSON.parse(readFileSync(pkg, 'utf8')).version : undefined;
  if (version !== MONACO_VERSION) problems.push(`monaco-editor is ${version ?? 'not installed'} where slim Monaco is pinned to ${MONACO_VERSION}`);
  for (const p of paths) if (!existsSync(path.join(dir, 'esm/vs', p))) problems.push(`esm/vs/${p} is missing`);
  return problems;
}

/** Throw one error listing every difference `monacoShapeProblems` finds, with what to do about it. */
export function checkMonacoShape(dir, paths) {
  const problems = monacoShapeProblems(dir, paths);
  if (problems.length === 0) return;
  throw new Error(`slim-monaco: ${dir} is not the Monaco this build was written for:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`
    + `Review each rewrite in src/build/slim-monaco/ against the new Monaco (their tests are tests/build/slim-monaco-*.test.ts), then change MONACO_VERSION and the pin in package.json together.`);
}

/**
 * @param {string[]} paths files and folders under esm/vs/ the rewrites edit or rely on
 * @returns {import('vite').Plugin}
 */
export function monacoShape(paths) {
  let root = process.cwd();
  return {
    name: 'quantcourse:slim-monaco-shape',
    configResolved(config) {
      root = config.root;
    },
    buildStart() {
      try {
        checkMonacoShape(monacoDir(root), paths);
      } catch (e) {
        this.error(e.message);
      }
    },
  };
}
