/**
 * The lab's layering, read from the import statements: exercise specs import neither src/lab nor a
 * runtime module (they are plain data), the core names no learner or exercise, and widgets reach
 * grading and the runner only through the lab's entry (src/lab/index.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every .ts file under `dir` (repository-relative). */
function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts'))
    .map((d) => path.relative(ROOT, path.join(d.parentPath, d.name)).replaceAll(path.sep, '/'));
}

/** The repository-relative files a module imports (static and dynamic), resolved from its relative specifiers. */
function importsOf(file: string): string[] {
  const src = readFileSync(path.join(ROOT, file), 'utf8');
  const specs = [...src.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), s)).replaceAll(path.sep, '/'));
}

describe('the lab\'s layers', () => {
  it('exercise specs import no part of src/lab and no runtime module, and await nothing at load', () => {
    for (const file of tsFiles('exercises')) {
      expect(importsOf(file).filter((i) => /^src\/(lab|runner|widgets|components|progress|cli)\//.test(i)), file).toEqual([]);
      expect(readFileSync(path.join(ROOT, file), 'utf8'), file).not.toMatch(/^await /m);
    }
  });

  it('the core imports no grading, lab or runner and names no learner concept', () => {
    for (const file of tsFiles('src/core')) {
      expect(importsOf(file).filter((i) => /^(src\/(grading|lab|runner|widgets)|exercises)\//.test(i)), file).toEqual([]);
      expect(readFileSync(path.join(ROOT, file), 'utf8'), file).not.toMatch(/judgeQuantizer|QUANTIZER_(TOLERANCE|CHECK_SETTINGS)|LearnerQuantizer|checkLearnerBlocks|answeredQuantizer/);
    }
  });

  it('widgets import grading and the runner only through the lab\'s entry', () => {
    for (const file of tsFiles('src/widgets')) {
      const imports = importsOf(file);
      expect(imports.filter((i) => /^src\/(grading|runner)\//.test(i)), file).toEqual([]);
      // Only the lab's widget needs more of the lab than the model loader (param-histogram loads just that).
      const allowed = file.startsWith('src/widgets/model-lab/') ? ['src/lab/index.ts'] : ['src/lab/index.ts', 'src/lab/load-model.ts'];
      expect(imports.filter((i) => i.startsWith('src/lab/') && !allowed.includes(i)), file).toEqual([]);
    }
  });
});
