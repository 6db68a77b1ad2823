/**
 * The editor's font, shared by the page's exercise loader (small, on every lesson page) and the
 * workbench panel (loaded with Monaco).
 */

/** The editor's font size in pixels. */
export const EDITOR_FONT_SIZE = 14;

/**
 * The editor's font family: the page's own monospace stack, whose fonts the page has already
 * matched for its code. (Monaco's default, "Droid Sans Mono" then the generic, sent the browser
 * looking up system fonts while the editor measured its glyphs.)
 */
export function editorFontFamily(frame: Element): string | undefined {
  return getComputedStyle(frame).getPropertyValue('--font-mono').trim() || undefined;
}

/**
 * What Monaco measures when it creates its first editor (vs/editor/browser/config/fontMeasurements):
 * full-width and rare characters no monospace font has, so the browser searches the system's fonts
 * for them, and each family of the stack that is not installed, in regular, bold and italic.
 */
const MEASURED = 'n\uff4d\u00a00123456789\u2192\uffeb\u00b7\u2e31|/-_ilm%';

/**
 * Lay out, out of sight, the characters Monaco measures in the editor's font and its three styles,
 * so that the browser's font lookups are done (and cached) before an editor is requested. While an
 * editor was being created they took 30–100 ms of its time on this machine: the browser process,
 * which answers them, was then busy downloading Monaco and esbuild.wasm. Call when the page is idle.
 */
export function prepareEditorFont(frame: Element): void {
  const family = editorFontFamily(frame);
  if (!family) return;
  const box = document.createElement('div');
  box.setAttribute('aria-hidden', 'true');
  box.style.cssText = 'position:absolute;top:-50000px;width:50000px;visibility:hidden';
  for (const style of ['', 'font-weight:bold', 'font-style:italic']) {
    const line = document.createElement('div');
    line.style.cssText = `font-size:${EDITOR_FONT_SIZE}px;${style}`;
    line.style.fontFamily = family;
    line.textContent = MEASURED;
    box.append(line);
  }
  document.body.append(box);
  void box.offsetWidth;
  box.remove();
}
