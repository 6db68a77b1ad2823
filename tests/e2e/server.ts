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
};

/** A running server: its URL (ending in the base path) and a way to stop it. */
export interface SiteServer {
  url: string;
  origin: string;
  close(): Promise<void>;
}

/** Types a production host would compress. */
const COMPRESSIBLE = /^(text\/|application\/(json|wasm|xml)|image\/svg)/;

/**
 * Serve `dir` at http://127.0.0.1:<port><base>. With `compress`, responses are gzipped for
 * clients that accept it and assets are marked immutable, as a production static host does
 * (Lighthouse measures with that); the browser tests use the plain server.
 */
export async function serveSite(dir: string, base = '/', options: { compress?: boolean } = {}): Promise<SiteServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(base)) {
      res.writeHead(404).end('outside the base path');
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

/** A listener on another local port that counts every connection and datagram aimed at it. */
export interface Sink {
  /** host:port to aim at (TCP and UDP listen on the same port number). */
  host: string;
  /** TCP connections accepted plus UDP datagrams received so far. */
  hits(): number;
  /** The first line of each TCP connection (an HTTP request line) and "udp" per datagram. */
  seen: string[];
  close(): Promise<void>;
}

/**
 * A raw TCP server (counts HTTP, WebSocket, EventSource, font and beacon requests alike: every one
 * opens a connection) and a UDP socket on the same port number (QUIC for WebTransport, STUN for
 * WebRTC), for tests that prove nothing reaches another origin.
 */
export async function startSink(): Promise<Sink> {
  const { createServer } = await import('node:net');
  const { createSocket } = await import('node:dgram');
  const seen: string[] = [];
  let hits = 0;
  const tcp = createServer((socket) => {
    hits++;
    const at = seen.push('(connected)') - 1;
    socket.once('data', (d) => { seen[at] = d.toString('latin1').split('\r\n')[0]!; });
    socket.on('error', () => undefined);
    // Closed without an answer: every channel then fails fast instead of waiting for a reply.
    setTimeout(() => socket.destroy(), 100);
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const { port } = tcp.address() as AddressInfo;
  const udp = createSocket('udp4');
  udp.on('message', () => { hits++; seen.push('udp'); });
  await new Promise<void>((resolve, reject) => { udp.once('error', reject); udp.bind(port, '127.0.0.1', () => resolve()); });
  return {
    host: `127.0.0.1:${port}`,
    hits: () => hits,
    seen,
    close: async () => {
      await new Promise<void>((r) => tcp.close(() => r()));
      await new Promise<void>((r) => udp.close(() => r()));
    },
  };
}
