/**
 * The editor's font, shared by the workbench panel (loaded with Monaco) and the page's exercise
 * loader, which loads this module once the page has loaded, to prepare the font while the learner reads.
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

/** Run `fn` when the page is idle. */
function whenIdle(fn: () => void): void {
  if ('requestIdleCallback' in window) requestIdleCallback(fn, { timeout: 2000 });
  else setTimeout(fn, 200);
}

/**
 * Lay out, out of sight, the characters Monaco measures in the editor's font, so that the browser's
 * font lookups are done (and cached) before an editor is requested: made while an editor is being
 * created, they wait for the browser process, then busy downloading Monaco and esbuild.wasm
 * (bench/README.md, "Editor start-up"). One style per idle moment: all at once they make one long
 * task on a phone.
 */
export function prepareEditorFont(frame: Element): void {
  const family = editorFontFamily(frame);
  if (!family) return;
  const styles = ['', 'font-weight:bold', 'font-style:italic'];
  const next = () => {
    const line = document.createElement('div');
    line.setAttribute('aria-hidden', 'true');
    line.style.cssText = `position:absolute;top:-50000px;visibility:hidden;white-space:pre;font-size:${EDITOR_FONT_SIZE}px;${styles.shift()}`;
    line.style.fontFamily = family;
    line.textContent = MEASURED;
    document.body.append(line);
    void line.offsetWidth;
    line.remove();
    if (styles.length > 0) whenIdle(next);
  };
  whenIdle(next);
}
