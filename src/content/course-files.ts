/**
 * Where a course's lessons live on disk and reading them (Node only): the manifest
 * <root>/lessons/course.yaml, the lesson files lessons/<slug>.mdx, and the widgets a lesson may
 * place, which are the folders src/widgets/<name>/ holding an index.ts (the loader's registry).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ManifestError, parseManifest, type Manifest } from './manifest.ts';

/** The manifest's file name inside a lessons folder. */
export const MANIFEST_NAME = 'course.yaml';

/** The manifest file of a lessons folder. */
export function manifestFile(lessonsDir: string): string {
  return path.join(lessonsDir, MANIFEST_NAME);
}

/** Read and validate a lessons folder's manifest; `shownAs` names it in messages. Throws ManifestError. */
export function loadManifest(lessonsDir: string, shownAs = path.join(path.basename(lessonsDir), MANIFEST_NAME)): Manifest {
  const file = manifestFile(lessonsDir);
  if (!existsSync(file)) throw new ManifestError(shownAs, [{ message: 'does not exist: it lists the lessons in order, one line each (`npx quantcourse new lesson <slug>` creates it)' }]);
  return parseManifest(readFileSync(file, 'utf8'), shownAs);
}

/** The lesson files (.mdx, and stray .md) of a lessons folder, sorted by name. */
export function lessonFileNames(lessonsDir: string): string[] {
  if (!existsSync(lessonsDir)) return [];
  return readdirSync(lessonsDir).filter((f) => /\.mdx?$/.test(f)).sort();
}

/** The widgets a course has: each folder of src/widgets with an index.ts, sorted. */
export function widgetNames(widgetsDir: string): string[] {
  if (!existsSync(widgetsDir)) return [];
  return readdirSync(widgetsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(widgetsDir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

/** The folder of test-only lessons a build adds after the course's own (QUANTCOURSE_EXTRA_LESSONS), relative to the root. */
export function extraLessonsDir(): string | undefined {
  return process.env.QUANTCOURSE_EXTRA_LESSONS?.replace(/^\.?\/+|\/+$/g, '') || undefined;
}
