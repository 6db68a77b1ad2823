import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { precacheOf, urlOfFile } from '../../src/build/offline/precache.mjs';
import { writeServiceWorker } from '../../src/build/offline/index.mjs';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** A small built site in a temporary folder. */
function site(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'precache-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('precache', () => {
  it('names pages by the URL that serves them', () => {
    expect(urlOfFile('index.html')).toBe('./');
    expect(urlOfFile(path.join('lessons', 'floats', 'index.html'))).toBe('lessons/floats/');
    expect(urlOfFile('404.html')).toBe('404.html');
    expect(urlOfFile(path.join('_astro', 'x.js'))).toBe('_astro/x.js');
  });

  it('lists every file but the worker and Pagefind\'s unused interfaces, each with a content revision', () => {
    const dir = site({
      'index.html': 'home', 'lessons/a/index.html': 'a', '_astro/x.js': 'x', 'sw.js': 'old worker',
      'pagefind/pagefind.js': 'api', 'pagefind/pagefind-ui.js': 'ui', 'pagefind/pagefind-component-ui.css': 'ui', 'pagefind/pagefind-highlight.js': 'hl',
    });
    const { entries } = precacheOf(dir);
    expect(entries.map(([url]) => url).sort()).toEqual(['./', '_astro/x.js', 'lessons/a/', 'pagefind/pagefind.js']);
    for (const [, revision, bytes] of entries) {
      expect(revision).toMatch(/^[0-9a-f]{16}$/);
      expect(bytes).toBeGreaterThan(0);
    }
  });

  it('changes the version when any file changes, and only then', () => {
    const a = precacheOf(site({ 'index.html': 'home', '_astro/x.js': 'x' }));
    const same = precacheOf(site({ 'index.html': 'home', '_astro/x.js': 'x' }));
    const edited = precacheOf(site({ 'index.html': 'home!', '_astro/x.js': 'x' }));
    expect(same.version).toBe(a.version);
    expect(edited.version).not.toBe(a.version);
    // The unchanged file keeps its revision, so an update reuses it instead of downloading it.
    expect(edited.entries.find(([u]) => u === '_astro/x.js')![1]).toBe(a.entries.find(([u]) => u === '_astro/x.js')![1]);
  });

  it('writes sw.js with the build\'s list ahead of the worker', () => {
    const dir = site({ 'index.html': 'home', 'model/weights.bin': 'w' });
    const written = writeServiceWorker(dir);
    expect(written.files).toBe(2);
    const source = readFileSync(path.join(dir, 'sw.js'), 'utf8');
    const build = JSON.parse(/^const BUILD = (.*);$/m.exec(source)![1]!) as { version: string; entries: [string, string][] };
    expect(build.version).toBe(written.version);
    expect(build.entries.map(([u]) => u)).toEqual(['./', 'model/weights.bin']);
    expect(source).toContain("addEventListener('fetch'");
    // Writing it again does not list the worker itself.
    expect(writeServiceWorker(dir).version).toBe(written.version);
  });
});
