/**
 * The precache list of a built site: every file a learner needs offline, named by the URL it is
 * served at (relative to the site's base) with a revision taken from its content, and a version
 * that changes whenever any of them does. Pure apart from reading the build folder.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Files never precached: the service worker itself, and Pagefind's ready-made search interfaces
 * and highlighter, which the site does not use (it has its own search box, on Pagefind's JS API).
 */
const SKIP = [/^sw\.js$/, /^pagefind\/pagefind-(ui|component-ui|modular-ui|highlight)\./, /(^|\/)\.[^/]/];

/** The URL, relative to the base, that serves a built file: "lessons/x/index.html" → "lessons/x/". */
export function urlOfFile(relative) {
  const posix = relative.split(path.sep).join('/');
  if (posix === 'index.html') return './';
  if (posix.endsWith('/index.html')) return posix.slice(0, -'index.html'.length);
  return posix;
}

/** Every file under `dir`, as paths relative to it, sorted so the list (and the version) is stable. */
export function builtFiles(dir) {
  const found = [];
  const walk = (sub) => {
    for (const d of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? path.join(sub, d.name) : d.name;
      if (d.isDirectory()) walk(rel);
      else if (d.isFile()) found.push(rel);
    }
  };
  walk('');
  return found.sort();
}

/**
 * The precache of the build in `dir`: { version, entries: [[url, revision, bytes]] }. The revision
 * is a hash of the file's content, so an unchanged file (esbuild.wasm, 14 MB) is reused from the old
 * cache on an update instead of downloaded again.
 */
export function precacheOf(dir) {
  const entries = [];
  for (const rel of builtFiles(dir)) {
    const posix = rel.split(path.sep).join('/');
    if (SKIP.some((re) => re.test(posix))) continue;
    const bytes = readFileSync(path.join(dir, rel));
    entries.push([urlOfFile(rel), createHash('sha256').update(bytes).digest('hex').slice(0, 16), bytes.length]);
  }
  const version = createHash('sha256').update(entries.map(([u, r]) => `${u} ${r}`).join('\n')).digest('hex').slice(0, 12);
  return { version, entries };
}
