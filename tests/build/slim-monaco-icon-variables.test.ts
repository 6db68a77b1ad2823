import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build plugin, without type declarations
import { iconVariablesRead, monacoIconVariablesTrimmed, withIconVariables } from '../../src/build/slim-monaco/icon-variables.mjs';

const MONACO = fileURLToPath(new URL('../../node_modules/monaco-editor/esm/vs/', import.meta.url));
const SHEET = MONACO + 'platform/theme/browser/iconsStyleSheet.js';

type Transform = (this: { error(message: string): never }, code: string, id: string) => Promise<{ code: string } | null>;
const transform: Transform = monacoIconVariablesTrimmed().transform;
const context = { error: (message: string): never => { throw new Error(message); } };

describe('slim-monaco: icon-variables', () => {
  it('finds the icon variables a CSS text reads, and not other --vscode-icon-* variables', () => {
    const css = readFileSync(MONACO + 'editor/contrib/inlineProgress/browser/inlineProgressWidget.css', 'utf8');
    expect([...iconVariablesRead(css)]).toEqual(['x']);
    expect([...iconVariablesRead('a { color: var(--vscode-icon-foreground); content: var(--vscode-icon-chevron-down-content, "v"); }')]).toEqual(['chevron-down']);
  });

  it('has the installed style sheet declare the variables of the icons Monaco\'s CSS reads, and nothing else changed', async () => {
    const source = readFileSync(SHEET, 'utf8');
    const out = (await transform.call(context, source, SHEET))!.code;
    expect(out).toMatch(/^const quantcourseIconVariables = new Set\(\["x"\]\);\n/);
    expect(out.match(/if \(quantcourseIconVariables\.has\(contribution\.id\)\) rootAttribs\.push\(/g)).toHaveLength(2);
    // Without the guards, the source is the original: the .codicon-* rules are built as before.
    expect(out.split('\n').slice(1).join('\n').replaceAll('if (quantcourseIconVariables.has(contribution.id)) ', '')).toBe(source);
  });

  it('fails the build when a Monaco update changes the code it edits', async () => {
    expect(() => withIconVariables('rootAttribs.push(a);', new Set(['x']))).toThrow(/has 1 "rootAttribs\.push\(" where 2 were expected; review src\/build\/slim-monaco\/icon-variables\.mjs/);
    await expect(transform.call(context, 'export {};', SHEET)).rejects.toThrow(/has 0 "rootAttribs\.push\("/);
  });

  it('leaves every other module alone', async () => {
    await expect(transform.call(context, 'rootAttribs.push(a);', MONACO + 'platform/theme/common/iconRegistry.js')).resolves.toBeNull();
  });
});
