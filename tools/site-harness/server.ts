/**
 * A static file server for the built site, mounted under any base path, that records every
 * request it sees (the tests assert that nothing is requested outside the site's origin).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createGzip } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.txt': 'text/plain', '.xml': 'application/xml', '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

/** A running server: its URL (ending in the base path) and a way to stop it. */
export interface SiteServer {
  url: string;
  origin: string;
  close(): Promise<void>;
}

/** How to serve: `compress` as a production host; `overrides` answers some paths (relative to the base) with other text, as a new deployment would (read on each request, so a test can change it). */
export interface ServeOptions {
  compress?: boolean;
  overrides?: Map<string, string>;
}

/** Types a production host would compress. */
const COMPRESSIBLE = /^(text\/|application\/(json|wasm|xml)|image\/svg)/;

/**
 * Serve `dir` at http://127.0.0.1:<port><base>. With `compress`, responses are gzipped for
 * clients that accept it and assets are marked immutable, as a production static host does
 * (Lighthouse measures with that); the browser tests use the plain server.
 */
export async function serveSite(dir: string, base = '/', options: ServeOptions = {}): Promise<SiteServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(base)) {
      res.writeHead(404).end('outside the base path');
      return;
    }
    const override = options.overrides?.get(url.pathname.slice(base.length));
    if (override !== undefined) {
      res.writeHead(200, { 'content-type': TYPES[path.extname(url.pathname)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(override);
      return;
    }
    let file = path.join(dir, decodeURIComponent(url.pathname.slice(base.length)));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      const notFound = path.join(dir, '404.html');
      res.writeHead(404, { 'content-type': TYPES['.html']! });
      if (existsSync(notFound)) createReadStream(notFound).pipe(res);
      else res.end('not found');
      return;
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (options.compress) {
      const headers: Record<string, string> = { 'content-type': type };
      if (file.includes(`${path.sep}_astro${path.sep}`)) headers['cache-control'] = 'public, max-age=31536000, immutable';
      if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        res.writeHead(200, { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' });
        createReadStream(file).pipe(createGzip()).pipe(res);
        return;
      }
      res.writeHead(200, headers);
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(200, { 'content-type': type });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return { url: origin + base, origin, close: () => new Promise((r) => server.close(() => r())) };
}
