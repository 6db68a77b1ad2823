/**
 * Tiny network (lessons/why-models-are-big.mdx): a 2 → 3 → 1 network with input sliders; hovering or focusing a node shows
 * its weights, bias and parameter count; a table gives memory = parameters × bytes per parameter
 * (the core's modelBytes) for this network and for real model sizes.
 */
import { modelBytes } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription } from '../shared/dom.ts';
import { choiceGroup, roleSlider, rovingFocus } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { drawNetwork, NETWORK_CSS, type NodeId } from './drawing.ts';
import { humanBytes, memoryTable } from './memory.ts';
import { forward, HIDDEN, OUTPUT, PARAMS } from './network.ts';

/** Model sizes to scale the memory table to. */
const SIZES = [
  { value: 'tiny', label: `this network (${PARAMS})`, params: PARAMS },
  { value: '9b', label: '9 billion', params: 9e9 },
  { value: '80b', label: '80 billion', params: 80e9 },
  { value: '1t', label: '1 trillion', params: 1e12 },
] as const;

const mount: MountWidget = (root) => guardedMount(root, () => {
  injectStyle('tiny-network', NETWORK_CSS);
  const x = [0.5, -0.2];
  let focus: NodeId = { layer: 'hidden', index: 0 };
  let size: (typeof SIZES)[number] = SIZES[0];

  const info = h('p', { class: 'tn-info', 'data-role': 'node-info', 'aria-live': 'off' });
  const tableSlot = h('div', { class: 'fw-scroll' });
  const drawing = drawNetwork((id) => { focus = id; render(); });
  rovingFocus(drawing.svg as unknown as HTMLElement, '.tn-node')();
  const sliders = x.map((v, i) => roleSlider({ label: `x${i + 1}`, role: `input-${i}`, min: -1, max: 1, step: 0.05, value: v, format: (n) => fmt(n, 2), onInput: (n) => { x[i] = n; render(); } }));
  const scale = choiceGroup({ label: 'Parameters', role: 'scale', value: size.value, options: SIZES.map((s) => ({ value: s.value, label: s.label })), onChange: (v) => { size = SIZES.find((s) => s.value === v)!; render(); } });

  root.append(h('div', { class: 'fw' },
    h('p', { class: 'fw-muted', style: 'margin:0' }, `2 inputs → 3 hidden neurons → 1 output: ${PARAMS} parameters (every weight and every bias).`),
    ...sliders.map((sl) => sl.el), drawing.svg, info, scale.el, tableSlot));
  const setAlt = liveDescription(root);

  /** What the focused node holds, in words. */
  function nodeText(id: NodeId, hidden: number[], out: number): string {
    if (id.layer === 'input') return `Input x${id.index + 1} = ${fmt(x[id.index]!, 2)}. Inputs are data, not parameters: 0 parameters.`;
    const u = id.layer === 'hidden' ? HIDDEN[id.index]! : OUTPUT;
    const from = id.layer === 'hidden' ? ['x1', 'x2'] : ['h1', 'h2', 'h3'];
    const ws = u.weights.map((w, i) => `${fmt(w, 2)} from ${from[i]}`).join(', ');
    const value = id.layer === 'hidden' ? `ReLU gives ${fmt(hidden[id.index]!, 3)}` : `output ${fmt(out, 3)}`;
    const name = id.layer === 'hidden' ? `Hidden neuron ${id.index + 1}` : 'The output neuron';
    return `${name}: weights ${ws}; bias ${fmt(u.bias, 2)}; ${u.weights.length + 1} parameters; ${value}.`;
  }
  function render(): void {
    const { hidden, output } = forward(x);
    drawing.update(x, hidden, output);
    for (const g of drawing.svg.querySelectorAll('.tn-node')) g.classList.toggle('tn-active', (g as SVGElement).dataset.node === `${focus.layer}-${focus.index}`);
    info.textContent = nodeText(focus, hidden, output);
    tableSlot.replaceChildren(memoryTable(size.params));
    setAlt(`Inputs ${fmt(x[0]!, 2)} and ${fmt(x[1]!, 2)} give output ${fmt(output, 3)}. ${info.textContent} ` +
      `${size.value === 'tiny' ? `These ${PARAMS} parameters take` : `A model of ${size.label} parameters takes`} ` +
      `${humanBytes(modelBytes(size.params, 16))} at 16 bits each and ${humanBytes(modelBytes(size.params, 4))} at 4 bits.`);
  }
  render();
});

export default mount;
