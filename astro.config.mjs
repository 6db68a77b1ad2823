// The course site: fully static, MDX lessons, served under any base path (BASE_PATH).
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { slimMonaco } from './src/build/slim-monaco/index.mjs';
import { fontDisplayOptional } from './src/build/font-display.mjs';
import { exerciseSchemaForBrowser } from './src/build/exercise-schema.mjs';
import { sandboxWorkerSource } from './src/build/sandbox-worker-source.mjs';
import { siteSearch } from './src/build/site-search.mjs';
import { offlineSupport } from './src/build/offline/index.mjs';

/** Normalise BASE_PATH to "/" or "/some/path/" so every URL can be built as base + path. */
function basePath(raw = '/') {
  const trimmed = raw.trim().replace(/^\/+|\/+$/g, '');
  if (trimmed && !/^[A-Za-z0-9._~\/-]+$/.test(trimmed)) {
    throw new Error(`BASE_PATH "${raw}" is not a URL path: use letters, digits, "-", "_", "." and "/" only (e.g. /course/).`);
  }
  return trimmed ? `/${trimmed}/` : '/';
}

export default defineConfig({
  output: 'static',
  base: basePath(process.env.BASE_PATH),
  trailingSlash: 'ignore',
  outDir: process.env.QUANTCOURSE_OUT_DIR || './dist',
  // Separate caches let several builds (tests, bench) run side by side without sharing state.
  cacheDir: process.env.QUANTCOURSE_CACHE_DIR || './node_modules/.astro',
  // After the build: the search index (Pagefind), then the service worker, which precaches the index too.
  integrations: [mdx(), siteSearch(), offlineSupport()],
  // The site's CSS (~24 KB, ~6 KB gzipped) goes into each page's <head>: no render-blocking
  // request before the first paint, which on a slow phone connection costs a round trip or two.
  build: { inlineStylesheets: 'always' },
  // No prefetch, no telemetry-like extras: the page must never request anything outside its origin.
  devToolbar: { enabled: false },
  markdown: {
    shikiConfig: {
      // Both themes are emitted as CSS variables; src/styles/global.css picks one per colour scheme.
      // The high-contrast GitHub themes: every token colour of the plain ones is not at 4.5:1 on
      // its background (orange parameters at 3.5:1 in light, grey comments at 3:1 in dark).
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      wrap: false,
    },
  },
  vite: {
    // slimMonaco(): the editor's build rewrites and chunking, for the pinned monaco-editor only.
    plugins: [...slimMonaco(), fontDisplayOptional(), exerciseSchemaForBrowser(), sandboxWorkerSource()],
    worker: { format: 'es' },
    optimizeDeps: { include: ['esbuild-wasm'] },
    build: {
      chunkSizeWarningLimit: 4000,
    },
  },
});
