/** Types of index.mjs (a plain module the Astro config loads). */
import type { AstroIntegration } from 'astro';
export function offlineSupport(): AstroIntegration;
export function writeServiceWorker(out: string): { version: string; files: number; bytes: number };
