import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build plugin, without type declarations
import { monacoWorkersWithoutContributions, WORKERS_FILE } from '../../src/build/slim-monaco/worker-contributions.mjs';

const MONACO = fileURLToPath(new URL('../../node_modules/monaco-editor/esm/vs/', import.meta.url));
const WORKERS = MONACO + WORKERS_FILE;

type Transform = (this: { error(message: string): never }, code: string, id: string) => { code: string } | null;
const transform: Transform = monacoWorkersWithoutContributions().transform;
const context = { error: (message: string): never => { throw new Error(message); } };
const run = (code: string, id: string) => transform.call(context, code, id);

describe('slim-monaco: worker-contributions', () => {
  it('drops the installed workers.js\'s side-effect imports (the editor contributions) and keeps its named imports', () => {
    const source = readFileSync(WORKERS, 'utf8');
    const sideEffects = source.match(/^import '[^']+';$/gm) ?? [];
    expect(sideEffects.length).toBeGreaterThan(50);
    const out = run(source, WORKERS)!.code;
    expect(out).not.toMatch(/^import '[^']+';$/m);
    expect(out).toMatch(/^import \{ editor \} from '[^']*editor\.api\.js';$/m);
    // Nothing else changed: the output is the source with those lines taken out.
    expect(out).toBe(source.replace(/^import '[^']+';\r?\n/gm, ''));
  });

  it('fails the build when a Monaco update changes how workers.js gets the editor', () => {
    expect(() => run("import './contrib.js';\nimport * as api from '../../editor/editor.api.js';\n", WORKERS)).toThrow(/slim-monaco worker-contributions: internal\/common\/workers\.js no longer imports \{ editor \} from editor\.api\.js as expected; review src\/build\/slim-monaco\/worker-contributions\.mjs/);
    expect(() => run('export {};\n', WORKERS)).toThrow(/review src\/build\/slim-monaco\/worker-contributions\.mjs/);
  });

  it('leaves every other module alone', () => {
    expect(run("import './x.js';\n", MONACO + 'editor/editor.worker.js')).toBeNull();
    expect(run("import './x.js';\n", '/elsewhere/internal/common/workers.js')).toBeNull();
  });
});
