import { describe, expect, it } from 'vitest';
import { localUrl } from '../../scripts/start.ts';

describe('npm start', () => {
  it('finds the URL to open in astro preview\'s banner, base path included, colours stripped', () => {
    const banner = '\n \u001b[42m\u001b[1m astro \u001b[22m\u001b[49m \u001b[32mv7.3.5\u001b[39m \u001b[2mready in\u001b[22m 12 \u001b[2mms\u001b[22m\n\n\u001b[2m┃\u001b[22m Local    \u001b[36mhttp://127.0.0.1:4321/course/\u001b[39m\n';
    expect(localUrl(banner)).toBe('http://127.0.0.1:4321/course/');
    expect(localUrl('building…')).toBeUndefined();
  });
});
