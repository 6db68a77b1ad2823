import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ROOT_BUILD, SUBPATH_BUILD } from '../../tools/site-harness/build.ts';
import { serveSite, type SiteServer } from '../../tools/site-harness/server.ts';
import { isSameOrigin } from '../../tools/site-harness/site.ts';

describe('site-harness: builds', () => {
  it('puts both builds inside the project, apart from each other, at the bases the tests serve', () => {
    for (const b of [ROOT_BUILD, SUBPATH_BUILD]) expect(b.dir.startsWith(ROOT + path.sep)).toBe(true);
    expect(ROOT_BUILD.dir).not.toBe(SUBPATH_BUILD.dir);
    expect([ROOT_BUILD.base, SUBPATH_BUILD.base]).toEqual(['/', '/courses/quant/']);
  });
});

describe('site-harness: server', () => {
  let dir: string;
  let plain: SiteServer;
  let compressed: SiteServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'site-harness-'));
    mkdirSync(path.join(dir, 'lessons', 'a'), { recursive: true });
    mkdirSync(path.join(dir, '_astro'));
    writeFileSync(path.join(dir, 'lessons', 'a', 'index.html'), '<p>lesson a</p>');
    writeFileSync(path.join(dir, '_astro', 'x.js'), 'export const x = 1;');
    writeFileSync(path.join(dir, '404.html'), '<p>no such page</p>');
    [plain, compressed] = await Promise.all([serveSite(dir, '/courses/quant/'), serveSite(dir, '/', { compress: true })]);
  });
  afterAll(async () => {
    await Promise.all([plain.close(), compressed.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a folder\'s index.html under the base path, with its type', async () => {
    expect(plain.url).toBe(`${plain.origin}/courses/quant/`);
    const r = await fetch(plain.url + 'lessons/a/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await r.text()).toBe('<p>lesson a</p>');
  });

  it('answers overridden paths with their text, read on each request', async () => {
    const overrides = new Map<string, string>();
    const server = await serveSite(dir, '/', { overrides });
    try {
      expect(await (await fetch(server.url + '_astro/x.js')).text()).toBe('export const x = 1;');
      overrides.set('_astro/x.js', 'export const x = 2;');
      const r = await fetch(server.url + '_astro/x.js');
      expect(r.headers.get('content-type')).toBe('text/javascript');
      expect(await r.text()).toBe('export const x = 2;');
    } finally {
      await server.close();
    }
  });

  it('answers 404 outside the base path, and the site\'s 404 page for a missing file', async () => {
    expect((await fetch(plain.origin + '/lessons/a/')).status).toBe(404);
    const missing = await fetch(plain.url + 'lessons/b/');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('<p>no such page</p>');
  });

  it('with compress, gzips for clients that accept it and marks built assets immutable, as a production host', async () => {
    const { request } = await import('node:http');
    const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      request(compressed.url + '_astro/x.js', { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject).end();
    });
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(raw.body).toString()).toBe('export const x = 1;');
    expect((await fetch(plain.url + '_astro/x.js')).headers.get('cache-control')).toBeNull();
  });
});

describe('site-harness: isSameOrigin', () => {
  it('lets data:, blob: and about: URLs through and holds everything else to the site\'s origin', () => {
    const origin = 'http://127.0.0.1:4000';
    for (const u of ['data:text/plain,x', 'blob:http://127.0.0.1:4000/1', 'about:blank', 'http://127.0.0.1:4000/a.js']) expect(isSameOrigin(u, origin), u).toBe(true);
    for (const u of ['http://127.0.0.1:4001/a.js', 'https://example.com/', 'not a url']) expect(isSameOrigin(u, origin), u).toBe(false);
  });
});
