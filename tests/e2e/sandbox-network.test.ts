/**
 * Nothing leaves the sandbox: learner code that aims every network channel a worker might have at
 * a sink on another local port (TCP and UDP) opens no connection there, on a plain static host that
 * sends no Content-Security-Policy header. Playwright's request events miss some channels
 * (WebSocketStream, WebTransport), so the sink counts connections itself. The same page then
 * still passes the exercise with the model solution.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../tools/site-harness/build.ts';
import { startSink, type Sink } from './sink.ts';
import { startSite, type Site } from '../../tools/site-harness/site.ts';
import { exercise, openEditor, replaceCode, run } from './workbench.ts';

const LESSON = 'lessons/fixture-workbench/';
const ID = 'model-bytes';
const solution = readFileSync(path.join(ROOT, 'solutions', `${ID}.ts`), 'utf8');

/**
 * Plain JavaScript (also valid TypeScript) that defines `tryAll(log)`: it tries every channel out of
 * a worker it can think of, aimed at `sink`, logs how each attempt ended, and resolves once they all
 * have (or after half a second, long enough for any of them to reach the network).
 */
function attempts(sink: string): string {
  return `const S = ${JSON.stringify(sink)};
function tryAll(log) {
  const g = globalThis;
  const http = (p) => 'http://' + S + '/' + p;
  const attempts = [];
  const tryIt = (name, f) => {
    try {
      attempts.push(Promise.resolve(f()).then(() => log(name + ': ok'), (e) => log(name + ': refused ' + (e && e.name))));
    } catch (e) { log(name + ': threw ' + (e && e.name)); }
  };
  const blobURL = (text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
  const nested = (src, opts) => new Promise((resolve, reject) => {
    const w = new g.Worker(src, opts);
    w.onmessage = resolve;
    w.onerror = reject;
    setTimeout(resolve, 400);
  });
  const imp = (url) => (0, eval)('imp' + 'ort(' + JSON.stringify(url) + ')');
  tryIt('fetch', () => g.fetch(http('fetch')));
  tryIt('xhr', () => { const x = new g.XMLHttpRequest(); x.open('GET', http('xhr')); x.send(); });
  tryIt('websocket', () => new g.WebSocket('ws://' + S + '/ws'));
  tryIt('websocketstream', () => new g.WebSocketStream('ws://' + S + '/wss').opened);
  tryIt('webtransport', () => new g.WebTransport('https://' + S + '/wt').ready);
  tryIt('eventsource', () => new g.EventSource(http('es')));
  tryIt('import', () => import(http('import.js')));
  tryIt('eval import', () => imp(http('eval.js')));
  tryIt('new Function import', () => new Function('u', 'return imp' + 'ort(u)')(http('function.js')));
  tryIt('import blob', () => imp(blobURL('import ' + JSON.stringify(http('blob-import.js')))));
  tryIt('import data', () => imp('data:text/javascript,import ' + JSON.stringify(http('data-import.js'))));
  tryIt('importScripts', () => g.importScripts(http('importscripts.js')));
  tryIt('FontFace', () => new g.FontFace('leak', 'url(' + http('font.woff2') + ')').load());
  tryIt('self.fonts', () => { const f = new g.FontFace('leak2', 'url(' + http('fonts.woff2') + ')'); g.fonts.add(f); return g.fonts.load('12px leak2'); });
  tryIt('worker blob', () => nested(blobURL('fetch(' + JSON.stringify(http('worker-blob')) + ')')));
  tryIt('module worker blob', () => nested(blobURL('import(' + JSON.stringify(http('worker-module.js')) + ')'), { type: 'module' }));
  tryIt('worker data', () => nested('data:text/javascript,fetch(' + JSON.stringify(http('worker-data')) + ')'));
  tryIt('worker url', () => nested(http('worker.js')));
  tryIt('shared worker', () => new g.SharedWorker(http('shared.js')));
  tryIt('sendBeacon', () => g.navigator.sendBeacon(http('beacon'), 'x'));
  tryIt('RTCPeerConnection', () => { const pc = new g.RTCPeerConnection({ iceServers: [{ urls: 'stun:' + S }] }); pc.createDataChannel('x'); return pc.createOffer().then((o) => pc.setLocalDescription(o)); });
  tryIt('wasm streaming', () => g.WebAssembly.compileStreaming(g.fetch(http('x.wasm'))));
  tryIt('OffscreenCanvas font', () => { const c = new g.OffscreenCanvas(10, 10).getContext('2d'); c.font = '12px leak'; c.fillText('x', 0, 0); });
  tryIt('createImageBitmap', () => g.createImageBitmap(new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><image href="' + http('svg.png') + '"/></svg>'], { type: 'image/svg+xml' })));
  tryIt('indexedDB', () => g.indexedDB.open('x'));
  tryIt('caches', () => g.caches.open('x').then((c) => c.add(http('cache'))));
  tryIt('BroadcastChannel', () => new g.BroadcastChannel('quantcourse').postMessage({ fetch: http('broadcast') }));
  tryIt('location', () => { g.location.href = http('location'); });
  tryIt('serviceWorker', () => g.navigator.serviceWorker.register(http('sw.js')));
  tryIt('postMessage', () => g.postMessage({ kind: 'fetch', url: http('post-message'), href: http('post-message') }));
  tryIt('parent', () => g.parent.postMessage({ url: http('parent') }, '*'));
  tryIt('Request', () => new g.Request(http('request')).arrayBuffer());
  return Promise.race([Promise.allSettled(attempts), new Promise((r) => setTimeout(r, 500))]);
}`;
}

