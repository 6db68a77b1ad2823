/**
 * The lab table's "Save" control in the GGUF column: a row whose recipe is one llama.cpp format (or the float
 * model) is written by the core's exportGguf in the page and saved through a Blob and an <a download>,
 * the same bytes `quantcourse gguf export --scheme S` writes. A row of the learner's own quantizeBlocks at a
 * setting that is a ggml type (blocks of 32: symmetric 4/5/8-bit, asymmetric 4/5-bit) writes the blocks their
 * code returned in that run, code for code, by the core's exportLearnerGguf (what `quantcourse gguf export
 * --learner` writes). Other rows say in a few words why not.
 */
import { learnerGgmlType, learnerSettingText, type LearnerSetting } from '../../core/model/gguf-learner-type.ts';
import type { QuantRecipe } from '../../core/model/recipe.ts';
import type { Model } from '../../core/model/weights.ts';
import type { Replacements } from '../../lab/index.ts';
import { h } from '../shared/dom.ts';
import { button } from '../shared/controls.ts';
import { kb } from './format.ts';

/** The blocks a learner's quantizeBlocks returned in a row's run, by matrix. */
export type LearnerBlocks = ReadonlyMap<string, readonly { values: number[]; scale: number; zero: number }[]>;

/**
 * The export scheme ("f32", "q4_0", …) of a row; or, for the learner's row, the ggml type, its setting, the
 * blocks their code returned and the row's dequantized matrices (to say what float16 scales changed); or why
 * the row has no GGUF form.
 */
export type GgufForm =
  | { scheme: string }
  | { learner: { type: string; setting: LearnerSetting; blocks: LearnerBlocks; replace: Replacements } }
  | { why: string };

// Loaded on the first click only: the exporter brings the quantizers, which the page otherwise leaves to the workers.
const loadExporter = () => Promise.all([import('../../core/model/gguf-export.ts'), import('../../core/floats/half.ts')]);
const loadLearnerExporter = () => Promise.all([import('../../core/model/gguf-learner.ts'), import('../../core/gguf/index.ts')]);

/**
 * The GGUF form of a recipe: float → f32, one ggml type → that type (EXPORT_SCHEMES is f32 and every
 * ggml type, so both always export); the learner's integer blocks → the ggml type their setting is, with the
 * blocks their run returned (`run`); anything llama.cpp has no single type for, a reason.
 */
export function ggufFormOf(recipe: QuantRecipe, learner: boolean, run?: { blocks?: LearnerBlocks; replace: Replacements }): GgufForm {
  if (recipe.overrides && Object.keys(recipe.overrides).length) return { why: 'mixed types: no one ggml type' };
  if (recipe.outlierFraction) return { why: 'GGUF has no outlier table' };
  const s = recipe.scheme;
  if (learner) {
    if (s.kind !== 'int') return { why: 'your quantizer: no ggml type' };
    const setting: LearnerSetting = { bits: s.bits, blockSize: s.blockSize, scheme: s.scheme };
    const g = learnerGgmlType(setting);
    if ('why' in g) return { why: `your quantizer at ${g.why}` };
    if (!run?.blocks) return { why: 'your quantizer: its blocks were not kept' };
    return { learner: { type: g.type, setting, blocks: run.blocks, replace: run.replace } };
  }
  if (s.kind === 'float') return { scheme: 'f32' };
  if (s.kind === 'ggml') return { scheme: s.type };
  return { why: 'no ggml type for these blocks' };
}

/** Hand `bytes` to the browser as a download named `fileName`. */
function saveBytes(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const a = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: the browser reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The learner's row written and saved; the report says the type, that scales were rounded to float16, and the
 * largest change that made to a weight (the file read back by the core against the row's own matrices).
 */
async function saveLearner(model: Model, form: Extract<GgufForm, { learner: unknown }>['learner'], fileName: string): Promise<string> {
  const [[{ exportLearnerGguf }, { bytesSource, readGguf, readTensorValues }], [{ exportSourceOf }, { f32ToF16Bits }]] = await Promise.all([loadLearnerExporter(), loadExporter()]);
  const e = exportLearnerGguf(exportSourceOf(model), form.setting, form.blocks as Map<string, { values: number[]; scale: number; zero: number }[]>, f32ToF16Bits);
  saveBytes(e.bytes, fileName);
  const file = await readGguf(bytesSource(e.bytes));
  let most = 0, largest = 0;
  for (const t of file.tensors) {
    const row = form.replace[t.name];
    if (!row) continue;
    const got = await readTensorValues(bytesSource(e.bytes), t);
    for (let i = 0; i < got.length; i++) {
      most = Math.max(most, Math.abs(got[i]! - row[i]!));
      largest = Math.max(largest, Math.abs(row[i]!));
    }
  }
  const T = e.type.toUpperCase();
  return `Saved ${fileName} (${kb(e.bytes.length)}): your quantizeBlocks' blocks at ${learnerSettingText(form.setting)}, code for code, as ${T}. `
    + `${T} stores each block's scale${T.endsWith('_1') ? ' and minimum' : ''} as float16, so the file holds your codes times scales rounded to float16: `
    + `no weight moved by more than ${most.toPrecision(2)} (the largest weight is ${largest.toPrecision(2)}). `
    + '`quantcourse gguf export --learner` measures what that does to perplexity.';
}

/** The cell for a row: a button that saves quantcourse-lab-<scheme>.gguf, or a short note why there is none. */
export function downloadCell(model: Model, form: GgufForm, name: string, report: (text: string) => void): HTMLTableCellElement {
  // A dash in view and the reason for screen readers and on hover: the table must fit a desktop column.
  if ('why' in form) return h('td', { class: 'ml-note', 'data-role': 'gguf-none', title: form.why }, h('span', { 'aria-hidden': 'true' }, '—'), h('span', { class: 'visually-hidden' }, form.why));
  const given = form; // a const keeps the narrowing inside save()
  const scheme = 'learner' in given ? `learner-${given.learner.type}` : given.scheme;
  const fileName = `quantcourse-lab-${scheme}.gguf`;
  const b: HTMLButtonElement = button('Save', 'download-gguf', () => void save(), { 'aria-label': `Save ${name} as GGUF`, 'data-scheme': scheme });

  async function save(): Promise<void> {
    b.disabled = true;
    try {
      if ('learner' in given) {
        report(await saveLearner(model, given.learner, fileName));
        return;
      }
      const [{ exportGguf, exportSourceOf }, { f32ToF16Bits }] = await loadExporter();
      const t0 = performance.now();
      const e = exportGguf(exportSourceOf(model), given.scheme, f32ToF16Bits);
      // How long the main thread was busy writing it (read by the e2e test and reported, never asserted).
      b.dataset.exportMs = (performance.now() - t0).toFixed(1);
      saveBytes(e.bytes, fileName);
      const fell = e.tensors.filter((t) => t.fallback);
      const types = [...new Set(e.tensors.filter((t) => !t.fallback).map((t) => t.type))].join(' and ');
      const byType = new Map<string, string[]>();
      for (const t of fell) byType.set(t.type, [...(byType.get(t.type) ?? []), t.name]);
      report(`Saved ${fileName} (${kb(e.bytes.length)}): tensors in ${types}${fell.length
        ? `; ${fell.length} fell back, as llama-quantize does: ${[...byType].map(([type, names]) => `to ${type}, ${names.join(', ')}`).join('; ')}.`
        : ', no fallbacks.'}`);
    } catch (err) {
      report(`Could not write ${fileName}: ${(err as Error).message}`);
    } finally {
      b.disabled = false;
    }
  }
  return h('td', {}, b);
}
