/** Types of precache.mjs (a plain module the Astro config loads). */
export function urlOfFile(relative: string): string;
export function builtFiles(dir: string): string[];
export function precacheOf(dir: string): { version: string; entries: [url: string, revision: string, bytes: number][] };
