/** vitest globalSetup for the browser tests: build the site twice (root and sub-path) before any test. */
import { ensureSite, ROOT_BUILD, SUBPATH_BUILD } from '../../tools/site-harness/build.ts';

export default function setup(): void {
  // One after the other: the machines have two cores, and each build uses both.
  ensureSite(ROOT_BUILD);
  ensureSite(SUBPATH_BUILD);
}
