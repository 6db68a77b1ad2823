/**
 * The lab table's "Save" control in the GGUF column: a row whose recipe is one llama.cpp format (or the float
 * model) is written by the core's exportGguf in the page and saved through a Blob and an <a download>,
 * the same bytes `quantcourse gguf export --scheme S` writes. Other rows say in a few words why not.
 */
import type { QuantRecipe } from '../../core/model/recipe.ts';
import type { Model } from '../../core/model/weights.ts';
import { h } from '../shared/dom.ts';
import { button } from '../shared/controls.ts';
import { kb } from './format.ts';

/** The export scheme ("f32", "q4_0", …) of a row, or why the row has no GGUF form. */
export type GgufForm = { scheme: string } | { why: string };

// Loaded on the first click only: the exporter brings the quantizers, which the page otherwise leaves to the workers.
const loadExporter = () => Promise.all([import('../../core/model/gguf-export.ts'), import('../../core/floats/half.ts')]);

/**
 * The GGUF form of a recipe: float → f32, one ggml type → that type (EXPORT_SCHEMES is f32 and every
 * ggml type, so both always export); anything llama.cpp has no single type for, a reason.
 */
export function ggufFormOf(recipe: QuantRecipe, learner: boolean): GgufForm {
  if (learner) return { why: 'your quantizer: no ggml type' };
  if (recipe.overrides && Object.keys(recipe.overrides).length) return { why: 'mixed types: no one ggml type' };
  if (recipe.outlierFraction) return { why: 'GGUF has no outlier table' };
  const s = recipe.scheme;
  if (s.kind === 'float') return { scheme: 'f32' };
  if (s.kind === 'ggml') return { scheme: s.type };
  return { why: 'no ggml type for these blocks' };
}

/** The cell for a row: a button that saves quantcourse-lab-<scheme>.gguf, or a short note why there is none. */
export function downloadCell(model: Model, form: GgufForm, name: string, report: (text: string) => void): HTMLTableCellElement {
  // A dash in view and the reason for screen readers and on hover: the table must fit a desktop column.
  if ('why' in form) return h('td', { class: 'ml-note', 'data-role': 'gguf-none', title: form.why }, h('span', { 'aria-hidden': 'true' }, '—'), h('span', { class: 'visually-hidden' }, form.why));
  const scheme = form.scheme;
  const fileName = `quantcourse-lab-${scheme}.gguf`;
  const b: HTMLButtonElement = button('Save', 'download-gguf', () => void save(), { 'aria-label': `Save ${name} as GGUF`, 'data-scheme': scheme });

  async function save(): Promise<void> {
    b.disabled = true;
    try {
      const [{ exportGguf, exportSourceOf }, { f32ToF16Bits }] = await loadExporter();
      const t0 = performance.now();
      const e = exportGguf(exportSourceOf(model), scheme, f32ToF16Bits);
      // How long the main thread was busy writing it (read by the e2e test and reported, never asserted).
      b.dataset.exportMs = (performance.now() - t0).toFixed(1);
      const url = URL.createObjectURL(new Blob([e.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
      const a = h('a', { href: url, download: fileName, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      // Revoke later: the browser reads the blob after the click returns.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
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
