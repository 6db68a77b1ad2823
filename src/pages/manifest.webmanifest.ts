/** The web app manifest: makes the course installable, opening at the site's base path (BASE_PATH). */
import type { APIRoute } from 'astro';
import { href } from '../components/course.ts';

/** The manifest as JSON; every URL goes through href, so it holds under a sub-path. */
export const GET: APIRoute = () => {
  const manifest = {
    name: 'Quantization from the ground up',
    short_name: 'Quantization',
    description: 'An interactive course on LLM quantization, from bits and floats to llama.cpp formats, perplexity and KL divergence. Works offline once visited.',
    id: href(),
    start_url: href(),
    scope: href(),
    display: 'standalone',
    background_color: '#fdfcfa',
    theme_color: '#0b5cad',
    icons: [
      { src: href('icons/icon-192.png'), sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: href('icons/icon-512.png'), sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: href('icons/maskable-512.png'), sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
  return new Response(JSON.stringify(manifest, null, 2), { headers: { 'content-type': 'application/manifest+json' } });
};
