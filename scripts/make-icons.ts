/**
 * Draws the course's app icons (public/icons/*.png) from its logo, the favicon's bars on blue, with
 * Chromium (the browser the tests use), so the PNGs are made by a command and not by hand.
 * Run it after changing the logo: `node scripts/make-icons.ts`, then commit public/icons.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../tools/site-harness/browser.ts';
import { ROOT } from '../tools/site-harness/build.ts';

/** The logo: rising bars (quantization levels) in white on the course's blue; `inset` shrinks the bars into a maskable icon's safe zone. */
function logo(rounded: boolean, inset: number): string {
  const bars = 'M3 12h2V8h2v4h2V5h2v7h2';
  const scale = 1 - 2 * inset;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="100%" height="100%">
<rect width="16" height="16" ${rounded ? 'rx="3"' : ''} fill="#0b5cad"/>
<g transform="translate(${16 * inset} ${16 * inset}) scale(${scale})"><path d="${bars}" stroke="#fff" stroke-width="1.1" fill="none" stroke-linejoin="round"/></g>
</svg>`;
}

const ICONS = [
  { file: 'icon-192.png', size: 192, rounded: true, inset: 0 },
  { file: 'icon-512.png', size: 512, rounded: true, inset: 0 },
  // Maskable: full-bleed background, the mark inside the central 80% the platform never crops.
  { file: 'maskable-512.png', size: 512, rounded: false, inset: 0.12 },
  { file: 'apple-touch-icon.png', size: 180, rounded: false, inset: 0.06 },
];

const out = path.join(ROOT, 'public/icons');
mkdirSync(out, { recursive: true });
const browser = await launchBrowser();
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${logo(icon.rounded, icon.inset)}</body></html>`);
    writeFileSync(path.join(out, icon.file), await page.screenshot({ omitBackground: true, type: 'png' }));
    await page.close();
    console.log(`public/icons/${icon.file} (${icon.size}×${icon.size})`);
  }
} finally {
  await browser.close();
}
