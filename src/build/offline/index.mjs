/**
 * An Astro integration that makes the built course work offline: after the build (and after the
 * search index, so it is precached too) it writes sw.js, the service worker of this build with its
 * precache list. The dev server answers sw.js with a worker that removes itself, so a worker left
 * by an earlier `npm start` on the same address never serves stale pages during development.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { precacheOf } from './precache.mjs';

const TEMPLATE = fileURLToPath(new URL('./service-worker.js', import.meta.url));

/** The worker the dev server serves: it deletes the course's caches, unregisters and reloads its pages. */
const DEV_WORKER = `// Development: no offline cache. This worker removes one left by a production build.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) if (name.startsWith('quantcourse-')) await caches.delete(name);
  await self.clients.claim();
  await self.registration.unregister();
  for (const client of await self.clients.matchAll({ type: 'window' })) client.navigate(client.url);
})()));
`;

/** @returns {import('astro').AstroIntegration} */
export function offlineSupport() {
  let base = '/';
  return {
    name: 'quantcourse:offline',
    hooks: {
      // The pages register sw.js only in a build (not by import.meta.env.PROD, which is false when a
      // build runs with NODE_ENV=test, as under vitest): the dev server's pages remove workers instead.
      'astro:config:setup': ({ command, updateConfig }) => {
        updateConfig({ vite: { define: { __QUANTCOURSE_SERVICE_WORKER__: JSON.stringify(command === 'build') } } });
      },
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          if (req.url?.split('?')[0] !== `${base}sw.js`) return next();
          res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
          res.end(DEV_WORKER);
        });
      },
      'astro:build:done': ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const started = performance.now();
        const { version, bytes, files } = writeServiceWorker(out);
        logger.info(`service worker ${version}: ${files} files, ${(bytes / 1e6).toFixed(1)} MB precached (written in ${Math.round(performance.now() - started)} ms)`);
      },
    },
  };
}

/** Write `out/sw.js` for the build in `out`; returns its version and what it precaches. */
export function writeServiceWorker(out) {
  const { version, entries } = precacheOf(out);
  const build = { version, entries: entries.map(([url, revision]) => [url, revision]) };
  const source = `const BUILD = ${JSON.stringify(build)};\n${readFileSync(TEMPLATE, 'utf8')}`;
  writeFileSync(path.join(out, 'sw.js'), source);
  return { version, files: entries.length, bytes: entries.reduce((sum, [, , b]) => sum + b, 0) };
}
