/**
 * Builds of the site for the browser tests and the site benchmark: one at the root base and one
 * under a sub-path, both with the test fixture lessons added to the real ones.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// QUANTCOURSE_E2E_OUT lets two test runs on one machine keep their builds apart.
const OUT = outDir(process.env.QUANTCOURSE_E2E_OUT || 'node_modules/.cache/quantcourse-e2e');

/**
 * Where builds go for a requested folder. Astro keeps a build's prerender chunks beside its output only
 * when the output is inside the project; for one outside (QUANTCOURSE_E2E_OUT=/tmp/x) it uses the
 * project's one .astro/ folder, where two builds at once overwrite each other's chunks. So a folder
 * outside the project becomes one of its own under node_modules/.cache.
 */
function outDir(requested: string): string {
  const dir = path.resolve(ROOT, requested);
  if (dir.startsWith(ROOT + path.sep)) return dir;
  return path.join(ROOT, 'node_modules/.cache', `e2e-${dir.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`);
}

/** One built copy of the site: where it is on disk and the base path it was built for. */
export interface SiteBuild {
  dir: string;
  base: string;
}

/** The build served at "/". */
export const ROOT_BUILD: SiteBuild = { dir: path.join(OUT, 'root'), base: '/' };
/** The build served under a sub-path, as on a shared host. */
export const SUBPATH_BUILD: SiteBuild = { dir: path.join(OUT, 'sub'), base: '/courses/quant/' };
/** Fixture lessons (tests/fixtures/lessons) added to the test builds. */
export const FIXTURE_LESSONS = 'tests/fixtures/lessons';

/** Run `astro build` for one SiteBuild; throws with Astro's output when the build fails. */
export function buildSite(target: SiteBuild): void {
  const astro = path.join(ROOT, 'node_modules/astro/bin/astro.mjs');
  const r = spawnSync(process.execPath, [astro, 'build', '--silent'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', BASE_PATH: target.base, QUANTCOURSE_OUT_DIR: target.dir, QUANTCOURSE_CACHE_DIR: path.join(target.dir, '..', `astro-cache-${path.basename(target.dir)}`), QUANTCOURSE_EXTRA_LESSONS: FIXTURE_LESSONS },
  });
  if (r.status !== 0) throw new Error(`astro build (base ${target.base}) failed:\n${r.stdout}\n${r.stderr}`);
  if (!existsSync(path.join(target.dir, 'index.html'))) throw new Error(`astro build wrote no index.html into ${target.dir}`);
}

/** Build a site unless QUANTCOURSE_E2E_REUSE=1 and a previous build exists (for quick local reruns). */
export function ensureSite(target: SiteBuild): void {
  if (process.env.QUANTCOURSE_E2E_REUSE === '1' && existsSync(path.join(target.dir, 'index.html'))) return;
  buildSite(target);
}
