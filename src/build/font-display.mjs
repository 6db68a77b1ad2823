/**
 * A Vite plugin that turns the web fonts' `font-display: swap` (as @fontsource ships them) into
 * `font-display: optional`. With swap, text is laid out once in a fallback font and again when
 * each of the four fonts arrives: the lesson jumps under the reader (Lighthouse measured a
 * cumulative layout shift of 0.1–0.2 on a phone from fonts alone) and the browser lays the whole
 * page out again per font. Pages use the fonts only once they are cached (src/layouts/Base.astro);
 * should the cache have dropped one, optional still never swaps it in late: a font that has not
 * arrived within ~100 ms waits for the next page.
 */
const FONTSOURCE_CSS = /[\\/]@fontsource(-variable)?[\\/][^?]+\.css(\?|$)/;

/** @returns {import('vite').Plugin} */
export function fontDisplayOptional() {
  return {
    name: 'quantcourse:font-display-optional',
    enforce: 'pre',
    transform(code, id) {
      if (!FONTSOURCE_CSS.test(id)) return null;
      return { code: code.replace(/font-display:\s*swap\s*;/g, 'font-display: optional;'), map: null };
    },
  };
}
