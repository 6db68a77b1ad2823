/**
 * What the browser tests and the site bench share: serve a built site, open pages in fresh browser
 * contexts, and collect what must never happen (console errors, uncaught exceptions, requests
 * that leave the site's origin). Widget tests use it too:
 *
 *   const site = await startSite();                 // in beforeAll
 *   const { page, problems } = await site.open('lessons/floats/');
 *   ...; expect(problems()).toEqual([]);
 *   await site.stop();                              // in afterAll
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { ROOT_BUILD, type SiteBuild } from './build.ts';
import { serveSite, type ServeOptions, type SiteServer } from './server.ts';

/** A page opened by `Site.open`, with what it did wrong so far. */
export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught exceptions, failed responses and off-origin requests, as readable lines. */
  problems(): string[];
  /** Every URL the page requested (same origin or not). */
  requests: string[];
}

/** Options of a fresh context. */
export interface ContextOptions {
  viewport?: { width: number; height: number };
  serviceWorkers?: 'allow' | 'block';
  colorScheme?: 'light' | 'dark';
}

/** A served site with a browser to look at it. */
export interface Site {
  browser: Browser;
  server: SiteServer;
  /** The absolute URL of a path inside the site ('' is the home page). */
  url(path?: string): string;
  /** Open `path` in a fresh context (or in `context`, to keep its storage), waiting for the load event. */
  open(path?: string, options?: { context?: BrowserContext; viewport?: { width: number; height: number } }): Promise<OpenedPage>;
  /**
   * A fresh context: empty storage, as a new browser profile. Its pages run without the service
   * worker (each would otherwise download the whole course into its cache) unless `serviceWorkers`
   * is 'allow', as the offline tests ask.
   */
  newContext(options?: ContextOptions): Promise<BrowserContext>;
  stop(): Promise<void>;
}

/**
 * How long a wait may take before it counts as a hang. Never a speed budget: a learner's laptop or
 * a shared CI runner can be several times slower than a quiet machine (speed is `npm run bench`'s).
 */
export const HANG_MS = 60_000;

/** Serve a build (default: the root one; `serve` passes options to the server) and launch Chromium. */
export async function startSite(build: SiteBuild = ROOT_BUILD, serve: ServeOptions = {}): Promise<Site> {
  const [server, browser] = await Promise.all([serveSite(build.dir, build.base, serve), launchBrowser()]);
  const url = (path = '') => server.url + path.replace(/^\/+/, '');
  const newContext = async (options: ContextOptions = {}) => {
    const context = await browser.newContext({ acceptDownloads: true, serviceWorkers: 'block', ...options });
    // Waits and actions without a timeout of their own get one that bounds a hang, not a speed.
    context.setDefaultTimeout(HANG_MS);
    return context;
  };
  return {
    browser,
    server,
    url,
    newContext,
    async open(path = '', options = {}) {
      const context = options.context ?? (await newContext({ viewport: options.viewport }));
      const page = await context.newPage();
      const found: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') found.push(`console error: ${m.text()}`);
      });
      page.on('pageerror', (e) => found.push(`uncaught: ${e.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400) found.push(`HTTP ${r.status()}: ${r.url()}`);
      });
      // Workers' requests go through the context, so watch there (once per context).
      const onRequest = (r: { url(): string }) => {
        const u = r.url();
        requests.push(u);
        if (!isSameOrigin(u, server.origin)) found.push(`off-origin request: ${u}`);
      };
      context.on('request', onRequest);
      await page.goto(url(path), { waitUntil: 'load' });
      return { page, context, requests, problems: () => [...found] };
    },
    async stop() {
      await browser.close();
      await server.close();
    },
  };
}

/** data:, blob: and about: URLs never leave the page; everything else must be on the site's origin. */
export function isSameOrigin(url: string, origin: string): boolean {
  if (/^(data|blob|about):/.test(url)) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}
