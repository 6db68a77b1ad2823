/** "Which matrices matter": the mean KL with one matrix at a time quantized under the chosen scheme, as a heat map. */
import { matrixSensitivity } from '../../core/model/results.ts';
import { LAYER_MATRICES } from '../../core/model/manifest.ts';
import { savedQuantizer } from '../../lab/index.ts';
import { h } from '../shared/dom.ts';
import { button } from '../shared/controls.ts';
import { NO_CODE, type LabContext } from './context.ts';
import { klText } from './format.ts';

/** The map's section and its button. */
export function mapSection(ctx: LabContext): { section: HTMLElement; buttons: HTMLButtonElement[] } {
  const mapBtn = button('Quantize one matrix at a time (current scheme)', 'map', () => void ctx.guarded(matrixMap));
  const mapBox = h('div', { class: 'ml-map', 'data-role': 'kl-map' });
  const section = h('section', { class: 'ml-section', 'aria-label': 'Which matrices matter' },
    h('p', { class: 'ml-head' }, 'Which matrices matter?'),
    h('p', {}, 'Quantize a single matrix with the scheme chosen above, keep the other eight in float32, and measure the mean KL. Repeat for each matrix.'),
    h('div', { class: 'fw-row' }, mapBtn), mapBox);

  async function matrixMap(): Promise<void> {
    const engine = ctx.engine();
    const c = ctx.currentChoice();
    const names = engine.model.manifest.linear;
    ctx.step(0, names.length + 1, `Quantizing every matrix with ${c.label}`);
    const saved = c.learner ? savedQuantizer() : null;
    if (c.learner && !saved) throw new Error(NO_CODE);
    // Every matrix is quantized once; then each is swapped in alone.
    const prepared = await engine.prepare(c.recipe, saved ? { code: saved.code } : undefined);
    const kls = (await matrixSensitivity(names, async (name, i) => {
      ctx.step(i + 1, names.length + 1, `Quantizing only ${name}`);
      const only = prepared.replace[name];
      return only ? (await engine.compare({ [name]: only })).stats.meanKl : 0;
    })).map((m) => m.meanKl);
    const max = Math.max(...kls, 1e-12);
    const cell = (name: string) => {
      const kl = kls[names.indexOf(name)]!;
      return h('td', { style: `--heat: ${(kl / max).toFixed(3)}`, 'data-matrix': name, 'data-kl': kl, title: `${name}: mean KL ${klText(kl)}` }, klText(kl));
    };
    const layers = engine.model.config.layers;
    const kinds = LAYER_MATRICES;
    mapBox.replaceChildren(
      h('div', { class: 'ml-scroll', role: 'region', tabindex: 0, 'aria-label': 'Which matrices matter: KL per matrix' }, h('table', { class: 'fw-table ml-heat' },
        h('caption', {}, `Mean KL when only one matrix is quantized (${c.label}); the other ${names.length - 1} stay float32. Darker matters more.`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Layer'), ...kinds.map((k) => h('th', { scope: 'col' }, k)))),
        h('tbody', {},
          ...Array.from({ length: layers }, (_, l) => h('tr', {}, h('th', { scope: 'row' }, `layer ${l}`), ...kinds.map((k) => cell(`blk.${l}.${k}.weight`)))),
          h('tr', {}, h('th', { scope: 'row' }, 'output'), cell('output.weight'), h('td', { colspan: kinds.length - 1 }, ''))))));
    const order = names.map((n, i) => [n, kls[i]!] as const).sort((a, b) => b[1] - a[1]);
    ctx.status.textContent = `Per-matrix map done: under ${c.label}, ${order[0]![0]} matters most (mean KL ${klText(order[0]![1])}) and ${order[order.length - 1]![0]} least (${klText(order[order.length - 1]![1])}).`;
    ctx.say(`Mean KL per matrix under ${c.label}: ${order.map(([n, k]) => `${n} ${klText(k)}`).join('; ')}.`);
  }

  return { section, buttons: [mapBtn] };
}