/** The model solution, with a first call that runs every attempt (logged to the console) and waits for them. */
function attack(sink: string): string {
  return `${attempts(sink)}
let tried = false;
${solution.replace('export function modelBytes(params: number, bitsPerWeight: number): number {\n  return', 'export async function modelBytes(params: number, bitsPerWeight: number): Promise<number> {\n  if (!tried) { tried = true; await tryAll(console.log); }\n  return')}`;
}

let site: Site;
let sink: Sink;
beforeAll(async () => {
  [site, sink] = await Promise.all([startSite(), startSink()]);
});
afterAll(async () => {
  await site?.stop();
  await sink?.close();
});

describe('the sandbox', () => {
  it('lets no channel reach another origin, and the page still grades', async () => {
    const { page } = await site.open(LESSON);
    await openEditor(page, ID);
    const code = attack(sink.host);
    expect(code).toContain('await tryAll(console.log)');
    await replaceCode(page, ID, code);
    const attacked = await run(page, ID);
    // What each attempt came to, from the console output the results show (folded away).
    const logs = (await exercise(page, ID).locator('[data-role="results"]').textContent()) ?? '';
    // Late connections (a nested worker, a retry) would still land: wait a little before counting.
    await page.waitForTimeout(1500);
    expect(sink.seen, logs).toEqual([]);
    expect(sink.hits()).toBe(0);
    // The run itself reports normally: every attempt failed quietly, and the answers are right.
    expect(attacked.status, attacked.text).toBe('passed');
    expect(logs).toMatch(/fetch: (threw|refused)/);
    expect(logs).toMatch(/FontFace: (threw|refused)/);

    await replaceCode(page, ID, solution);
    const passed = await run(page, ID);
    expect(passed.status, passed.text).toBe('passed');
    expect(sink.hits()).toBe(0);
    await page.context().close();
  });

  it("holds by the frame's policy alone: a worker of the frame with every global present reaches nothing", async () => {
    const { page } = await site.open(LESSON);
    await openEditor(page, ID);
    await replaceCode(page, ID, solution);
    const passed = await run(page, ID);
    expect(passed.status, passed.text).toBe('passed');
    // The sandbox frame's document, where Playwright can start a worker as the frame does, but
    // without the globals the sandbox script removes: only the inherited policy stands in the way.
    const frame = page.frames().find((f) => f !== page.mainFrame() && f.url() === 'about:srcdoc');
    expect(frame, 'the sandbox frame').toBeDefined();
    const logs = await frame!.evaluate((src) => new Promise<string[]>((resolve) => {
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
      // The attempts post a message of their own first (to ask the frame to fetch): wait for the list.
      w.onmessage = (e) => { if (Array.isArray(e.data)) resolve(e.data as string[]); };
      w.onerror = (e) => resolve([`worker error: ${e.message}`]);
    }), `${attempts(sink.host)}\nconst lines = []; tryAll((l) => lines.push(l)).then(() => postMessage(lines));`);
    await page.waitForTimeout(1500);
    expect(sink.seen, logs.join('\n')).toEqual([]);
    expect(sink.hits()).toBe(0);
    // The globals were there to try: the policy refused them, not their absence.
    expect(logs).toContain('fetch: refused TypeError');
    expect(logs).toContain('FontFace: refused NetworkError');
    expect(logs).toContain('eval import: refused TypeError');
    await page.context().close();
  });
});
