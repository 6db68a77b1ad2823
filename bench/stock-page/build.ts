/**
 * Build the stock page (bench/stock-page) with Vite's defaults: no course plugins, no chunking
 * rules, nothing slimmed. It goes beside the browser tests' builds.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { ROOT_BUILD, type SiteBuild } from '../../tools/site-harness/build.ts';

/** Where the stock page is built, served at "/". */
export const STOCK_BUILD: SiteBuild = { dir: path.join(path.dirname(ROOT_BUILD.dir), 'stock-page'), base: '/' };

/** Build the stock page unless QUANTCOURSE_E2E_REUSE=1 and a previous build exists. */
export async function ensureStockPage(): Promise<SiteBuild> {
  if (process.env.QUANTCOURSE_E2E_REUSE === '1' && existsSync(path.join(STOCK_BUILD.dir, 'index.html'))) return STOCK_BUILD;
  await build({
    configFile: false,
    root: path.dirname(fileURLToPath(import.meta.url)),
    base: STOCK_BUILD.base,
    logLevel: 'error',
    cacheDir: path.join(STOCK_BUILD.dir, '..', 'vite-cache-stock-page'),
    build: { outDir: STOCK_BUILD.dir, emptyOutDir: true, chunkSizeWarningLimit: 10_000 },
  });
  return STOCK_BUILD;
}
