// The course site: fully static, MDX lessons, served under any base path (BASE_PATH).
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { monacoCssAsJs } from './src/build/monaco-css.mjs';
import { monacoWorkersWithoutContributions } from './src/build/monaco-trim.mjs';

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
  integrations: [mdx()],
  // No prefetch, no telemetry-like extras: the page must never request anything outside its origin.
  devToolbar: { enabled: false },
  markdown: {
    shikiConfig: {
      // Both themes are emitted as CSS variables; src/styles/global.css picks one per colour scheme.
      themes: { light: 'github-light', dark: 'github-dark' },
      wrap: false,
    },
  },
  vite: {
    plugins: [monacoCssAsJs(), monacoWorkersWithoutContributions()],
    worker: { format: 'es' },
    optimizeDeps: { include: ['esbuild-wasm'] },
    build: { chunkSizeWarningLimit: 4000 },
  },
});
