/**
 * A Vite plugin that keeps zod out of the site's browser bundle: in the client build,
 * src/grading/exercise-schema.ts (the zod schema that validates a spec) resolves to
 * src/grading/exercise-schema.browser.ts, which only fills in the defaults. The specs the browser
 * loads are the ones the server build validated (Exercise.astro renders every exercise), so the
 * browser would only check them again, at the cost of ~90 KB of zod and its schema building on the
 * way to an editor. The server build, the command line and the tests keep the schema.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const GRADING = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../grading');
const SCHEMA = path.join(GRADING, 'exercise-schema.ts');
const BROWSER = path.join(GRADING, 'exercise-schema.browser.ts');

/** @returns {import('vite').Plugin} */
export function exerciseSchemaForBrowser() {
  return {
    name: 'quantcourse:exercise-schema-for-browser',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const consumer = this.environment?.config?.consumer ?? (options?.ssr ? 'server' : 'client');
      if (consumer !== 'client' || !importer || !source.endsWith('exercise-schema.ts')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && path.resolve(resolved.id) === SCHEMA ? BROWSER : null;
    },
  };
}
