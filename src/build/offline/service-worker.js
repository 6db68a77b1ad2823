/*
 * The course's service worker (the build prepends BUILD = { version, entries: [[url, revision, bytes]] }).
 *
 * One cache per build, named by its version. Installing downloads every file of the build into a new
 * cache (reusing, from older caches, files whose revision has not changed); while it installs, the
 * pages keep using the previous one. A new version waits until the pages of the old one are gone
 * (or a page asks it to take over, after the learner chose to reload), then deletes the older caches:
 * a page is served from one build's cache only, never a mix. Precached files are answered from the
 * cache first; everything else goes to the network (a page the build lacks, offline, gets the
 * cached 404 page). localStorage (the learner's code and progress)
 * is never touched.
 */
/* global BUILD */
const PREFIX = 'quantcourse-';
const CACHE = `${PREFIX}${BUILD.version}`;
// Written last when installing: a cache that has it is complete; it also lists the revisions for reuse.
const LIST_KEY = '__precache-list__';
const scope = self.registration.scope;
const absolute = (url) => new URL(url, scope).href;
const PRECACHED = new Map(BUILD.entries.map(([url, revision]) => [absolute(url), revision]));
const DOWNLOADS_AT_ONCE = 4;

self.addEventListener('install', (event) => {
  event.waitUntil(fillCache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  // The page's "Reload" on the update notice: the learner chose to switch every open page over.
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(scope)) return;
  const key = precachedKey(request);
  if (!key) {
    // Not part of the build: the network answers, as without a service worker. A page the build
    // does not have, asked for with no network, gets the site's own 404 page from the cache
    // instead of the browser's error page (online, the server's 404 answers as before).
    if (request.mode === 'navigate') event.respondWith(fetch(request).catch((error) => notFoundPage(error)));
    return;
  }
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(key);
      // A cache the browser evicted under storage pressure: fall back to the network.
      return hit ?? fetch(request);
    })(),
  );
});

/** The cached 404 page, with a 404 status, for a navigation the network could not answer; else the network's error. */
async function notFoundPage(error) {
  const page = await (await caches.open(CACHE)).match(absolute('404.html'));
  if (!page) throw error;
  return new Response(page.body, { status: 404, statusText: 'Not Found', headers: page.headers });
}

/** The precache URL that answers a request: the URL without query or hash, a page also without its trailing "index.html" or with a "/" added. */
function precachedKey(request) {
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  const candidates = [url.href];
  if (url.pathname.endsWith('/index.html')) candidates.push(url.href.slice(0, -'index.html'.length));
  else if (!url.pathname.endsWith('/') && request.mode === 'navigate') candidates.push(`${url.href}/`);
  return candidates.find((c) => PRECACHED.has(c));
}

/** Download the whole build into this version's cache, reusing unchanged files from older caches. */
async function fillCache() {
  const cache = await caches.open(CACHE);
  const reusable = await previousFiles();
  const queue = [...PRECACHED];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [url, revision] = next;
      if (await cache.match(url)) continue; // a retried install keeps what it already has
      const old = reusable.get(`${url} ${revision}`);
      if (old) {
        const response = await old.match(url);
        if (response) {
          await cache.put(url, response);
          continue;
        }
      }
      const response = await fetch(new Request(url, { cache: 'reload', credentials: 'same-origin' }));
      if (!response.ok) throw new Error(`precaching ${url} failed: HTTP ${response.status}`);
      await cache.put(url, response);
    }
  };
  await Promise.all(Array.from({ length: DOWNLOADS_AT_ONCE }, worker));
  await cache.put(absolute(LIST_KEY), new Response(JSON.stringify(BUILD.entries), { headers: { 'content-type': 'application/json' } }));
}

/** Files of older complete caches, keyed by "url revision", each with the cache that holds it. */
async function previousFiles() {
  const found = new Map();
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const cache = await caches.open(name);
    const list = await cache.match(absolute(LIST_KEY));
    if (!list) continue;
    try {
      for (const [url, revision] of await list.json()) found.set(`${absolute(url)} ${revision}`, cache);
    } catch {
      // An unreadable list: that cache is simply not reused.
    }
  }
  return found;
}
